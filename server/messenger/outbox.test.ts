import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { ConversationSummary } from "../../contract/conversation.ts";
import type { MessageItem, TimelineItem } from "../../contract/timeline.ts";
import { BATON_APP, meta, PAGE_ID, startHarness, testDatabases, type Harness } from "../testing/harness.ts";
import { GraphError, retryAfterMs } from "./graph-client.ts";
import { startGraphLink, type GraphLink } from "../testing/graph-link.ts";
import { nextStep, type NextStep, type RetryPolicy } from "./outbox.ts";

const POLICY: RetryPolicy = { baseMs: 1000, maxMs: 300_000, maxAttempts: 5, echoWaitMs: 30_000 };
const refusal = (retryable: boolean, detail: GraphError["detail"] = {}) =>
  new GraphError("graph_error", "Messenger failed", retryable, 503, detail);

describe("the back-off after a failed attempt", () => {
  it.each<[string, number, GraphError, number, NextStep]>([
    ["a refusal for good fails at once", 1, refusal(false), 0.5, { kind: "fail", exhausted: false }],
    [
      "the first retry waits between half and all of the base",
      1,
      refusal(true),
      0,
      { kind: "retry", delayMs: 500, holdMs: 0 },
    ],
    [
      "…its jitter adds up to the other half",
      1,
      refusal(true),
      0.999,
      { kind: "retry", delayMs: 1000, holdMs: 0 },
    ],
    ["each attempt doubles the delay", 3, refusal(true), 0, { kind: "retry", delayMs: 2000, holdMs: 0 }],
    [
      "the delay stops growing at the maximum",
      4,
      { ...refusal(true) } as GraphError,
      1,
      { kind: "retry", delayMs: 8000, holdMs: 0 },
    ],
    [
      "Meta's Retry-After is waited out",
      1,
      refusal(true, { retryAfterMs: 120_000 }),
      0,
      { kind: "retry", delayMs: 120_000, holdMs: 120_000 },
    ],
    [
      "a lost answer waits for the echo",
      1,
      refusal(true, { outcomeUnknown: true }),
      0,
      { kind: "retry", delayMs: 30_000, holdMs: 30_000 },
    ],
    ["the last attempt gives up", 5, refusal(true), 0, { kind: "fail", exhausted: true }],
  ])("%s", (_rule, attempts, error, random, expected) => {
    expect(nextStep(POLICY, attempts, error, random)).toEqual(expected);
  });

  it("is capped by the policy's maximum", () => {
    expect(nextStep({ ...POLICY, maxMs: 4000, maxAttempts: 20 }, 10, refusal(true), 1)).toEqual({
      kind: "retry",
      delayMs: 4000,
      holdMs: 0,
    });
  });

  it.each<[string, string | null, number | undefined]>([
    ["seconds", "120", 120_000],
    ["an HTTP date", new Date(Date.UTC(2026, 0, 1, 0, 1)).toUTCString(), 60_000],
    ["no header", null, undefined],
    ["nonsense", "soon", undefined],
  ])("Retry-After as %s", (_form, header, ms) => {
    expect(retryAfterMs(header, Date.UTC(2026, 0, 1, 0, 0))).toBe(ms);
  });
});

const CONV = `${PAGE_ID}-U1`;
const MINUTE = 60_000;

/** Baton with its Graph behind a link the test can break. */
async function startLinked(url: string, link: GraphLink, env: Record<string, string> = {}): Promise<Harness> {
  const h = await startHarness(url, { GRAPH_API_URL: link.url, ...env });
  link.setTarget(h.graph.url);
  return h;
}

