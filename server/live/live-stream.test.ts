import { expect, it } from "vitest";
import { liveEvent, type LiveEvent } from "../../contract/live.ts";
import type { Database } from "../db/database.ts";
import { silentLogger } from "../logger.ts";
import { describeOnEachDatabase, meta, type Harness } from "../testing/harness.ts";
import { parseSseChunk } from "../../contract/sse.ts";
import { LiveHub } from "./hub.ts";

interface Frame {
  id: string | undefined;
  event: LiveEvent;
}

/** A browser's view of GET /api/live: each SSE event with its id, read as they come. */
async function openStream(h: Harness, lastEventId?: string) {
  const res = await h.baton.app.request("http://localhost/api/live", {
    headers: {
      cookie: await cookieOf(h),
      ...(lastEventId !== undefined ? { "last-event-id": lastEventId } : {}),
    },
  });
  expect(res.status).toBe(200);
  const reader = (res.body ?? new ReadableStream<Uint8Array>())
    .pipeThrough(new TextDecoderStream())
    .getReader();
  const frames: Frame[] = [];
  let buffer = "";
  /** Reads until `until` holds for the frames read so far. */
  const readUntil = async (until: (frames: Frame[]) => boolean): Promise<Frame[]> => {
    while (!until(frames)) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the stream ended after ${JSON.stringify(frames)}`);
      const { events, rest } = parseSseChunk(buffer + value);
      buffer = rest;
      for (const { id, data } of events)
        if (data) frames.push({ id, event: liveEvent.parse(JSON.parse(data)) });
    }
    return frames;
  };
  return { frames, readUntil, close: () => reader.cancel() };
}

/** A signed-in cookie for Sam (the harness's api() signs in the same way). */
async function cookieOf(h: Harness): Promise<string> {
  const { token } = await h.baton.auth.sessions.create({
    agentId: "sam",
    via: "cookie",
    now: h.authClock.now().getTime(),
    ip: null,
    userAgent: "test",
  });
  return `${h.baton.auth.cookie.name}=${token}`;
}

const carries = (mid: string) => (f: Frame) =>
  f.event.type === "conversation" && f.event.items.some((i) => i.kind === "message" && i.mid === mid);

async function customerWrites(h: Harness, psid: string, mid: string): Promise<void> {
  const res = await h.webhook(
    meta.batch([meta.text(psid, mid, `hello from ${psid}`, Date.now())], "messaging"),
  );
  expect(res.status).toBe(200);
}

/** Writes a message while a stream is open and returns the id the browser holds after it. */
async function idAfter(h: Harness, psid: string, mid: string): Promise<string> {
  const stream = await openStream(h);
  await stream.readUntil((fs) => fs.some((f) => f.event.type === "hello"));
  await customerWrites(h, psid, mid);
  const frames = await stream.readUntil((fs) => fs.some(carries(mid)));
  await stream.close();
  const id = frames.findLast((f) => f.id !== undefined)?.id;
  if (!id) throw new Error("no event carried an id");
  return id;
}

describeOnEachDatabase("resuming live streams", (h) => {
  it("a browser that reconnects with Last-Event-ID receives the events it missed, with a newer id", async () => {
    const seen = await idAfter(h(), "U-1", "m-seen");
    // Meanwhile, with no stream open, two customers write.
    await customerWrites(h(), "U-2", "m-missed-1");
    await customerWrites(h(), "U-3", "m-missed-2");
    const again = await openStream(h(), seen);
    const frames = await again.readUntil(
      (fs) => fs.some(carries("m-missed-1")) && fs.some(carries("m-missed-2")),
    );
    await again.close();
    expect(frames[0]?.event.type).toBe("hello");
    expect(frames.some((f) => f.event.type === "resync")).toBe(false);
    const last = frames.findLast((f) => f.id !== undefined)?.id;
    expect(Number(last)).toBeGreaterThan(Number(seen));
  });

  it("a browser whose id was pruned from the log receives resync, with the log's newest id", async () => {
    const seen = await idAfter(h(), "U-1", "m-seen");
    await customerWrites(h(), "U-2", "m-missed-1");
    await customerWrites(h(), "U-3", "m-missed-2");
    expect(await h().baton.live.prune({ keepMs: 0, keepRows: 0 })).toBeGreaterThan(0);
    const again = await openStream(h(), seen);
    const frames = await again.readUntil((fs) => fs.some((f) => f.event.type === "resync"));
    await again.close();
    const resync = frames.find((f) => f.event.type === "resync");
    expect(Number(resync?.id)).toBeGreaterThan(Number(seen));
    expect(frames.some(carries("m-missed-1"))).toBe(false);
  });

  it("a browser that sends an id this database never gave receives resync", async () => {
    const again = await openStream(h(), "999999999999");
    await again.readUntil((fs) => fs.some((f) => f.event.type === "resync"));
    await again.close();
  });

  it("pruning keeps the newest row, so a browser idle for longer than the log keeps resumes without a resync", async () => {
    const seen = await idAfter(h(), "U-1", "m-seen");
    await h().baton.live.prune({ keepMs: 0, keepRows: 0 });
    await customerWrites(h(), "U-2", "m-after");
    const again = await openStream(h(), seen);
    const frames = await again.readUntil((fs) => fs.some(carries("m-after")));
    await again.close();
    expect(frames.some((f) => f.event.type === "resync")).toBe(false);
  });

  it("when the database reports that LISTEN was subscribed again, every stream receives resync", async () => {
    // The real database, with its listen() watched to reach the callback the driver calls after a reconnection.
    const db = h().baton.db;
    let resubscribed: (() => void) | undefined;
    const watched: Database = {
      kind: db.kind,
      query: (sql, params) => db.query(sql, params),
      transaction: (fn) => db.transaction(fn),
      exec: (sql) => db.exec(sql),
      close: () => db.close(),
      listen: (channel, onPayload, onResubscribed) => {
        resubscribed = onResubscribed;
        return db.listen(channel, onPayload, onResubscribed);
      },
    };
    const hub = new LiveHub(watched, h().clock, { humanAgentTagEnabled: false }, silentLogger);
    await hub.start();
    try {
      const got: string[] = [];
      const detach = hub.attach({
        frame: (bytes) => got.push(new TextDecoder().decode(bytes)),
        heartbeat: () => {},
      });
      resubscribed?.();
      await expect.poll(() => got.some((text) => text.includes('"type":"resync"'))).toBe(true);
      detach();
    } finally {
      await hub.stop();
    }
  });

  it("every stream hears a heartbeat that carries the last change's id as its resume point", async () => {
    const hub = new LiveHub(h().baton.db, h().clock, { humanAgentTagEnabled: false }, silentLogger, {
      heartbeatMs: 20,
    });
    await hub.start();
    try {
      const beats: string[] = [];
      const detach = hub.attach({
        frame: () => {},
        heartbeat: (bytes) => beats.push(new TextDecoder().decode(bytes)),
      });
      await customerWrites(h(), "U-1", "m-beat");
      const [newest] = await h().baton.db.query<{ id: string }>(
        "select max(id)::text as id from live_changes",
      );
      await expect
        .poll(() => beats.some((b) => b.includes('"type":"heartbeat"') && b.includes(`id: ${newest?.id}\n`)))
        .toBe(true);
      detach();
    } finally {
      await hub.stop();
    }
  });
});
