import type * as Argon2 from "@node-rs/argon2";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  agentsResponse,
  cannedRepliesResponse,
  cannedReply,
  conversationResult,
} from "../../contract/api.ts";
import {
  agentAccountResponse,
  agentAccountsResponse,
  auditPage,
  invitationsResponse,
  linkInfo,
  oneTimeLink,
  sessionResponse,
  type AuditAction,
} from "../../contract/auth.ts";
import {
  BOT_APP,
  describeOnEachDatabase,
  meta,
  PAGE_ID,
  startHarness,
  TEST_ACCOUNTS,
  type Harness,
} from "../testing/harness.ts";
import { cookieSettings } from "./sessions.ts";
import { ACCOUNT_RULE, nextAllowedAt } from "./throttle.ts";

/** Every password verification the server runs, counted (the real Argon2 does the work). */
const argon = vi.hoisted(() => ({ verifies: 0 }));
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof Argon2>();
  return {
    ...real,
    verify: (...args: Parameters<typeof real.verify>) => {
      argon.verifies += 1;
      return real.verify(...args);
    },
  };
});

const ORIGIN = "http://localhost";
const EVIL = "https://evil.example";
const CONV = `${PAGE_ID}-U1`;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

type TestAgent = (typeof TEST_ACCOUNTS)[number]["id"];
const account = (id: TestAgent) => {
  const found = TEST_ACCOUNTS.find((a) => a.id === id);
  if (!found) throw new Error(`no test account ${id}`);
  return found;
};