function helpers(h: () => Harness) {
  const now = () => h().clock.now().getTime();
  return {
    now,
    async escalate(psid = "U1") {
      await h().webhook(meta.batch([meta.text(psid, `c-${psid}`, "Talk to a human", now(), "HUMAN")]));
    },
    async reply(text: string, clientId = `cid-${text}`, conversationId = CONV, on = h()) {
      const res = await on.api("POST", `/conversations/${conversationId}/messages`, { text, clientId });
      return {
        status: res.status,
        body: (await res.json()) as {
          message: MessageItem;
          conversation: ConversationSummary;
          error?: { code: string; message: string };
        },
      };
    },
    /** Replies Graph was asked to send (refused ones included). */
    sends: (on = h()) =>
      on.graph.calls.filter((c) => c.path === "/me/messages" && c.body && "message" in c.body),
    async agentMessages(conversationId = CONV, on = h()) {
      const detail = (await (await on.api("GET", `/conversations/${conversationId}`)).json()) as {
        timeline: { items: TimelineItem[] };
      };
      return detail.timeline.items.filter(
        (i): i is Extract<TimelineItem, { kind: "message" }> => i.kind === "message" && i.author === "agent",
      );
    },
    async echo(mid: string, text: string, clientId: string) {
      await h().webhook(
        meta.batch(
          [
            meta.echo("U1", mid, text, now(), BATON_APP, {
              metadata: JSON.stringify({ baton: { agentId: "sam", clientId } }),
            }),
          ],
          "messaging",
        ),
      );
    },
  };
}

