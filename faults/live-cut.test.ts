import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAX_REPLAY_ROWS } from "../server/live/resume.ts";
import { meta, startHarness, type Harness } from "../server/testing/harness.ts";
import { openLiveReader, type LiveFrame } from "./support/live-reader.ts";

/**
 * A live stream cut for 30 s. A signed-in browser's GET /api/live on an in-process Baton (embedded database) sees
 * the inbox's conversations; its connection is dropped for 30 s of real time while customers keep writing (200
 * messages across 20 conversations, signed webhooks arriving throughout); it reconnects with the id of the last
 * event it received (Last-Event-ID) and must receive every message it missed and, for every conversation, the
 * version the server has: no gap. A browser away too long (more changes than a replay holds, or the log pruned
 * since) is told to resync instead.
 */

const CONVERSATIONS = 20;
const MESSAGES = 200;
const CUT_MS = 30_000;

const psid = (c: number) => `L${c}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Waits for a condition, yielding to the event loop between checks. */
async function until(condition: () => boolean, what: string, timeoutMs = 120_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The message ids the frames carry. */
const midsIn = (frames: readonly LiveFrame[]) =>
  new Set(
    frames.flatMap((f) =>
      f.event.type === "conversation"
        ? f.event.items.flatMap((i) => (i.kind === "message" && i.mid ? [i.mid] : []))
        : [],
    ),
  );

describe("a live stream cut for 30 s", () => {
  let harness: Harness | null = null;
  const h = () => {
    if (!harness) throw new Error("the harness has not started");
    return harness;
  };
  let n = 0;
  /** A customer's message through a signed webhook; resolves with its mid once it got its 200. */
  const customerWrites = async (c: number) => {
    const mid = `live-${n++}`;
    const res = await h().webhook(
      meta.batch([meta.text(psid(c), mid, `message ${mid}`, h().clock.now().getTime() + n)], "messaging"),
    );
    if (res.status !== 200) throw new Error(`the webhook answered ${res.status}`);
    return mid;
  };
  /** Each conversation's version as the server has it now. */
  const serverVersions = async () =>
    new Map(
      (
        await h().baton.db.query<{ id: string; version: string }>(
          "select id, version::text from conversations",
        )
      ).map((r) => [r.id, Number(r.version)]),
    );
  const logRowsAfter = async (id: string | undefined) => {
    const [row] = await h().baton.db.query<{ n: number }>(
      "select count(*)::int as n from live_changes where id > $1",
      [Number(id ?? 0)],
    );
    return row?.n ?? 0;
  };

  beforeAll(async () => {
    harness = await startHarness("memory:");
  });
  beforeEach(async () => {
    await h().reset();
  });
  afterAll(async () => {
    await harness?.close();
  });

  it("a browser cut off for 30 s while customers keep writing catches up on every change when it reconnects, without a gap", async () => {
    const before = await openLiveReader(h());
    await before.until((fs) => fs.some((f) => f.event.type === "hello"), "the stream says hello");
    const first: string[] = [];
    for (let c = 0; c < CONVERSATIONS; c++) first.push(await customerWrites(c));
    await before.until(
      (fs) => first.every((mid) => midsIn(fs).has(mid)),
      "the first message of every conversation arrives",
    );
    const resumeFrom = before.lastId;
    if (resumeFrom === undefined) throw new Error("no event carried an id");

    // The cut: 30 s of real time, customers writing throughout (a message every CUT_MS / MESSAGES).
    await before.cut();
    const cutAt = performance.now();
    const missed: string[] = [];
    for (let i = 0; i < MESSAGES; i++) {
      const due = cutAt + (i * CUT_MS) / MESSAGES;
      while (performance.now() < due) await new Promise((r) => setTimeout(r, 5));
      missed.push(await customerWrites(i % CONVERSATIONS));
    }
    await until(() => performance.now() - cutAt >= CUT_MS, "the stream has been cut for 30 s");
    const cutMs = performance.now() - cutAt;
    const versions = await serverVersions();
    const rowsMissed = await logRowsAfter(resumeFrom);

    // The reconnect, with the last id received.
    const reconnectAt = performance.now();
    const after = await openLiveReader(h(), resumeFrom);
    const current = (fs: readonly LiveFrame[]) =>
      [...versions].every(([id, version]) =>
        fs.some(
          (f) =>
            f.event.type === "conversation" &&
            f.event.conversation.id === id &&
            f.event.conversation.version >= version,
        ),
      );
    await after.until(current, "every conversation is as the server has it");
    const caughtUpMs = performance.now() - reconnectAt;
    const replay = [...after.frames];
    const replayed = midsIn(replay);
    const gap = missed.filter((mid) => !replayed.has(mid));
    const stale = [...versions].filter(
      ([id, version]) =>
        !replay.some(
          (f) =>
            f.event.type === "conversation" &&
            f.event.conversation.id === id &&
            f.event.conversation.version === version,
        ),
    );

    // Live again: a message written now arrives on the resumed stream, with an id beyond the replay's.
    const replayId = after.lastId;
    const next = await customerWrites(0);
    await after.until((fs) => midsIn(fs).has(next), "a message written after the reconnect arrives");
    const nextId = after.lastId;
    await after.cut();

    console.log(
      [
        `a live stream cut for ${seconds(cutMs)} of real time while ${MESSAGES} customer messages arrived across ${CONVERSATIONS} conversations:`,
        `  resumed from id ${resumeFrom}: ${rowsMissed} change-log rows missed; the replay took ${seconds(caughtUpMs)}: ${replay.length} frames (${replay.filter((f) => f.event.type === "conversation").length} conversation events), ids ${resumeFrom} -> ${replayId}`,
        `  missed messages not replayed: ${gap.length} of ${missed.length}; conversations not at the server's version: ${stale.length} of ${versions.size}`,
        `  the next message arrived live with id ${nextId}`,
      ].join("\n"),
    );

    expect(replay[0]?.event.type).toBe("hello");
    expect(replay.some((f) => f.event.type === "resync")).toBe(false);
    expect(gap).toEqual([]);
    expect(stale).toEqual([]);
    expect(versions.size).toBe(CONVERSATIONS);
    expect(Number(replayId)).toBeGreaterThan(Number(resumeFrom));
    expect(Number(nextId)).toBeGreaterThan(Number(replayId));
  });

  it("a browser that missed more than a replay holds, or whose changes were pruned from the log, is told to resync", async () => {
    const stream = await openLiveReader(h());
    const mid = await customerWrites(0);
    await stream.until((fs) => midsIn(fs).has(mid), "the first message arrives");
    const farBehind = stream.lastId;
    if (farBehind === undefined) throw new Error("no event carried an id");
    await stream.cut();

    // More change sets than a replay holds: customers write (concurrent webhooks may share one change set) until the
    // log holds more than MAX_REPLAY_ROWS after the browser's id.
    const burstAt = performance.now();
    let burst = 0;
    while ((await logRowsAfter(farBehind)) <= MAX_REPLAY_ROWS) {
      for (let i = 0; i < 50; i++) await customerWrites(burst++ % CONVERSATIONS);
    }
    const burstMs = performance.now() - burstAt;
    const rowsMissed = await logRowsAfter(farBehind);
    const tooMany = await openLiveReader(h(), farBehind);
    await tooMany.until((fs) => fs.some((f) => f.event.type === "resync"), "a resync arrives");
    const resyncId = tooMany.frames.find((f) => f.event.type === "resync")?.id;
    await tooMany.cut();

    // The log pruned to its newest row: a browser a few changes behind has lost what it missed.
    const behind = String(Number(resyncId) - 3);
    const pruned = await h().baton.live.prune({ keepMs: 0, keepRows: 0 });
    const afterPrune = await openLiveReader(h(), behind);
    await afterPrune.until((fs) => fs.some((f) => f.event.type === "resync"), "a resync arrives");
    await afterPrune.cut();

    // From the resync's id, nothing was missed: the stream opens with hello only, and goes on live.
    const fromResync = await openLiveReader(h(), resyncId);
    const live = await customerWrites(1);
    await fromResync.until((fs) => midsIn(fs).has(live), "a new message arrives");
    const kinds = fromResync.frames.map((f) => f.event.type).filter((t) => t !== "heartbeat");
    await fromResync.cut();

    console.log(
      [
        `a browser away during ${burst} webhooks (${seconds(burstMs)}): ${rowsMissed} change-log rows behind -> resync (id ${resyncId})`,
        `  the log pruned (${pruned} rows deleted), a browser 3 ids behind -> resync; from the resync's id -> ${JSON.stringify(kinds)}`,
      ].join("\n"),
    );

    expect(rowsMissed).toBeGreaterThan(MAX_REPLAY_ROWS);
    expect(tooMany.frames.map((f) => f.event.type)).toEqual(["hello", "resync"]);
    expect(pruned).toBeGreaterThan(0);
    expect(afterPrune.frames.map((f) => f.event.type)).toEqual(["hello", "resync"]);
    expect(kinds[0]).toBe("hello");
    expect(kinds.slice(1).length).toBeGreaterThan(0);
    expect(kinds.slice(1).every((t) => t === "conversation")).toBe(true);
  });
});
