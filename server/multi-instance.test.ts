import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openDatabase, type Database } from "./db/database.ts";
import { meta, PAGE_ID, startHarness, testDatabases, TEST_ACCOUNTS } from "./testing/harness.ts";
import { startFakeGraph, type FakeGraph } from "./testing/fake-graph.ts";
import {
  api,
  createPostgresDatabase,
  openLiveStream,
  postWebhook,
  seedAccounts,
  signIn,
  startInstances,
  type Instance,
} from "./testing/instances.ts";

/** A promise the test resolves by hand (holds a transaction open until the test says). */
function gate(): { promise: Promise<void>; open(): void } {
  let open = () => {};
  const promise = new Promise<void>((r) => {
    open = r;
  });
  return { promise, open };
}

describe.each(testDatabases)("graceful shutdown on $name", ({ url }) => {
  it("while an instance shuts down /healthz and new webhooks answer 503 (with Retry-After) and the webhook in flight is stored", async () => {
    const h = await startHarness(await url());
    try {
      const serving = await h.baton.app.request("http://localhost/healthz");
      expect(serving.status).toBe(200);
      expect(await serving.json()).toEqual({ ok: true, database: "up", draining: false });
      // A transaction that holds the raw-batch table keeps the first webhook's group commit waiting.
      const held = gate();
      const holding = h.baton.db.transaction(async (tx) => {
        await tx.query("lock table webhook_batches in access exclusive mode");
        await held.promise;
      });
      const now = h.clock.now().getTime();
      // In flight: the request has entered Baton (synchronously, up to its group commit) before close() starts.
      const inFlight = h.webhook(meta.batch([meta.text("U1", "m-in-flight", "Where is my order?", now)]));
      let inFlightAnswered = false;
      void inFlight.then(() => (inFlightAnswered = true));
      const closing = h.baton.close();

      const refused = await h.webhook(meta.batch([meta.text("U2", "m-refused", "Hello?", now)]));
      expect(refused.status).toBe(503);
      expect(refused.headers.get("retry-after")).toBe("1");
      expect(await refused.json()).toMatchObject({ error: { code: "shutting_down" } });
      const health = await h.baton.app.request("http://localhost/healthz");
      expect(health.status).toBe(503);
      expect(await health.json()).toMatchObject({ ok: false, draining: true });
      expect(inFlightAnswered).toBe(false);

      held.open();
      await holding;
      const accepted = await inFlight;
      expect(accepted.status).toBe(200);
      expect(await accepted.json()).toMatchObject({ ok: true, events: 1 });
      await closing;
    } finally {
      await h.graph.close();
    }
  });

  it("a live stream ends with a retry hint when its instance shuts down, so the browser reconnects elsewhere", async () => {
    const h = await startHarness(await url());
    try {
      const res = await h.api("GET", "/live");
      expect(res.status).toBe(200);
      const reader = (res.body ?? new ReadableStream<Uint8Array>())
        .pipeThrough(new TextDecoderStream())
        .getReader();
      let text = "";
      while (!text.includes('"hello"')) text += (await reader.read()).value ?? "";
      const closing = h.baton.close();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += value;
      }
      await closing;
      expect(text.trimEnd().endsWith("retry: 1000")).toBe(true);
    } finally {
      await h.graph.close();
    }
  });
});

const base = process.env.TEST_DATABASE_URL;

/**
 * Three `npm run serve` processes on one fresh PostgreSQL database, as behind a load balancer: what reaches one
 * reaches browsers on the others (LISTEN/NOTIFY), a reply is sent once, a timer fires once.
 */