describe.each(testDatabases)("the reply outbox on $name", ({ url }) => {
  let link: GraphLink;
  let harness: Harness | null = null;
  const h = () => {
    if (!harness) throw new Error("the harness has not started");
    return harness;
  };
  const { escalate, reply, sends, agentMessages, echo } = helpers(h);

  beforeAll(async () => {
    link = await startGraphLink();
    harness = await startLinked(await url(), link);
  });
  beforeEach(async () => {
    await h().reset();
    link.reset();
  });
  afterAll(async () => {
    await harness?.close();
    await link.close();
  });

  it("a reply that Graph refuses with a 503 is sent once when Graph is back", async () => {
    await escalate();
    h().graph.failNext("/me/messages", { code: 2, message: "Service temporarily unavailable" }, 503);
    const first = await reply("Let me check");
    expect(first.status).toBe(201);
    expect(first.body.message).toMatchObject({
      delivery: "sending",
      error: expect.stringMatching(/Messenger/),
    });

    h().clock.advance(2000);
    expect(await h().baton.service.sendDueReplies()).toBe(1);
    expect(sends()).toHaveLength(2);
    const [sent] = await agentMessages();
    expect(sent).toMatchObject({ delivery: "sent", error: null, mid: expect.any(String) });
    expect(await agentMessages()).toHaveLength(1);
    h().clock.advance(60 * MINUTE);
    expect(await h().baton.service.sendDueReplies()).toBe(0);
    expect(sends()).toHaveLength(2);
  });

  it("a reply backing off after a 503 goes as soon as another reply gets through, not when its back-off ends", async () => {
    await escalate();
    await escalate("U2");
    await h().api("POST", `/conversations/${CONV}/take-control`);
    await h().api("POST", `/conversations/${PAGE_ID}-U2/take-control`);
    await link.set("unavailable");
    expect((await reply("Still checking")).body.message.delivery).toBe("sending");
    await link.set("up");
    // Graph is back: the next reply (another customer's) goes at once, and the one backing off goes with it.
    expect((await reply("Hello there", "cid-u2", `${PAGE_ID}-U2`)).body.message.delivery).toBe("sent");
    await h().baton.service.sendDueReplies();
    expect(await agentMessages()).toMatchObject([{ delivery: "sent", text: "Still checking" }]);
    expect(sends()).toHaveLength(2);
  });

  it("a reply Meta asked to wait (Retry-After) keeps waiting when another reply gets through", async () => {
    await escalate();
    await escalate("U2");
    await h().api("POST", `/conversations/${CONV}/take-control`);
    await h().api("POST", `/conversations/${PAGE_ID}-U2/take-control`);
    link.faults.push({
      kind: "answer",
      status: 429,
      headers: { "retry-after": "120" },
      body: { error: { message: "Calls to this API have exceeded the rate limit.", code: 613 } },
    });
    expect((await reply("Slow down")).body.message.delivery).toBe("sending");
    expect((await reply("Hello there", "cid-u2", `${PAGE_ID}-U2`)).body.message.delivery).toBe("sent");
    await h().baton.service.sendDueReplies();
    expect(await agentMessages()).toMatchObject([{ delivery: "sending" }]);
    h().clock.advance(120_000);
    await h().baton.service.sendDueReplies();
    expect(await agentMessages()).toMatchObject([{ delivery: "sent" }]);
  });

  it("a rate-limited reply waits as long as Meta's Retry-After asks", async () => {
    await escalate();
    await h().api("POST", `/conversations/${CONV}/take-control`);
    link.faults.push({
      kind: "answer",
      status: 429,
      headers: { "retry-after": "120" },
      body: { error: { code: 613, message: "Calls to this api have exceeded the rate limit." } },
    });
    expect((await reply("One moment")).body.message.delivery).toBe("sending");
    h().clock.advance(MINUTE);
    expect(await h().baton.service.sendDueReplies()).toBe(0);
    h().clock.advance(MINUTE + 1000);
    expect(await h().baton.service.sendDueReplies()).toBe(1);
    expect((await agentMessages())[0]?.delivery).toBe("sent");
  });

  it("a reply sent while Graph cannot be reached is sent when it can", async () => {
    await escalate();
    await link.down();
    try {
      const queued = await reply("Are you there?");
      expect(queued.status).toBe(201);
      expect(queued.body.message).toMatchObject({
        delivery: "sending",
        error: expect.stringMatching(/reached/),
      });
      h().clock.advance(2000);
      expect(await h().baton.service.sendDueReplies()).toBe(0);
    } finally {
      await link.up();
    }
    // A connection cut rather than refused leaves the outcome unknown: the retry then waits for an echo first.
    h().clock.advance(MINUTE);
    expect(await h().baton.service.sendDueReplies()).toBe(1);
    expect(sends()).toHaveLength(1);
    expect(await agentMessages()).toMatchObject([{ delivery: "sent", text: "Are you there?" }]);
  });

  it("a refusal for good fails the reply with Meta's reason and is not tried again", async () => {
    await escalate();
    await h().api("POST", `/conversations/${CONV}/take-control`);
    h().graph.failNext("/me/messages", { code: 551 });
    const refused = await reply("Hello?");
    expect(refused.status).toBe(502);
    expect(refused.body.error?.code).toBe("customer_unavailable");
    expect(refused.body.message).toMatchObject({
      delivery: "failed",
      error: expect.stringMatching(/isn't available/),
    });
    h().clock.advance(60 * MINUTE);
    expect(await h().baton.service.sendDueReplies()).toBe(0);
    expect(sends()).toHaveLength(1);
  });

  it("a reply whose answer was lost is not sent again once its echo confirmed it", async () => {
    await escalate();
    await h().api("POST", `/conversations/${CONV}/take-control`);
    link.faults.push({ kind: "cut-answer" });
    const lost = await reply("Found it", "lost-1");
    expect(lost.body.message.delivery).toBe("sending");
    const [mid] = link.mids();
    expect(mid).toBeDefined();
    await echo(mid ?? "", "Found it", "lost-1");
    h().clock.advance(MINUTE);
    expect(await h().baton.service.sendDueReplies()).toBe(1);
    expect(sends()).toHaveLength(1);
    expect(await agentMessages()).toMatchObject([{ mid, delivery: "sent", clientId: "lost-1" }]);
  });

  it("the echo arriving before Graph's answer leaves one message", async () => {
    await escalate();
    await h().api("POST", `/conversations/${CONV}/take-control`);
    link.faults.push({ kind: "hold" });
    const pending = reply("Almost there", "early-1");
    await vi.waitFor(() => expect(link.held).toHaveLength(1));
    const [mid] = link.mids();
    await echo(mid ?? "", "Almost there", "early-1");
    link.held.shift()?.();
    const answered = await pending;
    expect(answered.status).toBe(201);
    expect(answered.body.message).toMatchObject({ mid, delivery: "sent" });
    expect(await agentMessages()).toHaveLength(1);
    expect(sends()).toHaveLength(1);
  });

  it("a read receipt that comes before Graph's answer leaves the reply read, not sent", async () => {
    await escalate();
    await h().api("POST", `/conversations/${CONV}/take-control`);
    link.faults.push({ kind: "hold" });
    const pending = reply("Seen it?", "read-early-1");
    await vi.waitFor(() => expect(link.held).toHaveLength(1));
    h().clock.advance(1_000);
    const at = h().clock.now().getTime();
    await h().webhook(
      meta.batch(
        [{ sender: { id: "U1" }, recipient: { id: PAGE_ID }, timestamp: at, read: { watermark: at } }],
        "messaging",
      ),
    );
    link.held.shift()?.();
    expect((await pending).body.message).toMatchObject({ delivery: "read" });
    expect(await agentMessages()).toMatchObject([{ delivery: "read" }]);
  });

  it("a reply sent when the review settings must be read again is recorded (no wait inside its transaction)", async () => {
    await escalate();
    await h().api("POST", `/conversations/${CONV}/take-control`);
    h().baton.service.forgetReviewSettings();
    const sent = await reply("Fresh settings");
    expect(sent.body.message).toMatchObject({ delivery: "sent", mid: expect.any(String) });
  });

  it("a reply held by an instance that crashed is sent once its lease runs out", async () => {
    await escalate();
    await h().api("POST", `/conversations/${CONV}/take-control`);
    h().graph.failNext("/me/messages", { code: 2 }, 503);
    await reply("Still here");
    // Another instance claimed it and died in the middle of its attempt: its lease is all that is left of it.
    await h().baton.db.query("update reply_outbox set lease_until = $1, leased_by = 'crashed-instance'", [
      h().clock.now().getTime() + MINUTE,
    ]);
    h().clock.advance(30_000);
    expect(await h().baton.service.sendDueReplies()).toBe(0);
    h().clock.advance(31_000);
    expect(await h().baton.service.sendDueReplies()).toBe(1);
    expect(sends()).toHaveLength(2);
    expect(await agentMessages()).toMatchObject([{ delivery: "sent" }]);
  });

  it("a reply whose answer was lost and never echoed is sent again only after waiting for its echo", async () => {
    await escalate();
    await h().api("POST", `/conversations/${CONV}/take-control`);
    link.faults.push({ kind: "cut-answer" });
    expect((await reply("Did this arrive?")).body.message.delivery).toBe("sending");
    h().clock.advance(10_000);
    expect(await h().baton.service.sendDueReplies()).toBe(0);
    expect(sends()).toHaveLength(1);
    h().clock.advance(21_000);
    expect(await h().baton.service.sendDueReplies()).toBe(1);
    expect(sends()).toHaveLength(2);
    expect(await agentMessages()).toMatchObject([{ delivery: "sent", mid: link.mids()[1] }]);
  });

  it("a reply queued behind a retrying one goes out after it, in order", async () => {
    await escalate();
    await h().api("POST", `/conversations/${CONV}/take-control`);
    h().graph.failNext("/me/messages", { code: 2 }, 503);
    await reply("first");
    expect((await reply("second")).body.message.delivery).toBe("sending");
    expect(sends()).toHaveLength(1);
    h().clock.advance(2000);
    expect(await h().baton.service.sendDueReplies()).toBe(2);
    expect(sends().map((c) => (c.body?.message as { text?: string }).text)).toEqual([
      "first",
      "first",
      "second",
    ]);
  });

  it("a reply Graph keeps refusing fails after OUTBOX_MAX_ATTEMPTS with the reason, and Retry sends it", async () => {
    await escalate();
    await h().api("POST", `/conversations/${CONV}/take-control`);
    for (let i = 0; i < 12; i++) h().graph.failNext("/me/messages", { code: 2 }, 503);
    const queued = await reply("Stubborn");
    for (let i = 1; i < 12; i++) {
      h().clock.advance(10 * MINUTE);
      await h().baton.service.sendDueReplies();
    }
    const [failed] = await agentMessages();
    expect(failed).toMatchObject({
      delivery: "failed",
      error: expect.stringMatching(/gave up after 12 attempts/),
    });
    const retry = await h().api("POST", `/conversations/${CONV}/messages/${queued.body.message.id}/retry`);
    expect(((await retry.json()) as { message: MessageItem }).message).toMatchObject({ delivery: "sent" });
    expect(sends()).toHaveLength(13);
  });
});

/** Two harnesses on one database need a database both can open: a folder for PGlite, a schema on PostgreSQL. */
async function sharedDatabase(
  name: string,
  url: () => Promise<string>,
): Promise<{ url: string; drop(): void }> {
  if (name !== "PGlite") return { url: await url(), drop: () => undefined };
  const dir = mkdtempSync(join(tmpdir(), "baton-outbox-"));
  return { url: dir, drop: () => rmSync(dir, { recursive: true, force: true }) };
}

describe.each(testDatabases)("a restart on $name", ({ name, url }) => {
  it("replies queued before a restart are sent by the next Baton, once", async () => {
    const db = await sharedDatabase(name, url);
    const link = await startGraphLink();
    try {
      const first = await startLinked(db.url, link);
      const one = helpers(() => first);
      await one.escalate();
      await link.down();
      expect((await one.reply("Queued before the restart")).body.message.delivery).toBe("sending");
      await first.close();
      await link.up();

      const second = await startLinked(db.url, link);
      try {
        const two = helpers(() => second);
        second.clock.advance(5 * MINUTE);
        await second.baton.service.sendDueReplies();
        expect(two.sends()).toHaveLength(1);
        expect(await two.agentMessages()).toMatchObject([
          { delivery: "sent", text: "Queued before the restart" },
        ]);
      } finally {
        await second.close();
      }
    } finally {
      await link.close();
      db.drop();
    }
  });
});

const postgres = testDatabases.find((d) => d.name === "PostgreSQL");

describe.skipIf(!postgres)("two Baton instances on one PostgreSQL", () => {
  let a: Harness;
  let b: Harness;
  beforeAll(async () => {
    const url = await (postgres?.url() ?? Promise.resolve(""));
    a = await startHarness(url);
    // One Meta for both: the second instance calls the first one's Graph.
    b = await startHarness(url, { GRAPH_API_URL: a.graph.url });
  });
  afterEach(async () => {
    await a.reset();
    b.forgetSessions();
    b.baton.service.forgetProfiles();
    b.clock.set(a.clock.now());
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it("never both send one reply", async () => {
    const ha = helpers(() => a);
    const conversations = Array.from({ length: 12 }, (_, i) => `V${i}`);
    for (const psid of conversations) {
      await ha.escalate(psid);
      a.graph.failNext("/me/messages", { code: 2 }, 503);
      const queued = await ha.reply(`hello ${psid}`, `c-${psid}`, `${PAGE_ID}-${psid}`);
      expect(queued.body.message.delivery).toBe("sending");
    }
    a.clock.advance(10 * MINUTE);
    b.clock.set(a.clock.now());
    const [byA, byB] = await Promise.all([
      a.baton.service.sendDueReplies(),
      b.baton.service.sendDueReplies(),
    ]);
    expect(byA + byB).toBe(conversations.length);
    const sentTexts = ha
      .sends(a)
      .slice(conversations.length)
      .map((c) => (c.body?.message as { text?: string }).text);
    expect(sentTexts.sort()).toEqual(conversations.map((p) => `hello ${p}`).sort());
  });

  it("look a customer's profile up once, and again only after the back-off", async () => {
    a.graph.profiles.set("U1", { first_name: "Ada", last_name: "Lovelace" });
    const at = a.clock.now().getTime();
    await Promise.all([
      a.webhook(meta.batch([meta.text("U1", "p1", "Hello", at)])),
      b.webhook(meta.batch([meta.text("U1", "p2", "Anyone?", at + 1)])),
      a.webhook(meta.batch([meta.text("U2", "q1", "Hi", at)])),
      b.webhook(meta.batch([meta.text("U2", "q2", "Hi again", at + 1)])),
    ]);
    await Promise.all([a.baton.service.idle(), b.baton.service.idle()]);
    const lookups = (psid: string) =>
      a.graph.calls.filter((c) => c.method === "GET" && c.path === `/${psid}`);
    expect(lookups("U1")).toHaveLength(1);
    // U2's lookup failed (Graph knows no such user): neither instance asks again before the back-off ends.
    expect(lookups("U2")).toHaveLength(1);
    // Even an instance that forgot its own tries finds the claim in the database.
    b.baton.service.forgetProfiles();
    await b.webhook(meta.batch([meta.text("U2", "q3", "Still me", at + 2)]));
    await b.baton.service.idle();
    expect(lookups("U2")).toHaveLength(1);
    for (const h of [a, b]) h.clock.advance(11 * MINUTE);
    await b.webhook(meta.batch([meta.text("U2", "q4", "Hello?", at + 3)]));
    await b.baton.service.idle();
    expect(lookups("U2")).toHaveLength(2);
    const summary = (await (await a.api("GET", `/conversations/${PAGE_ID}-U1`)).json()) as {
      conversation: ConversationSummary;
    };
    expect(summary.conversation.customer.name).toBe("Ada Lovelace");
  });
});
