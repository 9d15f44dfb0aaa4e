import { expect, it } from "vitest";
import { describeOnEachDatabase, meta, type Harness } from "../testing/harness.ts";
import { pruneRawWebhookBodies } from "./raw-retention.ts";

const DAY = 86_400_000;

/** Everything a webhook produced, as rows: what pruning its raw body must leave exactly as it was. */
async function produced(h: Harness) {
  const db = h.baton.db;
  return {
    events: await db.query("select id, batch_id, kind, dedupe_key from events order by id"),
    timeline: await db.query("select id, conversation_id, mid, text from timeline_items order by id"),
    conversations: await db.query("select id, status, last_message_preview from conversations order by id"),
    unprocessable: await db.query("select id, batch_id, reason, raw from unprocessable_events order by id"),
  };
}

const batches = async (h: Harness) =>
  (await h.baton.db.query<{ id: number }>("select id from webhook_batches order by id")).map((r) => r.id);

describeOnEachDatabase("raw webhook bodies kept for RAW_WEBHOOK_RETENTION_DAYS", (h) => {
  it("keeps them 14 days unless configured", () => {
    expect(h().config.RAW_WEBHOOK_RETENTION_DAYS).toBe(14);
  });

  it.each([
    { age: "15 days", ms: 15 * DAY, kept: false },
    { age: "one millisecond past 14 days", ms: 14 * DAY + 1, kept: false },
    { age: "exactly 14 days", ms: 14 * DAY, kept: true },
    { age: "one day", ms: DAY, kept: true },
    { age: "a moment", ms: 0, kept: true },
  ])("a raw body received $age ago is kept: $kept", async ({ ms, kept }) => {
    const now = h().clock.now().getTime();
    await h().baton.db.query("insert into webhook_batches (received_at, body) values ($1, '{}')", [now - ms]);
    expect(await pruneRawWebhookBodies(h().baton.db, { now, retentionDays: 14 })).toBe(kept ? 0 : 1);
    expect(await batches(h())).toHaveLength(kept ? 1 : 0);
  });

  it("deletes old raw bodies and leaves the events, timeline items, conversations and unprocessable events they produced untouched", async () => {
    const t0 = h().clock.now().getTime();
    const unprocessable = `{"sender":{"id":"U3"},"recipient":{"id":"PAGE1"},"timestamp":${t0}.5,"message":{"mid":"bad","text":"hi"}}`;
    const old = `{"object":"page","entry":[{"id":"PAGE1","time":${t0},"standby":[${JSON.stringify(
      meta.text("U1", "m1", "Where is my order?", t0),
    )},${unprocessable}]}]}`;
    expect((await h().webhook(old)).status).toBe(200);
    h().clock.advance(10 * DAY);
    const recent = meta.batch([meta.text("U2", "m2", "Do you ship to Oslo?", t0 + 10 * DAY)]);
    expect((await h().webhook(recent)).status).toBe(200);
    const [oldBatch, recentBatch] = await batches(h());
    const before = await produced(h());
    expect(before.events.length).toBeGreaterThanOrEqual(2);
    expect(before.timeline).toHaveLength(2);
    expect(before.unprocessable).toEqual([expect.objectContaining({ batch_id: oldBatch })]);
    const adminListBefore = await (
      await h().api("GET", "/admin/unprocessable-events", undefined, "ada")
    ).json();

    h().clock.advance(5 * DAY);
    const pruned = await pruneRawWebhookBodies(h().baton.db, {
      now: h().clock.now().getTime(),
      retentionDays: h().config.RAW_WEBHOOK_RETENTION_DAYS,
    });

    expect(pruned).toBe(1);
    expect(await batches(h())).toEqual([recentBatch]);
    expect(await produced(h())).toEqual(before);
    const adminList = await h().api("GET", "/admin/unprocessable-events", undefined, "ada");
    expect(adminList.status).toBe(200);
    expect(await adminList.json()).toEqual(adminListBefore);
    expect(JSON.stringify(adminListBefore)).toContain('\\"mid\\":\\"bad\\"');
  });

  it("a re-delivery of a pruned batch is stored again as a new raw body and applies nothing twice", async () => {
    const t0 = h().clock.now().getTime();
    const body = meta.batch([meta.text("U1", "m1", "Where is my order?", t0)]);
    await h().webhook(body);
    h().clock.advance(15 * DAY);
    await pruneRawWebhookBodies(h().baton.db, { now: h().clock.now().getTime(), retentionDays: 14 });
    const before = await produced(h());
    expect((await h().webhook(body)).status).toBe(200);
    expect(await batches(h())).toHaveLength(1);
    expect((await produced(h())).timeline).toEqual(before.timeline);
  });

  it("works in bounded chunks: one run deletes at most maxChunks × chunkRows, the next run goes on", async () => {
    const now = h().clock.now().getTime();
    for (let i = 0; i < 5; i++)
      await h().baton.db.query("insert into webhook_batches (received_at, body) values ($1, '{}')", [
        now - 20 * DAY + i,
      ]);
    await h().baton.db.query("insert into webhook_batches (received_at, body) values ($1, '{}')", [now]);
    const run = () =>
      pruneRawWebhookBodies(h().baton.db, { now, retentionDays: 14, chunkRows: 2, maxChunks: 2 });
    expect(await run()).toBe(4);
    expect(await batches(h())).toHaveLength(2);
    expect(await run()).toBe(1);
    expect(await run()).toBe(0);
    expect(await batches(h())).toHaveLength(1);
  });
});
