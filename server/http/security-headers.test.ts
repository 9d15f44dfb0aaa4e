import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { request, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signBody } from "../messenger/signature.ts";
import { meta, SECRET, startHarness, testDatabases, type Harness } from "../testing/harness.ts";

const INDEX_MARKER = "<!-- baton spa -->";

/** A built SPA in a temporary folder: an index.html and one script asset. */
function builtSpa(): string {
  const dir = mkdtempSync(join(tmpdir(), "baton-spa-"));
  writeFileSync(
    join(dir, "index.html"),
    `<!doctype html>${INDEX_MARKER}<html><head><script type="module" src="/assets/app.js"></script></head><body></body></html>`,
  );
  mkdirSync(join(dir, "assets"));
  writeFileSync(join(dir, "assets", "app.js"), "console.log('baton');\n");
  return dir;
}

/** The directives of a Content-Security-Policy header, by name. */
function directives(csp: string | null): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of (csp ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) map.set(name, values);
  }
  return map;
}

describe.each(testDatabases)("security headers and request guards on $name", ({ url }) => {
  let h: Harness;
  let spa: string;
  beforeAll(async () => {
    spa = builtSpa();
    h = await startHarness(await url(), { STATIC_DIR: spa });
  });
  beforeEach(async () => {
    await h.reset();
  });
  afterAll(async () => {
    await h.close();
    rmSync(spa, { recursive: true, force: true });
  });

  const get = (path: string, headers: Record<string, string> = {}) =>
    h.baton.app.request(`http://localhost${path}`, { headers });

  describe("the SPA's HTML", () => {
    it.each(["/", "/inbox", "/conversations/PAGE1-U1", "/setup"])(
      "%s is index.html with a strict Content-Security-Policy",
      async (path) => {
        const res = await get(path);
        expect(res.status).toBe(200);
        expect(res.headers.get("content-type")).toMatch(/^text\/html/);
        const csp = directives(res.headers.get("content-security-policy"));
        // Scripts only from Baton's own origin: no inline script, no eval, no other host.
        expect(csp.get("script-src")).toEqual(["'self'"]);
        expect(csp.get("default-src")).toEqual(["'self'"]);
        expect(csp.get("object-src")).toEqual(["'none'"]);
        expect(csp.get("base-uri")).toEqual(["'none'"]);
        expect(csp.get("form-action")).toEqual(["'self'"]);
        // Nobody may frame Baton unless embedding hosts are configured.
        expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
        expect(res.headers.get("referrer-policy")).toBe("no-referrer");
        // frame-ancestors decides; X-Frame-Options cannot name several hosts and would contradict it.
        expect(res.headers.get("x-frame-options")).toBeNull();
        expect(await res.text()).toContain(INDEX_MARKER);
      },
    );

    it("a built asset gets a policy under which it cannot run anything of its own, and is never sniffed", async () => {
      const res = await get("/assets/app.js");
      expect(res.status).toBe(200);
      const csp = directives(res.headers.get("content-security-policy"));
      expect(csp.get("default-src")).toEqual(["'none'"]);
      expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBeNull();
      expect(await res.text()).toContain("baton");
    });
  });

  it("the headers go out on the wire, not only on the Response object", async () => {
    const { port } = await h.baton.listen(0);
    const over = (path: string) =>
      new Promise<IncomingHttpHeaders>((resolve, reject) => {
        const req = request({ host: "127.0.0.1", port, path, headers: { host: "localhost" } }, (res) => {
          res.resume();
          resolve(res.headers);
        });
        req.on("error", reject);
        req.end();
      });
    const page = await over("/inbox");
    const csp = directives(String(page["content-security-policy"]));
    expect(csp.get("script-src")).toEqual(["'self'"]);
    expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
    expect(page["x-content-type-options"]).toBe("nosniff");
    expect(page["x-frame-options"]).toBeUndefined();
    const api = await over("/api/auth/status");
    expect(api["cache-control"]).toBe("no-store");
    expect(api["access-control-allow-origin"]).toBeUndefined();
  });

  describe("API answers", () => {
    it.each([
      ["a public answer", "GET", "/api/auth/status", null, 200],
      ["a refusal without a session", "GET", "/api/auth/session", null, 401],
      ["an agent's data", "GET", "/api/conversations", "sam", 200],
      ["an admin's data", "GET", "/api/admin/agents", "ada", 200],
      ["a validation error", "GET", "/api/conversations?view=nope", "sam", 400],
    ] as const)(
      "%s is JSON, never cached and never framed (%s %s)",
      async (_what, method, path, agent, status) => {
        const res = await h.api(method, path.replace(/^\/api/, ""), undefined, agent);
        expect(res.status).toBe(status);
        expect(res.headers.get("content-type")).toMatch(/^application\/json/);
        expect(res.headers.get("cache-control")).toBe("no-store");
        expect(directives(res.headers.get("content-security-policy")).get("default-src")).toEqual(["'none'"]);
        expect(res.headers.get("x-content-type-options")).toBe("nosniff");
        expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      },
    );

    it.each([
      ["GET", "/api/nope", null],
      ["GET", "/api/nope", "sam"],
      ["GET", "/api/conversations/PAGE1-U1/nope", "sam"],
      ["GET", "/api/auth/nope", null],
      ["GET", "/api/admin/nope", "ada"],
      ["POST", "/api/nope", "sam"],
      ["DELETE", "/api/conversations", "sam"],
    ] as const)(
      "an unknown API address (%s %s as %s) is a JSON 404, not the SPA's page",
      async (method, path, agent) => {
        const res = await h.api(method, path.replace(/^\/api/, ""), undefined, agent);
        expect(res.status).toBe(404);
        expect(res.headers.get("content-type")).toMatch(/^application\/json/);
        expect(res.headers.get("cache-control")).toBe("no-store");
        const text = await res.text();
        expect(text).not.toContain(INDEX_MARKER);
        expect(JSON.parse(text)).toMatchObject({ error: { code: "not_found" } });
      },
    );

    it("no Access-Control-Allow-Origin is sent when CORS_ORIGINS is not set, even to a preflight", async () => {
      const evil = { origin: "https://evil.example" };
      const plain = await get("/api/auth/status", evil);
      expect(plain.headers.get("access-control-allow-origin")).toBeNull();
      expect(plain.headers.get("access-control-allow-credentials")).toBeNull();
      const preflight = await h.baton.app.request("http://localhost/api/canned-replies", {
        method: "OPTIONS",
        headers: {
          ...evil,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
      expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
      expect(preflight.headers.get("access-control-allow-methods")).toBeNull();
    });
  });

  describe("the Host check (DNS rebinding)", () => {
    const signed = (raw: string) => ({
      "content-type": "application/json",
      "x-hub-signature-256": signBody(SECRET, raw),
    });
    const webhookBody = () =>
      JSON.stringify(
        meta.batch([meta.text("U1", "c1", "Talk to a human", h.clock.now().getTime(), "HUMAN")]),
      );

    it.each<[string, () => Response | Promise<Response>]>([
      ["the SPA", () => h.baton.app.request("http://attacker.example/")],
      ["an SPA route", () => h.baton.app.request("http://attacker.example/inbox")],
      ["a built asset", () => h.baton.app.request("http://attacker.example/assets/app.js")],
      ["the public API", () => h.baton.app.request("http://attacker.example/api/auth/status")],
      [
        "the API with a session cookie",
        async () =>
          h.baton.app.request("http://attacker.example/api/conversations", {
            headers: { cookie: await cookieOf("sam") },
          }),
      ],
      [
        "sign-in",
        () =>
          h.baton.app.request("http://attacker.example/api/auth/sign-in", {
            method: "POST",
            headers: { "content-type": "application/json", origin: "http://attacker.example" },
            body: JSON.stringify({ email: "sam@example.com", password: "sam-password-1" }),
          }),
      ],
      [
        "the webhook's handshake",
        () =>
          h.baton.app.request(
            "http://attacker.example/webhooks/messenger?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=42",
          ),
      ],
      [
        "a signed webhook",
        () => {
          const raw = webhookBody();
          return h.baton.app.request("http://attacker.example/webhooks/messenger", {
            method: "POST",
            headers: signed(raw),
            body: raw,
          });
        },
      ],
      ["another port of localhost", () => h.baton.app.request("http://localhost:8080/api/auth/status")],
      [
        "the loopback address when PUBLIC_URL names localhost",
        () => h.baton.app.request("http://127.0.0.1/api/auth/status"),
      ],
    ])("%s answers 421 for another host", async (_what, send) => {
      const res = await send();
      expect(res.status).toBe(421);
      expect(res.headers.getSetCookie()).toEqual([]);
      expect(await res.json()).toMatchObject({ error: { code: "wrong_host" } });
      const [stored] = await h.baton.db.query<{ n: number }>("select count(*)::int as n from conversations");
      expect(stored?.n).toBe(0);
    });

    it("/healthz answers on any host, for load balancers that probe by address", async () => {
      for (const origin of ["http://attacker.example", "http://10.0.0.7:3000", "http://localhost"]) {
        const res = await h.baton.app.request(`${origin}/healthz`);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ ok: true, database: "up", draining: false });
      }
    });

    it("Baton's own host is served", async () => {
      expect((await get("/")).status).toBe(200);
      expect((await get("/api/auth/status")).status).toBe(200);
      const raw = webhookBody();
      expect(
        (
          await h.baton.app.request("http://localhost/webhooks/messenger", {
            method: "POST",
            headers: signed(raw),
            body: raw,
          })
        ).status,
      ).toBe(200);
    });
  });

  /** A cookie header with a fresh session of a test account. */
  async function cookieOf(agent: string): Promise<string> {
    const token = (
      await h.baton.auth.sessions.create({
        agentId: agent,
        via: "cookie",
        now: h.authClock.now().getTime(),
        ip: null,
        userAgent: null,
      })
    ).token;
    return `${h.baton.auth.cookie.name}=${token}`;
  }
});

describe.each(testDatabases)("CORS when CORS_ORIGINS is set, on $name", ({ url }) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness(await url(), { CORS_ORIGINS: "https://app.example" });
  });
  afterAll(async () => {
    await h.close();
  });

  it("only the configured origin is allowed, with credentials", async () => {
    const allowed = await h.baton.app.request("http://localhost/api/auth/status", {
      headers: { origin: "https://app.example" },
    });
    expect(allowed.headers.get("access-control-allow-origin")).toBe("https://app.example");
    expect(allowed.headers.get("access-control-allow-credentials")).toBe("true");
    const other = await h.baton.app.request("http://localhost/api/auth/status", {
      headers: { origin: "https://evil.example" },
    });
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
  });
});