describe.skipIf(!base)("three Baton instances on one PostgreSQL", () => {
  const sam = TEST_ACCOUNTS[0];
  let graph: FakeGraph;
  let database: { url: string; drop(): Promise<void> };
  let db: Database;
  let instances: Instance[] = [];
  let cookie = "";
  const at = (i: number): Instance => {
    const instance = instances[i];
    if (!instance) throw new Error(`no instance ${i}`);
    return instance;
  };

  beforeAll(async () => {
    graph = await startFakeGraph();
    database = await createPostgresDatabase(base ?? "");
    // Started at once, so their migrations race for the advisory lock as a rolling start's would.
    instances = await startInstances(3, {
      databaseUrl: database.url,
      graphUrl: graph.url,
      env: { BOT_GRACE_SECONDS: "1" },
    });
    await seedAccounts(database.url, [sam]);
    db = await openDatabase(database.url);
    cookie = await signIn(at(0), sam.email, sam.password);
  }, 60_000);

  afterAll(async () => {
    const codes = await Promise.all(instances.map((i) => i.stop()));
    await db.close();
    await graph.close();
    await database.drop();
    // A graceful stop: every instance drained and exited 0.
    expect(codes).toEqual([0, 0, 0]);
  }, 60_000);

  it("a webhook posted to the first instance reaches a browser connected to the second", async () => {
    const stream = await openLiveStream(at(1), cookie);
    try {
      await stream.next((e) => e.type === "hello");
      const mid = `m-${randomUUID()}`;
      const res = await postWebhook(
        at(0),
        meta.batch([meta.text("U-live", mid, "Is the blue one in stock?", Date.now())], "messaging"),
      );
      expect(res.status).toBe(200);
      const event = await stream.next(
        (e) => e.type === "conversation" && e.items.some((i) => i.kind === "message" && i.mid === mid),
      );
      expect(event).toMatchObject({ type: "conversation", conversation: { id: `${PAGE_ID}-U-live` } });
    } finally {
      stream.close();
    }
  }, 20_000);

  it("a reply sent through the third instance reaches Meta exactly once, even sent again through the second", async () => {
    const mid = `m-${randomUUID()}`;
    const webhook = await postWebhook(
      at(0),
      meta.batch([meta.text("U-reply", mid, "Can someone help me?", Date.now())], "messaging"),
    );
    expect(webhook.status).toBe(200);
    const text = `On its way ${randomUUID()}`;
    const clientId = randomUUID();
    const path = `/conversations/${PAGE_ID}-U-reply/messages`;
    const sent = await api(at(2), cookie, "POST", path, { text, clientId });
    expect(sent.status).toBe(201);
    // The browser's retry of the same reply, landing on another instance, does not send it again.
    const again = await api(at(1), cookie, "POST", path, { text, clientId });
    expect(again.status).toBe(201);
    const sends = graph.calls.filter(
      (c) => c.path === "/me/messages" && (c.body?.message as { text?: string } | undefined)?.text === text,
    );
    expect(sends).toHaveLength(1);
    const stored = await db.query<{ n: number }>(
      "select count(*)::int as n from timeline_items where client_id = $1",
      [clientId],
    );
    expect(stored).toEqual([{ n: 1 }]);
  }, 20_000);

  it("bot-grace timers due at once fire exactly once across the three instances' sweepers", async () => {
    const customers = Array.from({ length: 30 }, (_, i) => `U-grace-${i}`);
    const now = Date.now();
    // The customers write while the bot owns their threads (standby); the bot never answers.
    const res = await postWebhook(
      at(0),
      meta.batch(customers.map((psid) => meta.text(psid, `m-${randomUUID()}`, "Hello?", now))),
    );
    expect(res.status).toBe(200);
    const ids = customers.map((psid) => `${PAGE_ID}-${psid}`);
    await vi.waitFor(
      async () => {
        const [pending] = await db.query<{ n: number }>(
          "select count(*)::int as n from timers where conversation_id = any($1::text[]) and fired_at is null",
          [ids],
        );
        expect(pending?.n).toBe(0);
      },
      { timeout: 15_000, interval: 100 },
    );
    const fired = await db.query<{
      conversation_id: string;
      timers: number;
      expiries: number;
      notes: number;
    }>(
      `select c.id as conversation_id,
              (select count(*)::int from timers t where t.conversation_id = c.id) as timers,
              (select count(*)::int from events e where e.conversation_id = c.id and e.kind = 'bot_grace_expired') as expiries,
              (select count(*)::int from timeline_items i where i.conversation_id = c.id and i.kind = 'system'
                 and coalesce(i.text, i.item::text) like '%did not answer%') as notes
       from conversations c where c.id = any($1::text[]) order by c.id`,
      [ids],
    );
    expect(fired).toHaveLength(customers.length);
    for (const row of fired) expect(row).toMatchObject({ timers: 1, expiries: 1, notes: 1 });
  }, 30_000);
});
