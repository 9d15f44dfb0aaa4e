import { liveEvent, type LiveEvent } from "../../contract/live.ts";
import { parseSseChunk } from "../../contract/sse.ts";
import type { Harness } from "../../server/testing/harness.ts";

/** One SSE event of GET /api/live, with its `id:` when it carries one. */
export interface LiveFrame {
  id: string | undefined;
  event: LiveEvent;
}

/**
 * A browser's GET /api/live on an in-process Baton, read in the background as the frames come: every frame with its
 * id, the last id seen (what a browser sends back as Last-Event-ID), and a wait on a condition over the frames.
 * `cut` aborts the connection as a dropped network would.
 */
export async function openLiveReader(h: Harness, lastEventId?: string) {
  const { token } = await h.baton.auth.sessions.create({
    agentId: "sam",
    via: "cookie",
    now: h.authClock.now().getTime(),
    ip: null,
    userAgent: "fault-suite",
  });
  const res = await h.baton.app.request("http://localhost/api/live", {
    headers: {
      cookie: `${h.baton.auth.cookie.name}=${token}`,
      accept: "text/event-stream",
      ...(lastEventId !== undefined ? { "last-event-id": lastEventId } : {}),
    },
  });
  if (res.status !== 200 || !res.body) throw new Error(`GET /api/live answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const frames: LiveFrame[] = [];
  let lastId = lastEventId;
  let ended = false;
  let cut = false;
  const reading = (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const { events, rest } = parseSseChunk(buffer + value);
        buffer = rest;
        for (const { id, data } of events) {
          if (id !== undefined) lastId = id;
          if (data) frames.push({ id, event: liveEvent.parse(JSON.parse(data)) });
        }
      }
    } catch (error) {
      if (!cut) throw error;
    } finally {
      ended = true;
    }
  })();
  return {
    frames,
    /** The id of the last event received: where this browser resumes. */
    get lastId(): string | undefined {
      return lastId;
    },
    /** Waits (yielding to the event loop) until `condition` holds over the frames received so far. */
    async until(condition: (frames: LiveFrame[]) => boolean, what: string, timeoutMs = 60_000) {
      const deadline = performance.now() + timeoutMs;
      while (!condition(frames)) {
        if (ended) throw new Error(`the stream ended before ${what}`);
        if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    /** Drops the connection from the browser's side. */
    async cut() {
      cut = true;
      await reader.cancel();
      await reading;
    },
  };
}