const errorBody = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
const tokenOf = (url: string) => new URL(url).hash.replace(/^#token=/, "");

interface SendOptions {
  cookie?: string | null;
  body?: unknown;
  /** A raw body with its content type, as a cross-site form would send it. */
  raw?: { type: string; body: string };
  /** The Origin header; null sends none. */
  origin?: string | null;
  headers?: Record<string, string>;
  /** The socket's address, as @hono/node-server would report it. */
  ip?: string;
}

describeOnEachDatabase("accounts and sessions", (harness, url) => {
  let h: Harness;
  const readers: ReadableStreamDefaultReader<Uint8Array>[] = [];
  beforeEach(() => {
    h = harness();
    argon.verifies = 0;
  });
  afterEach(async () => {
    // Live streams left open would keep their loops waiting.
    await Promise.all(readers.splice(0).map((r) => r.cancel().catch(() => undefined)));
  });

  const send = (method: string, path: string, o: SendOptions = {}) => {
    const origin = o.origin === undefined ? ORIGIN : o.origin;
    const headers: Record<string, string> = {
      "content-type": o.raw?.type ?? "application/json",
      ...(origin !== null ? { origin } : {}),
      ...(o.cookie ? { cookie: o.cookie } : {}),
      ...o.headers,
    };
    const body = o.raw?.body ?? (o.body === undefined ? undefined : JSON.stringify(o.body));
    return h.baton.app.request(
      `${ORIGIN}/api${path}`,
      { method, headers, ...(body === undefined ? {} : { body }) },
      o.ip ? { incoming: { socket: { remoteAddress: o.ip } } } : {},
    );
  };
  const errorOf = async (res: Response) => errorBody.parse(await res.json()).error;

  const cookieName = () => h.baton.auth.cookie.name;
  /** The session cookie a response set, as a Cookie header (read before the body: see security-headers.test.ts). */
  const cookieFrom = (res: Response): string => {
    const set = res.headers.getSetCookie().find((c) => c.startsWith(`${cookieName()}=`));
    if (!set) throw new Error(`no ${cookieName()} cookie was set (status ${res.status})`);
    return set.split(";")[0] ?? "";
  };
  const signInRequest = (email: string, password: string, o: SendOptions = {}) =>
    send("POST", "/auth/sign-in", { ...o, body: { email, password } });
  /** Signs a test account in through the route and returns its cookie. */
  const signIn = async (id: TestAgent, o: SendOptions = {}): Promise<string> => {
    const res = await signInRequest(account(id).email, account(id).password, o);
    expect(res.status).toBe(200);
    return cookieFrom(res);
  };
  /** A session made directly in the store, for tests about what a session may do rather than how it starts. */
  const sessionCookie = async (agentId: string, via: "cookie" | "bearer" = "cookie") => {
    const { token } = await h.baton.auth.sessions.create({
      agentId,
      via,
      now: h.authClock.now().getTime(),
      ip: null,
      userAgent: null,
    });
    return via === "cookie" ? `${cookieName()}=${token}` : token;
  };
  const whoIs = async (cookie: string): Promise<string | number> => {
    const res = await send("GET", "/auth/session", { cookie });
    return res.status === 200 ? sessionResponse.parse(await res.json()).agent.id : res.status;
  };
  const adminAccount = async (id: string) => {
    const res = await h.api("GET", "/admin/agents", undefined, "ada");
    return agentAccountsResponse.parse(await res.json()).agents.find((a) => a.id === id);
  };
  /** One-time links (the harness's reset keeps them between tests: count, then compare). */
  const linkCount = async () =>
    (await h.baton.db.query<{ n: number }>("select count(*)::int as n from auth_links"))[0]?.n ?? 0;
  const auditTrail = async () =>
    auditPage.parse(await (await h.api("GET", "/admin/audit?limit=200", undefined, "ada")).json()).items;

  const now = () => h.clock.now().getTime();
  const escalate = async () => {
    expect(
      (await h.webhook(meta.batch([meta.text("U1", "c1", "Talk to a human", now(), "HUMAN")]))).status,
    ).toBe(200);
  };
  const botResolved = async () => {
    expect(
      (
        await h.webhook(
          meta.batch([
            meta.text("U1", "c1", "Hours?", now() - 2000),
            meta.echo("U1", "b1", "9 to 5", now() - 1000, BOT_APP),
          ]),
        )
      ).status,
    ).toBe(200);
  };
  const conversation = async () =>
    conversationResult.parse(await (await h.api("GET", `/conversations/${CONV}`, undefined, "maya")).json())
      .conversation;

  describe("sign-in", () => {
    it("the right password answers 200 with an httpOnly, SameSite=Lax cookie for the whole site, and the session works", async () => {
      const res = await signInRequest("sam@example.com", "sam-password-1");
      expect(res.status).toBe(200);
      const [set, ...others] = res.headers.getSetCookie();
      expect(others).toEqual([]);
      const attributes = (set ?? "").split(";").map((a) => a.trim());
      // On http://localhost the cookie cannot be Secure or __Host-: it is baton_session.
      expect(attributes[0]).toMatch(/^baton_session=[A-Za-z0-9_-]{43}$/);
      expect(attributes).toEqual(expect.arrayContaining(["HttpOnly", "SameSite=Lax", "Path=/"]));
      expect(attributes.some((a) => /^secure$/i.test(a))).toBe(false);
      expect(attributes.some((a) => /^domain=/i.test(a))).toBe(false);
      const body = sessionResponse.parse(await res.json());
      expect(body).toMatchObject({
        agent: { id: "sam", name: "Sam Lee", email: "sam@example.com", role: "agent" },
        via: "cookie",
      });
      expect(Date.parse(body.expiresAt)).toBe(
        h.authClock.now().getTime() + h.config.SESSION_MAX_HOURS * HOUR,
      );

      const session = await send("GET", "/auth/session", { cookie: attributes[0] ?? "" });
      expect(session.status).toBe(200);
      expect(sessionResponse.parse(await session.json())).toMatchObject({
        agent: { id: "sam" },
        via: "cookie",
      });
    });

    it("on an https address the cookie is __Host-baton_session and Secure", async () => {
      expect(cookieSettings(new URL("https://x.example"))).toEqual({
        name: "__Host-baton_session",
        secure: true,
      });
      expect(cookieSettings(new URL("http://localhost"))).toEqual({ name: "baton_session", secure: false });

      const secure = await startHarness(await url(), { PUBLIC_URL: "https://baton.example" });
      try {
        const res = await secure.baton.app.request("https://baton.example/api/auth/sign-in", {
          method: "POST",
          headers: { "content-type": "application/json", origin: "https://baton.example" },
          body: JSON.stringify({ email: "sam@example.com", password: "sam-password-1" }),
        });
        expect(res.status).toBe(200);
        const attributes = (res.headers.getSetCookie()[0] ?? "").split(";").map((a) => a.trim());
        expect(attributes[0]).toMatch(/^__Host-baton_session=/);
        expect(attributes).toEqual(expect.arrayContaining(["Secure", "HttpOnly", "SameSite=Lax", "Path=/"]));
        expect(attributes.some((a) => /^domain=/i.test(a))).toBe(false);
        // A cookie by the name of plain http is not a session there.
        const plain = await secure.baton.app.request("https://baton.example/api/auth/session", {
          headers: { cookie: attributes[0]?.replace("__Host-", "") ?? "" },
        });
        expect(plain.status).toBe(401);
        // Signing out clears the cookie under the same rules, or the browser would keep it.
        const out = await secure.baton.app.request("https://baton.example/api/auth/sign-out", {
          method: "POST",
          headers: { origin: "https://baton.example", cookie: attributes[0] ?? "" },
        });
        expect(out.status).toBe(204);
        const cleared = (out.headers.getSetCookie()[0] ?? "").split(";").map((a) => a.trim());
        expect(cleared).toEqual(
          expect.arrayContaining(["__Host-baton_session=", "Max-Age=0", "Path=/", "Secure"]),
        );
      } finally {
        await secure.close();
      }
    }, 120_000); // a Baton of its own on https: starting one takes a while

    it("a wrong password, an unknown email and a deactivated account get the same answer after the same work", async () => {
      expect((await h.api("PATCH", "/admin/agents/lea", { active: false }, "ada")).status).toBe(200);
      const answers = [];
      for (const [email, password] of [
        ["sam@example.com", "not-sams-password"],
        ["nobody@example.com", "not-anyones-password"],
        ["lea@example.com", "lea-password-1"],
      ] as const) {
        const before = argon.verifies;
        const res = await signInRequest(email, password);
        expect(res.headers.getSetCookie()).toEqual([]);
        // Each answer cost one Argon2 verification: an unknown email is checked against a dummy hash.
        expect(argon.verifies - before).toBe(1);
        answers.push({ status: res.status, body: await res.json() });
      }
      expect(answers[0]).toEqual({
        status: 401,
        body: {
          error: {
            code: "invalid_credentials",
            message: "That email and password do not match an active account.",
          },
        },
      });
      expect(answers[1]).toEqual(answers[0]);
      expect(answers[2]).toEqual(answers[0]);
    });

    it("a deactivated account cannot sign in with its right password, and can again once reactivated", async () => {
      expect((await h.api("PATCH", "/admin/agents/lea", { active: false }, "ada")).status).toBe(200);
      const refused = await signInRequest("lea@example.com", "lea-password-1");
      expect(refused.status).toBe(401);
      expect((await errorOf(refused)).code).toBe("invalid_credentials");
      expect((await h.api("PATCH", "/admin/agents/lea", { active: true }, "ada")).status).toBe(200);
      expect(await whoIs(await signIn("lea"))).toBe("lea");
    });

    it.each(["SAM@EXAMPLE.COM", "Sam@Example.com", "  sam@example.com  "])(
      "the email is case-insensitive and trimmed (%j)",
      async (email) => {
        const res = await signInRequest(email, "sam-password-1");
        expect(res.status).toBe(200);
        expect(await whoIs(cookieFrom(res))).toBe("sam");
      },
    );

    it("the password is not: a wrong case is a wrong password", async () => {
      expect((await signInRequest("sam@example.com", "SAM-PASSWORD-1")).status).toBe(401);
    });
  });

  describe("session fixation", () => {
    it.each<[string, () => Promise<string>]>([
      ["the agent's own earlier session", () => signIn("sam")],
      ["another agent's session on a shared computer", () => signIn("lea")],
      ["a token an attacker planted", async () => `${cookieName()}=${"A".repeat(43)}`],
    ])(
      "signing in with %s presented ends it and issues a different token",
      async (_what, presentedCookie) => {
        const presented = await presentedCookie();
        const res = await signInRequest("sam@example.com", "sam-password-1", { cookie: presented });
        expect(res.status).toBe(200);
        const issued = cookieFrom(res);
        expect(issued).not.toBe(presented);
        expect(await whoIs(presented)).toBe(401);
        expect(await whoIs(issued)).toBe("sam");
      },
    );
  });

  describe("session lifetime", () => {
    const idle = () => h.config.SESSION_IDLE_MINUTES * MINUTE;

    it.each<[string, number, string, string | number]>([
      ["a minute short of the idle limit", -MINUTE, "still stands", "sam"],
      ["a millisecond short of it", -1, "still stands", "sam"],
      ["exactly at it", 0, "has ended (401)", 401],
      ["a day after it", 24 * HOUR, "has ended (401)", 401],
    ])("without requests, %s the session %s", async (_when, offset, _outcome, expected) => {
      const cookie = await signIn("sam");
      h.authClock.advance(idle() + offset);
      expect(await whoIs(cookie)).toBe(expected);
    });

    it("activity keeps a session alive until SESSION_MAX_HOURS after sign-in, then it ends whatever the activity", async () => {
      const start = h.authClock.now().getTime();
      const end = start + h.config.SESSION_MAX_HOURS * HOUR;
      const cookie = await signIn("sam");
      // A request a little before each idle limit, again and again.
      while (h.authClock.now().getTime() + idle() - MINUTE < end) {
        h.authClock.advance(idle() - MINUTE);
        expect(await whoIs(cookie)).toBe("sam");
      }
      h.authClock.set(end - 1);
      const last = await send("GET", "/auth/session", { cookie });
      expect(last.status).toBe(200);
      // The end does not move with activity.
      expect(Date.parse(sessionResponse.parse(await last.json()).expiresAt)).toBe(end);
      h.authClock.set(end);
      expect(await whoIs(cookie)).toBe(401);
      expect((await send("GET", "/conversations", { cookie })).status).toBe(401);
    });

    it("an expired session cannot act either: a state change with its cookie is 401 and changes nothing", async () => {
      const cookie = await signIn("sam");
      h.authClock.advance(idle());
      const res = await send("POST", "/canned-replies", {
        cookie,
        body: { shortcut: "late", text: "Too late", shared: false },
      });
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe("not_signed_in");
      const [row] = await h.baton.db.query<{ n: number }>("select count(*)::int as n from canned_replies");
      expect(row?.n).toBe(0);
    });
  });

  describe("sign-out", () => {
    it("signing out ends the session: the cookie is cleared and the old cookie answers 401", async () => {
      const cookie = await signIn("sam");
      const res = await send("POST", "/auth/sign-out", { cookie });
      expect(res.status).toBe(204);
      expect(res.headers.getSetCookie()).toEqual([expect.stringMatching(/^baton_session=;.*Max-Age=0/)]);
      expect(await whoIs(cookie)).toBe(401);
      expect((await send("POST", "/auth/sign-out", { cookie })).status).toBe(401);
    });

    it("signing out everywhere ends every session of that agent, and nobody else's", async () => {
      const laptop = await signIn("sam");
      const phone = await signIn("sam");
      const lea = await signIn("lea");
      expect(laptop).not.toBe(phone);
      expect((await send("POST", "/auth/sign-out-everywhere", { cookie: laptop })).status).toBe(204);
      expect(await whoIs(laptop)).toBe(401);
      expect(await whoIs(phone)).toBe(401);
      expect(await whoIs(lea)).toBe("lea");
      expect(await auditTrail()).toContainEqual(
        expect.objectContaining({
          action: "sign_out_everywhere",
          actor: { id: "sam", name: "Sam Lee" },
          detail: { sessions: 2 },
        }),
      );
    });
  });

  describe("brute force", () => {
    /** Fails to sign in as each email once per round until the account rule locks them, waiting out each slow-down. */
    const failUntilLocked = async (emails: readonly string[]) => {
      const bodies = [];
      for (let failures = 1; failures <= ACCOUNT_RULE.lockAfter; failures++) {
        for (const email of emails) {
          const res = await signInRequest(email, "a-wrong-guess");
          expect(res.status).toBe(401);
          bodies.push(await res.json());
        }
        if (failures < ACCOUNT_RULE.lockAfter)
          h.authClock.advance(nextAllowedAt(ACCOUNT_RULE, failures, 0) ?? 0);
      }
      return bodies;
    };

    it("after 3 failures the next try waits: 429 with Retry-After, and the password is not even checked", async () => {
      for (let i = 0; i < 3; i++)
        expect((await signInRequest("sam@example.com", `guess-${i}`)).status).toBe(401);
      const before = argon.verifies;
      const waiting = await signInRequest("sam@example.com", "sam-password-1");
      expect(waiting.status).toBe(429);
      expect(waiting.headers.get("retry-after")).toBe("1");
      expect(waiting.headers.getSetCookie()).toEqual([]);
      expect(await errorOf(waiting)).toEqual({
        code: "too_many_attempts",
        message: "Too many sign-in attempts. Try again in 1 second.",
      });
      expect(argon.verifies).toBe(before);
      h.authClock.advance(999);
      expect((await signInRequest("sam@example.com", "sam-password-1")).status).toBe(429);
      h.authClock.advance(1);
      expect((await signInRequest("sam@example.com", "sam-password-1")).status).toBe(200);
    });

    it("after 10 failures the account is locked even with the right password, and an unknown email gets the very same answers", async () => {
      const bodies = await failUntilLocked(["sam@example.com", "nobody@example.com"]);
      // Every failure on the way said the same for both.
      expect(new Set(bodies.map((b) => JSON.stringify(b))).size).toBe(1);

      const known = await signInRequest("sam@example.com", "sam-password-1");
      const unknown = await signInRequest("nobody@example.com", "whatever-password");
      for (const res of [known, unknown]) {
        expect(res.status).toBe(429);
        expect(res.headers.get("retry-after")).toBe(String(ACCOUNT_RULE.lockMs / 1000));
        expect(res.headers.getSetCookie()).toEqual([]);
      }
      const [a, b] = [await known.json(), await unknown.json()];
      expect(a).toEqual({
        error: { code: "too_many_attempts", message: "Too many sign-in attempts. Try again in 15 minutes." },
      });
      expect(b).toEqual(a);

      // Other accounts are not affected; the lock ends after lockMs.
      expect(await whoIs(await signIn("lea"))).toBe("lea");
      h.authClock.advance(ACCOUNT_RULE.lockMs - 1000);
      expect((await signInRequest("sam@example.com", "sam-password-1")).status).toBe(429);
      h.authClock.advance(1000);
      expect(await whoIs(await signIn("sam"))).toBe("sam");
    });

    it("the audit log records each failure and the lock, for known and unknown emails alike", async () => {
      await failUntilLocked(["sam@example.com", "nobody@example.com"]);
      await signInRequest("sam@example.com", "sam-password-1");
      const trail = await auditTrail();
      for (const email of ["sam@example.com", "nobody@example.com"]) {
        const mine = trail.filter((e) => e.target === email);
        expect(mine.map((e) => e.action)).toEqual([
          "account_locked",
          ...Array<AuditAction>(ACCOUNT_RULE.lockAfter - 1).fill("sign_in_failed"),
        ]);
        expect(mine.every((e) => e.actor === null)).toBe(true);
      }
      // A try refused by the throttle spends nothing and is not another failure.
      expect(trail.filter((e) => e.target === "sam@example.com")).toHaveLength(ACCOUNT_RULE.lockAfter);
    });

    it("one address guessing many accounts is slowed down after 20 failures; other addresses are not", async () => {
      const attacker = "203.0.113.9";
      for (let i = 0; i < 20; i++)
        expect(
          (await signInRequest(`guess${i}@example.com`, "password-guess", { ip: attacker })).status,
        ).toBe(401);
      const fromAttacker = await signInRequest("sam@example.com", "sam-password-1", { ip: attacker });
      expect(fromAttacker.status).toBe(429);
      expect(fromAttacker.headers.get("retry-after")).toBe("1");
      // Sam, from the office, signs in: the account has no failures and the office address none either.
      expect(await whoIs(await signIn("sam", { ip: "198.51.100.4" }))).toBe("sam");
      const trail = await auditTrail();
      expect(trail.filter((e) => e.action === "sign_in_failed").every((e) => e.ip === attacker)).toBe(true);
      expect(trail).toContainEqual(
        expect.objectContaining({
          action: "sign_in",
          actor: { id: "sam", name: "Sam Lee" },
          ip: "198.51.100.4",
        }),
      );
    });

    it("a correct password clears the account's count", async () => {
      for (let i = 0; i < 2; i++)
        expect((await signInRequest("sam@example.com", `typo-${i}`)).status).toBe(401);
      await signIn("sam");
      for (let i = 0; i < 2; i++)
        expect((await signInRequest("sam@example.com", `typo-${i}`)).status).toBe(401);
      // Four failures in all, but only two since the success: no wait.
      expect((await signInRequest("sam@example.com", "sam-password-1")).status).toBe(200);
    });

    it("failures older than the window are forgotten", async () => {
      for (let i = 0; i < 2; i++)
        expect((await signInRequest("sam@example.com", `typo-${i}`)).status).toBe(401);
      h.authClock.advance(ACCOUNT_RULE.windowMs + 1);
      expect((await signInRequest("sam@example.com", "typo-again")).status).toBe(401);
      expect((await signInRequest("sam@example.com", "sam-password-1")).status).toBe(200);
    });
  });

  describe("cross-site request forgery", () => {
    interface Forgery {
      what: string;
      agent: TestAgent | null;
      method: string;
      path: (id: string) => string;
      raw: { type: string; body: string };
      /** Makes what the forgery aims at; returns its id. */
      prepare?: () => Promise<string>;
      /** What the forgery would change, read before and after it. */
      state: (cookie: string) => Promise<unknown>;
    }
    const form = (body: string) => ({ type: "application/x-www-form-urlencoded", body });
    /** A JSON body sent as text/plain: a simple request, which a cross-site form can make. */
    const plainJson = (body: unknown) => ({ type: "text/plain", body: JSON.stringify(body) });
    const cannedCount = async () =>
      (await h.baton.db.query<{ n: number }>("select count(*)::int as n from canned_replies"))[0]?.n;
    const escalated = async () => {
      await escalate();
      return "";
    };

    const forgeries: Forgery[] = [
      {
        what: "creating a canned reply",
        agent: "sam",
        method: "POST",
        path: () => "/canned-replies",
        raw: form("shortcut=phish&text=Click+evil.example&shared=false"),
        state: cannedCount,
      },
      {
        what: "deleting a canned reply",
        agent: "sam",
        method: "DELETE",
        path: (id) => `/canned-replies/${id}`,
        raw: form(""),
        prepare: async () =>
          cannedReply.parse(
            await (
              await h.api("POST", "/canned-replies", { shortcut: "hi", text: "Hello!", shared: false })
            ).json(),
          ).id,
        state: cannedCount,
      },
      {
        what: "resolving a conversation",
        agent: "sam",
        method: "POST",
        path: () => `/conversations/${CONV}/resolve`,
        raw: form(""),
        prepare: escalated,
        state: async () => (await conversation()).status,
      },
      {
        what: "replying to a customer",
        agent: "sam",
        method: "POST",
        path: () => `/conversations/${CONV}/messages`,
        raw: plainJson({ text: "Your refund is at evil.example", clientId: "forged" }),
        prepare: escalated,
        state: async () => h.graph.calls.filter((c) => c.path === "/me/messages").length,
      },
      {
        what: "signing out everywhere",
        agent: "sam",
        method: "POST",
        path: () => "/auth/sign-out-everywhere",
        raw: form(""),
        state: (cookie) => whoIs(cookie),
      },
      {
        what: "deactivating an agent",
        agent: "ada",
        method: "PATCH",
        path: () => "/admin/agents/sam",
        raw: plainJson({ active: false }),
        state: () => adminAccount("sam"),
      },
      {
        what: "making someone admin",
        agent: "ada",
        method: "PATCH",
        path: () => "/admin/agents/lea",
        raw: plainJson({ role: "admin" }),
        state: () => adminAccount("lea"),
      },
      {
        what: "inviting an admin",
        agent: "ada",
        method: "POST",
        path: () => "/admin/invitations",
        raw: plainJson({ email: "mole@evil.example", role: "admin" }),
        state: linkCount,
      },
      {
        what: "making a password reset link",
        agent: "ada",
        method: "POST",
        path: () => "/admin/agents/sam/reset-link",
        raw: form(""),
        state: linkCount,
      },
      {
        what: "signing the victim in as the attacker (login CSRF)",
        agent: null,
        method: "POST",
        path: () => "/auth/sign-in",
        raw: plainJson({ email: "lea@example.com", password: "lea-password-1" }),
        state: async () => h.baton.db.query("select id from sessions where agent_id = 'lea'"),
      },
    ];
    it.each(forgeries.map((f) => [f.what, f] as const))(
      "a cross-origin form post %s is refused with 403 and changes nothing",
      async (_what, { agent, method, path, raw, prepare, state }) => {
        const id = prepare ? await prepare() : "";
        const cookie = agent ? await sessionCookie(agent) : "";
        const before = await state(cookie);
        const res = await send(method, path(id), { cookie, raw, origin: EVIL });
        expect(res.status).toBe(403);
        expect(res.headers.getSetCookie()).toEqual([]);
        expect(await errorOf(res)).toMatchObject({ code: "cross_origin" });
        expect(await state(cookie)).toEqual(before);
      },
    );

    const create = (shortcut: string) => ({ shortcut, text: "Hello there", shared: false });

    it.each<[string, Record<string, string>]>([
      ["another site's Origin", { origin: EVIL }],
      ["an opaque Origin (null, a sandboxed frame)", { origin: "null" }],
      ["a look-alike host", { origin: "http://localhost.evil.example" }],
      ["another scheme of Baton's host", { origin: "https://localhost" }],
      ["another port of Baton's host", { origin: "http://localhost:8080" }],
      ["neither Origin nor Sec-Fetch-Site", {}],
      ["no Origin and Sec-Fetch-Site: cross-site", { "sec-fetch-site": "cross-site" }],
      ["no Origin and Sec-Fetch-Site: same-site (a sibling subdomain)", { "sec-fetch-site": "same-site" }],
      ["no Origin and Sec-Fetch-Site: none", { "sec-fetch-site": "none" }],
      [
        "Sec-Fetch-Site: same-origin next to another site's Origin",
        { origin: EVIL, "sec-fetch-site": "same-origin" },
      ],
    ])("a state change with the session cookie and %s is refused", async (_what, headers) => {
      const cookie = await sessionCookie("sam");
      const res = await send("POST", "/canned-replies", { cookie, body: create("x"), origin: null, headers });
      expect(res.status).toBe(403);
      expect((await errorOf(res)).code).toBe("cross_origin");
      expect(await cannedCount()).toBe(0);
    });

    it.each<[string, () => Promise<SendOptions>]>([
      ["with Baton's own Origin", async () => ({ cookie: await sessionCookie("sam") })],
      [
        "with Sec-Fetch-Site: same-origin and no Origin",
        async () => ({
          cookie: await sessionCookie("sam"),
          origin: null,
          headers: { "sec-fetch-site": "same-origin" },
        }),
      ],
      [
        "by an embedded host's bearer token, without cookie or Origin",
        async () => ({
          origin: null,
          headers: { authorization: `Bearer ${await sessionCookie("sam", "bearer")}` },
        }),
      ],
    ])("a state change %s is allowed", async (_what, options) => {
      const res = await send("POST", "/canned-replies", { body: create("ok"), ...(await options()) });
      expect(res.status).toBe(201);
      expect(await cannedCount()).toBe(1);
    });

    it("a bearer token does not excuse a cookie: with both and no Origin the request is refused", async () => {
      const res = await send("POST", "/canned-replies", {
        body: create("both"),
        origin: null,
        cookie: await sessionCookie("sam"),
        headers: { authorization: `Bearer ${await sessionCookie("sam", "bearer")}` },
      });
      expect(res.status).toBe(403);
      expect(await cannedCount()).toBe(0);
    });

    it("a bearer token is not a cookie session, nor a cookie a bearer session", async () => {
      const bearer = await sessionCookie("sam", "bearer");
      expect(await whoIs(`${cookieName()}=${bearer}`)).toBe(401);
      const cookie = (await sessionCookie("sam")).split("=")[1] ?? "";
      expect(
        (await send("GET", "/auth/session", { headers: { authorization: `Bearer ${cookie}` } })).status,
      ).toBe(401);
    });
  });

  describe("deactivation", () => {
    it("an admin's deactivation ends the agent's sessions at once, refuses their sign-in and drops them from the team", async () => {
      const cookie = await signIn("sam");
      const bearer = await sessionCookie("sam", "bearer");
      const res = await h.api("PATCH", "/admin/agents/sam", { active: false }, "ada");
      expect(res.status).toBe(200);
      expect(agentAccountResponse.parse(await res.json()).agent).toMatchObject({ id: "sam", active: false });
      expect(await whoIs(cookie)).toBe(401);
      expect(
        (await send("GET", "/auth/session", { headers: { authorization: `Bearer ${bearer}` } })).status,
      ).toBe(401);
      expect((await send("POST", "/conversations/x/resolve", { cookie })).status).toBe(401);
      expect((await signInRequest("sam@example.com", "sam-password-1")).status).toBe(401);
      const team = agentsResponse.parse(
        await (await h.api("GET", "/agents", undefined, "lea")).json(),
      ).agents;
      expect(team.map((a) => a.id)).not.toContain("sam");
      expect(team.map((a) => a.id)).toContain("lea");
      expect(await auditTrail()).toContainEqual(
        expect.objectContaining({
          action: "deactivated",
          actor: { id: "ada", name: "Ada Admin" },
          target: "sam",
        }),
      );
    });

    const openLive = async (cookie: string) => {
      const res = await h.baton.app.request(`${ORIGIN}/api/live`, { headers: { cookie } });
      const reader = res.status === 200 ? res.body?.getReader() : undefined;
      if (reader) readers.push(reader);
      return { res, reader };
    };
    const decoder = new TextDecoder();
    const within = async <T>(ms: number, promise: Promise<T>): Promise<T | "timeout"> => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        return await Promise.race([
          promise,
          new Promise<"timeout">((resolve) => (timer = setTimeout(() => resolve("timeout"), ms))),
        ]);
      } finally {
        clearTimeout(timer);
      }
    };
    const readHello = async (reader: ReadableStreamDefaultReader<Uint8Array>) => {
      let text = "";
      while (!text.includes("\n\n")) {
        const chunk = await within(5000, reader.read());
        if (chunk === "timeout" || chunk.done)
          throw new Error(`the stream ended or stalled before its first event: ${text}`);
        text += decoder.decode(chunk.value, { stream: true });
      }
      return JSON.parse(text.replace(/^data: /, "").trim()) as unknown;
    };
    /** Whether the stream ends (rather than stalls) within a few seconds. */
    const ends = async (reader: ReadableStreamDefaultReader<Uint8Array>) => {
      for (;;) {
        const chunk = await within(5000, reader.read());
        if (chunk === "timeout") return false;
        if (chunk.done) return true;
      }
    };

    it("the live stream of a deactivated agent closes", async () => {
      const sam = await openLive(await signIn("sam"));
      const lea = await openLive(await signIn("lea"));
      expect(sam.res.status).toBe(200);
      if (!sam.reader || !lea.reader) throw new Error("a live stream has no body");
      expect(await readHello(sam.reader)).toMatchObject({ type: "hello" });
      expect(await readHello(lea.reader)).toMatchObject({ type: "hello" });
      expect((await h.api("PATCH", "/admin/agents/sam", { active: false }, "ada")).status).toBe(200);
      expect(await ends(sam.reader)).toBe(true);
      // Lea's stream stays open: reading it now would wait for the next event.
      expect(await within(200, lea.reader.read())).toBe("timeout");
    });

    it("signing out closes that session's live streams", async () => {
      const cookie = await signIn("sam");
      const { reader } = await openLive(cookie);
      if (!reader) throw new Error("the live stream has no body");
      await readHello(reader);
      expect((await send("POST", "/auth/sign-out", { cookie })).status).toBe(204);
      expect(await ends(reader)).toBe(true);
    });

    it("one session holds at most LIVE_STREAMS_PER_SESSION live streams; the next answers 429", async () => {
      const cookie = await signIn("sam");
      const limit = h.config.LIVE_STREAMS_PER_SESSION;
      for (let i = 0; i < limit; i++) expect((await openLive(cookie)).res.status).toBe(200);
      const over = await openLive(cookie);
      expect(over.res.status).toBe(429);
      expect((await errorOf(over.res)).code).toBe("too_many_streams");
      // Another session of the same agent (another browser) has its own allowance.
      expect((await openLive(await signIn("sam"))).res.status).toBe(200);
      // Closing a tab frees its place.
      await readers[0]?.cancel();
      await expect.poll(async () => (await openLive(cookie)).res.status).toBe(200);
    });

    const adminRules: {
      rule: string;
      actor: TestAgent;
      target: string;
      change: Record<string, unknown>;
      status: number;
      code: string;
    }[] = [
      {
        rule: "an admin cannot deactivate themselves",
        actor: "ada",
        target: "ada",
        change: { active: false },
        status: 400,
        code: "self",
      },
      {
        rule: "the last admin cannot make themselves manager",
        actor: "ada",
        target: "ada",
        change: { role: "manager" },
        status: 409,
        code: "last_admin",
      },
      {
        rule: "the last admin cannot make themselves agent",
        actor: "ada",
        target: "ada",
        change: { role: "agent" },
        status: 409,
        code: "last_admin",
      },
      {
        rule: "a manager cannot make themselves admin",
        actor: "maya",
        target: "maya",
        change: { role: "admin" },
        status: 403,
        code: "forbidden",
      },
      {
        rule: "a manager cannot deactivate an agent",
        actor: "maya",
        target: "sam",
        change: { active: false },
        status: 403,
        code: "forbidden",
      },
      {
        rule: "an agent cannot deactivate an admin",
        actor: "sam",
        target: "ada",
        change: { active: false },
        status: 403,
        code: "forbidden",
      },
      {
        rule: "an unknown agent cannot be changed",
        actor: "ada",
        target: "ag_nobody",
        change: { active: false },
        status: 404,
        code: "not_found",
      },
    ];
    it.each(adminRules.map((r) => [r.rule, r.status, r.code, r] as const))(
      "%s (%i %s)",
      async (_rule, _status, _code, { actor, target, change, status, code }) => {
        const res = await h.api("PATCH", `/admin/agents/${target}`, change, actor);
        expect(res.status).toBe(status);
        expect((await errorOf(res)).code).toBe(code);
        const accounts = agentAccountsResponse.parse(
          await (await h.api("GET", "/admin/agents", undefined, "ada")).json(),
        ).agents;
        expect(accounts.map((a) => [a.id, a.role, a.active]).sort()).toEqual([
          ["ada", "admin", true],
          ["lea", "agent", true],
          ["maya", "manager", true],
          ["sam", "agent", true],
        ]);
      },
    );

    it("with a second admin, an admin may step down, and then the other one is the last", async () => {
      expect((await h.api("PATCH", "/admin/agents/maya", { role: "admin" }, "ada")).status).toBe(200);
      expect((await h.api("PATCH", "/admin/agents/ada", { role: "manager" }, "ada")).status).toBe(200);
      // Ada's session now has a manager's rights, at once.
      expect((await h.api("GET", "/admin/agents", undefined, "ada")).status).toBe(403);
      const last = await h.api("PATCH", "/admin/agents/maya", { role: "agent" }, "maya");
      expect(last.status).toBe(409);
      expect((await errorOf(last)).code).toBe("last_admin");
    });
  });

  describe("first admin (setup)", () => {
    const setupBody = (token: string, email = "root@example.com") => ({
      token,
      name: "Rita Root",
      email,
      password: "a-long-root-password",
    });
    const status = async () =>
      z.object({ setupRequired: z.boolean() }).parse(await (await send("GET", "/auth/status")).json());

    it("with no admin, the status says so and the setup link creates the first admin exactly once", async () => {
      await h.baton.db.query("delete from agents where id = 'ada'");
      expect(await status()).toMatchObject({ setupRequired: true });
      const link = await h.baton.auth.setupLink();
      expect(link).toMatch(/^http:\/\/localhost\/setup#token=[A-Za-z0-9_-]{43}$/);
      const token = tokenOf(link ?? "");

      const info = await send("POST", "/auth/link", { body: { token } });
      expect(linkInfo.parse(await info.json())).toMatchObject({ kind: "setup", email: null, role: null });

      const res = await send("POST", "/auth/setup", { body: setupBody(token) });
      expect(res.status).toBe(201);
      const cookie = cookieFrom(res);
      expect(sessionResponse.parse(await res.json()).agent).toMatchObject({
        name: "Rita Root",
        email: "root@example.com",
        role: "admin",
      });
      expect((await send("GET", "/admin/agents", { cookie })).status).toBe(200);
      expect(await status()).toMatchObject({ setupRequired: false });

      const again = await send("POST", "/auth/setup", { body: setupBody(token, "second@example.com") });
      expect(again.status).toBe(404);
      expect((await errorOf(again)).code).toBe("link_invalid");
      expect((await send("POST", "/auth/link", { body: { token } })).status).toBe(404);
      expect(await h.baton.auth.setupLink()).toBeNull();
      const trail = auditPage.parse(await (await send("GET", "/admin/audit", { cookie })).json()).items;
      expect(trail).toContainEqual(
        expect.objectContaining({ action: "setup", actor: expect.objectContaining({ name: "Rita Root" }) }),
      );
    });

    it("once an admin exists, setup is refused, even with a link made before", async () => {
      expect(await status()).toMatchObject({ setupRequired: false });
      expect(await h.baton.auth.setupLink()).toBeNull();
      await h.baton.db.query("update agents set role = 'manager' where id = 'ada'");
      const token = tokenOf((await h.baton.auth.setupLink()) ?? "");
      await h.baton.db.query("update agents set role = 'admin' where id = 'ada'");
      const res = await send("POST", "/auth/setup", { body: setupBody(token) });
      expect(res.status).toBe(409);
      expect((await errorOf(res)).code).toBe("setup_done");
      expect((await send("POST", "/auth/link", { body: { token } })).status).toBe(404);
      expect(await adminAccount("ada")).toMatchObject({ role: "admin" });
      expect((await h.baton.db.query("select 1 from agents where email = 'root@example.com'")).length).toBe(
        0,
      );
    });

    it("a made-up or malformed setup token is refused", async () => {
      await h.baton.db.query("update agents set role = 'manager' where id = 'ada'");
      await h.baton.auth.setupLink();
      const madeUp = await send("POST", "/auth/setup", { body: setupBody("B".repeat(43)) });
      expect(madeUp.status).toBe(404);
      expect((await send("POST", "/auth/setup", { body: setupBody("short") })).status).toBe(400);
      expect((await h.baton.db.query("select 1 from agents where email = 'root@example.com'")).length).toBe(
        0,
      );
    });

    it("another kind of one-time link does not set up an admin, and is not used up trying", async () => {
      const invitation = await h.api(
        "POST",
        "/admin/invitations",
        { email: "nia@example.com", role: "agent" },
        "ada",
      );
      const token = tokenOf(oneTimeLink.parse(await invitation.json()).url);
      await h.baton.db.query("update agents set role = 'manager' where id = 'ada'");
      for (const email of ["root@example.com", "sam@example.com"]) {
        const res = await send("POST", "/auth/setup", { body: setupBody(token, email) });
        expect(res.status).toBe(404);
        expect((await errorOf(res)).code).toBe("link_invalid");
      }
      const accepted = await send("POST", "/auth/accept-invite", {
        body: { token, name: "Nia New", password: "nias-long-password" },
      });
      expect(accepted.status).toBe(201);
      expect(sessionResponse.parse(await accepted.json()).agent).toMatchObject({
        email: "nia@example.com",
        role: "agent",
      });
    });

    it("a setup refused because the email is taken leaves the link usable", async () => {
      await h.baton.db.query("update agents set role = 'manager' where id = 'ada'");
      const token = tokenOf((await h.baton.auth.setupLink()) ?? "");
      const taken = await send("POST", "/auth/setup", { body: setupBody(token, "SAM@example.com") });
      expect(taken.status).toBe(409);
      expect((await errorOf(taken)).code).toBe("email_taken");
      expect((await send("POST", "/auth/setup", { body: setupBody(token) })).status).toBe(201);
    });
  });

  describe("invitations", () => {
    const invite = async (email: string, role: "agent" | "manager" | "admin" = "manager") => {
      const res = await h.api("POST", "/admin/invitations", { email, role }, "ada");
      expect(res.status).toBe(201);
      return oneTimeLink.parse(await res.json());
    };
    const accept = (token: string) =>
      send("POST", "/auth/accept-invite", {
        body: { token, name: "Nia New", password: "nias-long-password" },
      });

    it("an admin invites with an email and a role; the link tells what it is for; accepting creates that account and signs in", async () => {
      const link = await invite("New@Example.com", "manager");
      expect(link).toMatchObject({
        url: expect.stringMatching(/^http:\/\/localhost\/invite#token=[A-Za-z0-9_-]{43}$/),
        emailed: false,
      });
      const token = tokenOf(link.url);
      const info = linkInfo.parse(await (await send("POST", "/auth/link", { body: { token } })).json());
      expect(info).toEqual({
        kind: "invite",
        email: "new@example.com",
        role: "manager",
        expiresAt: link.expiresAt,
      });

      const res = await accept(token);
      expect(res.status).toBe(201);
      const cookie = cookieFrom(res);
      expect(sessionResponse.parse(await res.json()).agent).toMatchObject({
        name: "Nia New",
        email: "new@example.com",
        role: "manager",
      });
      expect((await send("GET", "/conversations", { cookie })).status).toBe(200);
      expect((await send("GET", "/admin/agents", { cookie })).status).toBe(403);
      expect((await signInRequest("new@example.com", "nias-long-password")).status).toBe(200);
      const trail = await auditTrail();
      expect(trail).toContainEqual(
        expect.objectContaining({
          action: "invite",
          actor: { id: "ada", name: "Ada Admin" },
          target: "new@example.com",
          detail: { role: "manager" },
        }),
      );
      expect(trail).toContainEqual(
        expect.objectContaining({
          action: "invite_accepted",
          actor: expect.objectContaining({ name: "Nia New" }),
        }),
      );
    });

    it.each<[string, (token: string, email: string) => Promise<void>]>([
      [
        "used already",
        async (token) => {
          expect((await accept(token)).status).toBe(201);
        },
      ],
      [
        "revoked",
        async () => {
          const [pending] = invitationsResponse.parse(
            await (await h.api("GET", "/admin/invitations", undefined, "ada")).json(),
          ).invitations;
          expect(
            (await h.api("DELETE", `/admin/invitations/${pending?.id ?? "none"}`, undefined, "ada")).status,
          ).toBe(204);
        },
      ],
      [
        "replaced by a newer invitation to the same email",
        async (_token, email) => {
          await invite(email, "agent");
        },
      ],
      [
        "expired",
        async () => {
          h.authClock.advance(7 * 24 * HOUR);
        },
      ],
    ])("an invitation %s is refused (404 link_invalid)", async (_what, spoil) => {
      const email = "late@example.com";
      const token = tokenOf((await invite(email)).url);
      await spoil(token, email);
      const info = await send("POST", "/auth/link", { body: { token } });
      expect(info.status).toBe(404);
      const res = await accept(token);
      expect(res.status).toBe(404);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect((await errorOf(res)).code).toBe("link_invalid");
    });

    it.each(["sam@example.com", "SAM@EXAMPLE.COM"])(
      "inviting an existing email (%s) is refused with 409",
      async (email) => {
        const before = await linkCount();
        const res = await h.api("POST", "/admin/invitations", { email, role: "admin" }, "ada");
        expect(res.status).toBe(409);
        expect((await errorOf(res)).code).toBe("email_taken");
        expect(await linkCount()).toBe(before);
      },
    );

    it.each<TestAgent>(["sam", "maya"])("only an admin invites: %s is refused", async (who) => {
      const before = await linkCount();
      const res = await h.api(
        "POST",
        "/admin/invitations",
        { email: "friend@example.com", role: "admin" },
        who,
      );
      expect(res.status).toBe(403);
      expect(await linkCount()).toBe(before);
    });
  });

  describe("password reset", () => {
    const resetLink = async (agentId: string) => {
      const res = await h.api("POST", `/admin/agents/${agentId}/reset-link`, undefined, "ada");
      expect(res.status).toBe(201);
      return oneTimeLink.parse(await res.json());
    };
    const reset = (token: string, o: SendOptions = {}) =>
      send("POST", "/auth/reset-password", { ...o, body: { token, password: "sams-brand-new-password" } });

    it("a reset link sets the new password, ends the agent's other sessions, and the old password stops working", async () => {
      const laptop = await signIn("sam");
      const phone = await signIn("sam");
      const lea = await signIn("lea");
      const link = await resetLink("sam");
      expect(link.url).toMatch(/^http:\/\/localhost\/reset-password#token=[A-Za-z0-9_-]{43}$/);
      const token = tokenOf(link.url);
      expect(
        linkInfo.parse(await (await send("POST", "/auth/link", { body: { token } })).json()),
      ).toMatchObject({ kind: "reset", email: "sam@example.com" });

      const res = await reset(token, { cookie: laptop });
      expect(res.status).toBe(200);
      const fresh = cookieFrom(res);
      expect(await whoIs(fresh)).toBe("sam");
      expect(await whoIs(laptop)).toBe(401);
      expect(await whoIs(phone)).toBe(401);
      expect(await whoIs(lea)).toBe("lea");
      expect((await signInRequest("sam@example.com", "sam-password-1")).status).toBe(401);
      expect((await signInRequest("sam@example.com", "sams-brand-new-password")).status).toBe(200);

      const again = await reset(token);
      expect(again.status).toBe(404);
      expect((await errorOf(again)).code).toBe("link_invalid");
      expect(await auditTrail()).toContainEqual(
        expect.objectContaining({
          action: "password_reset",
          actor: { id: "sam", name: "Sam Lee" },
          target: "sam",
        }),
      );
    });

    it.each<[string, () => Promise<string>]>([
      [
        "of an agent deactivated since",
        async () => {
          const token = tokenOf((await resetLink("sam")).url);
          expect((await h.api("PATCH", "/admin/agents/sam", { active: false }, "ada")).status).toBe(200);
          return token;
        },
      ],
      [
        "replaced by a newer one",
        async () => {
          const token = tokenOf((await resetLink("sam")).url);
          await resetLink("sam");
          return token;
        },
      ],
      [
        "older than an hour",
        async () => {
          const token = tokenOf((await resetLink("sam")).url);
          h.authClock.advance(HOUR);
          return token;
        },
      ],
    ])("a reset link %s is refused and the password stays", async (_what, spoiled) => {
      const res = await reset(await spoiled());
      expect(res.status).toBe(404);
      expect(res.headers.getSetCookie()).toEqual([]);
      const [row] = await h.baton.db.query<{ n: number }>(
        "select count(*)::int as n from sessions where agent_id = 'sam'",
      );
      expect(row?.n).toBe(0);
      await h.baton.db.query("update agents set active = true where id = 'sam'");
      expect((await signInRequest("sam@example.com", "sam-password-1")).status).toBe(200);
    });

    it("no reset link is made for a deactivated agent, and only an admin makes one", async () => {
      const before = await linkCount();
      expect((await h.api("PATCH", "/admin/agents/sam", { active: false }, "ada")).status).toBe(200);
      const res = await h.api("POST", "/admin/agents/sam/reset-link", undefined, "ada");
      expect(res.status).toBe(409);
      expect((await errorOf(res)).code).toBe("deactivated");
      expect((await h.api("POST", "/admin/agents/lea/reset-link", undefined, "maya")).status).toBe(403);
      expect(await linkCount()).toBe(before);
    });
  });

  describe("roles through the API", () => {
    const assignee = async () => (await conversation()).assignee?.id ?? null;

    const assignRules: {
      rule: string;
      actor: TestAgent;
      before: TestAgent | null;
      to: string | null;
      status: number;
      after: string | null;
    }[] = [
      {
        rule: "an agent cannot assign to someone else",
        actor: "sam",
        before: null,
        to: "lea",
        status: 403,
        after: null,
      },
      {
        rule: "an agent cannot move a colleague's conversation to someone else",
        actor: "sam",
        before: "lea",
        to: "maya",
        status: 403,
        after: "lea",
      },
      {
        rule: "an agent cannot unassign a colleague",
        actor: "sam",
        before: "lea",
        to: null,
        status: 403,
        after: "lea",
      },
      {
        rule: "an agent can assign to themselves",
        actor: "sam",
        before: null,
        to: "sam",
        status: 200,
        after: "sam",
      },
      {
        rule: "an agent can unassign their own",
        actor: "sam",
        before: "sam",
        to: null,
        status: 200,
        after: null,
      },
      {
        rule: "a manager can assign to anyone",
        actor: "maya",
        before: null,
        to: "lea",
        status: 200,
        after: "lea",
      },
      { rule: "a manager can reassign", actor: "maya", before: "lea", to: "sam", status: 200, after: "sam" },
      {
        rule: "a manager can unassign anyone",
        actor: "maya",
        before: "sam",
        to: null,
        status: 200,
        after: null,
      },
      {
        rule: "nobody assigns to an unknown agent",
        actor: "maya",
        before: null,
        to: "ag_nobody",
        status: 422,
        after: null,
      },
    ];
    it.each(assignRules.map((r) => [r.rule, r.status, r] as const))(
      "%s (%i)",
      async (_rule, _status, { actor, before, to, status, after }) => {
        await escalate();
        if (before)
          expect(
            (await h.api("POST", `/conversations/${CONV}/assign`, { agentId: before }, "maya")).status,
          ).toBe(200);
        const res = await h.api("POST", `/conversations/${CONV}/assign`, { agentId: to }, actor);
        expect(res.status).toBe(status);
        expect(await assignee()).toBe(after);
      },
    );

    it("assigning to a deactivated agent is refused with 400, for a manager as well", async () => {
      await escalate();
      expect((await h.api("PATCH", "/admin/agents/lea", { active: false }, "ada")).status).toBe(200);
      for (const who of ["maya", "ada"] as const) {
        const res = await h.api("POST", `/conversations/${CONV}/assign`, { agentId: "lea" }, who);
        expect(res.status).toBe(400);
        expect((await errorOf(res)).code).toBe("invalid_assignee");
      }
      expect(await assignee()).toBeNull();
    });

    it("an agent cannot reopen a conversation the bot resolved; a manager can", async () => {
      await botResolved();
      expect((await conversation()).status).toBe("bot_resolved");
      const refused = await h.api("POST", `/conversations/${CONV}/reopen`, undefined, "sam");
      expect(refused.status).toBe(403);
      expect((await errorOf(refused)).code).toBe("forbidden");
      expect((await conversation()).status).toBe("bot_resolved");
      expect((await auditTrail()).filter((e) => e.action === "reopen")).toEqual([]);
      expect((await h.api("POST", `/conversations/${CONV}/reopen`, undefined, "maya")).status).toBe(200);
      expect((await conversation()).status).toBe("open");
    });

    it("an agent can reopen what a person resolved", async () => {
      await escalate();
      expect((await h.api("POST", `/conversations/${CONV}/resolve`, undefined, "lea")).status).toBe(200);
      expect((await conversation()).status).toBe("resolved");
      expect((await h.api("POST", `/conversations/${CONV}/reopen`, undefined, "sam")).status).toBe(200);
      expect((await conversation()).status).toBe("open");
    });

    describe("canned replies", () => {
      const create = async (who: TestAgent, shortcut: string, shared: boolean) => {
        const res = await h.api(
          "POST",
          "/canned-replies",
          { shortcut, text: `Text of ${shortcut}`, shared },
          who,
        );
        expect(res.status).toBe(201);
        return cannedReply.parse(await res.json());
      };
      const listOf = async (who: TestAgent) =>
        cannedRepliesResponse.parse(await (await h.api("GET", "/canned-replies", undefined, who)).json())
          .replies;

      it("an agent creates, edits and deletes their personal canned replies", async () => {
        const mine = await create("sam", "thanks", false);
        expect(mine).toMatchObject({ shortcut: "thanks", shared: false });
        const edited = await h.api(
          "PUT",
          `/canned-replies/${mine.id}`,
          { shortcut: "thx", text: "Thank you!", shared: false },
          "sam",
        );
        expect(edited.status).toBe(200);
        expect(cannedReply.parse(await edited.json())).toMatchObject({
          id: mine.id,
          shortcut: "thx",
          text: "Thank you!",
          shared: false,
        });
        expect((await h.api("DELETE", `/canned-replies/${mine.id}`, undefined, "sam")).status).toBe(204);
        expect(await listOf("sam")).toEqual([]);
      });

      it.each<[string, (ids: { shared: string; mine: string }) => Promise<Response>]>([
        [
          "create a shared reply",
          () => h.api("POST", "/canned-replies", { shortcut: "team", text: "For all", shared: true }, "sam"),
        ],
        [
          "edit a shared reply",
          ({ shared }) =>
            h.api(
              "PUT",
              `/canned-replies/${shared}`,
              { shortcut: "hello", text: "Edited by sam", shared: true },
              "sam",
            ),
        ],
        [
          "turn a shared reply into their own",
          ({ shared }) =>
            h.api(
              "PUT",
              `/canned-replies/${shared}`,
              { shortcut: "hello", text: "Mine now", shared: false },
              "sam",
            ),
        ],
        [
          "share their own reply with the team",
          ({ mine }) =>
            h.api(
              "PUT",
              `/canned-replies/${mine}`,
              { shortcut: "mine", text: "For all", shared: true },
              "sam",
            ),
        ],
        [
          "delete a shared reply",
          ({ shared }) => h.api("DELETE", `/canned-replies/${shared}`, undefined, "sam"),
        ],
      ])("an agent cannot %s (403)", async (_rule, run) => {
        const shared = await create("maya", "hello", true);
        const mine = await create("sam", "mine", false);
        const before = await listOf("sam");
        const res = await run({ shared: shared.id, mine: mine.id });
        expect(res.status).toBe(403);
        expect((await errorOf(res)).code).toBe("forbidden");
        expect(await listOf("sam")).toEqual(before);
      });

      it("an agent never sees another agent's personal replies: not listed, and 404 to edit or delete", async () => {
        const sams = await create("sam", "secret", false);
        expect((await listOf("lea")).map((r) => r.id)).not.toContain(sams.id);
        for (const who of ["lea", "maya", "ada"] as const) {
          const edit = await h.api(
            "PUT",
            `/canned-replies/${sams.id}`,
            { shortcut: "stolen", text: "Stolen", shared: false },
            who,
          );
          expect(edit.status).toBe(404);
          expect((await h.api("DELETE", `/canned-replies/${sams.id}`, undefined, who)).status).toBe(404);
        }
        expect(await listOf("sam")).toEqual([sams]);
      });

      it("a manager manages the shared replies, which every agent sees", async () => {
        const shared = await create("maya", "hours", true);
        expect(await listOf("sam")).toEqual([shared]);
        const edited = await h.api(
          "PUT",
          `/canned-replies/${shared.id}`,
          { shortcut: "hours", text: "9 to 5, Monday to Friday", shared: true },
          "maya",
        );
        expect(edited.status).toBe(200);
        expect((await listOf("lea"))[0]).toMatchObject({ text: "9 to 5, Monday to Friday", shared: true });
        expect((await h.api("DELETE", `/canned-replies/${shared.id}`, undefined, "maya")).status).toBe(204);
        expect(await listOf("sam")).toEqual([]);
      });
    });
  });

  describe("audit log", () => {
    it("conversation actions, role changes and sign-ins are recorded with actor and target, newest first", async () => {
      await escalate();
      const act = async (path: string, who: TestAgent, body?: unknown) =>
        expect((await h.api("POST", `/conversations/${CONV}/${path}`, body, who)).status).toBe(200);
      await act("assign", "sam", { agentId: "sam" });
      await act("take-control", "sam");
      await act("hand-back", "sam");
      await act("resolve", "sam");
      await act("reopen", "maya");
      expect((await h.api("PATCH", "/admin/agents/lea", { role: "manager" }, "ada")).status).toBe(200);
      await signIn("sam");

      const trail = await auditTrail();
      const sam = { id: "sam", name: "Sam Lee" };
      expect(trail.map(({ action, actor, target, detail }) => ({ action, actor, target, detail }))).toEqual([
        { action: "sign_in", actor: sam, target: "sam", detail: {} },
        {
          action: "role_changed",
          actor: { id: "ada", name: "Ada Admin" },
          target: "lea",
          detail: { from: "agent", to: "manager" },
        },
        { action: "reopen", actor: { id: "maya", name: "Maya Chen" }, target: CONV, detail: {} },
        { action: "resolve", actor: sam, target: CONV, detail: {} },
        { action: "hand_back", actor: sam, target: CONV, detail: {} },
        { action: "take_control", actor: sam, target: CONV, detail: {} },
        { action: "assign", actor: sam, target: CONV, detail: { to: "sam" } },
      ]);
      expect(trail.every((e) => !Number.isNaN(Date.parse(e.at)))).toBe(true);
    });

    it("the audit log pages by cursor", async () => {
      for (let i = 0; i < 5; i++) await signIn("sam");
      const first = auditPage.parse(
        await (await h.api("GET", "/admin/audit?limit=3", undefined, "ada")).json(),
      );
      expect(first.items).toHaveLength(3);
      const second = auditPage.parse(
        await (
          await h.api("GET", `/admin/audit?limit=3&cursor=${first.nextCursor ?? ""}`, undefined, "ada")
        ).json(),
      );
      expect(second.items).toHaveLength(2);
      expect(second.nextCursor).toBeNull();
    });

    it.each<[string, TestAgent | null, number]>([
      ["someone signed out", null, 401],
      ["an agent", "sam", 403],
      ["a manager", "maya", 403],
      ["an admin", "ada", 200],
    ])("only admins read the audit log: %s gets %i", async (_who, who, status) => {
      await signIn("sam");
      const res = await h.api("GET", "/admin/audit", undefined, who);
      expect(res.status).toBe(status);
      const text = await res.text();
      if (status !== 200) expect(text).not.toContain("sign_in");
    });
  });
});
