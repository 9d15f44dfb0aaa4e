import { liveEvent, type LiveEvent } from "@contract/live.ts";
import { parseSseChunk } from "@contract/sse.ts";
import { apiUrl, authorizedFetch } from "@/lib/api-client.ts";

export type LiveStatus = "connecting" | "live" | "offline";

export interface LiveStreamOptions {
  url?: string;
  onEvent: (event: LiveEvent) => void;
  /**
   * Called when events may have been missed: the server said `resync` (too much missed, its log pruned, its
   * database connection dropped), or the stream is back after a drop with no event id to resume from.
   */
  onResync?: () => void;
  onStatus?: (status: LiveStatus) => void;
  /** Milliseconds before the first retry; doubles up to MAX_RETRY_MS, each wait jittered. */
  retryMs?: number;
  /** Uniform in [0, 1): the jitter's source (tests pass their own). */
  random?: () => number;
}

/** The server's heartbeat interval when its hello does not say (it does). */
const DEFAULT_HEARTBEAT_MS = 15_000;
/** A stream silent for this many heartbeat intervals is taken for dead. */
const SILENCE_FACTOR = 2.5;
const MAX_RETRY_MS = 30_000;

/** Full jitter: a wait drawn uniformly between half the back-off and all of it, so browsers do not return in step. */
export function jitteredDelay(backoffMs: number, random: () => number): number {
  return Math.round(backoffMs / 2 + (random() * backoffMs) / 2);
}

/**
 * Reads GET /api/live with fetch (so the session cookie or the embedded host's bearer token goes along, and it runs
 * the same in tests). It sends back the id of the last event it saw as Last-Event-ID, so the server replays what
 * was missed; it watches the server's heartbeat and, when the stream falls silent for SILENCE_FACTOR intervals or
 * drops, reconnects with jittered exponential back-off. A 401 means the session ended: authorizedFetch has already
 * renewed a bearer token once and reported the end, so the stream stops instead of retrying. Returns a function that
 * closes it.
 */
export function connectLiveStream(options: LiveStreamOptions): () => void {
  const baseRetry = options.retryMs ?? 1000;
  const random = options.random ?? Math.random;
  let backoff = baseRetry;
  let lastEventId: string | undefined;
  let connectedBefore = false;
  let attempts = 0;
  let stopped = false;
  let attempt: AbortController | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let silenceTimer: ReturnType<typeof setTimeout> | undefined;

  const run = async (): Promise<void> => {
    const controller = new AbortController();
    attempt = controller;
    let silenceMs = DEFAULT_HEARTBEAT_MS * SILENCE_FACTOR;
    let reader: ReadableStreamDefaultReader<string> | null = null;
    /** Anything from the server proves the stream alive; silence past the limit ends it. */
    const alive = () => {
      clearTimeout(silenceTimer);
      silenceTimer = setTimeout(() => {
        controller.abort();
        reader?.cancel().catch(() => {});
      }, silenceMs);
    };
    // "Connecting" once; every retry stays "offline" (shown as reconnecting) until a stream is live.
    if (attempts++ === 0) options.onStatus?.("connecting");
    try {
      alive();
      const response = await authorizedFetch(options.url ?? apiUrl("/api/live"), {
        headers: {
          accept: "text/event-stream",
          ...(lastEventId !== undefined ? { "last-event-id": lastEventId } : {}),
        },
        signal: controller.signal,
        cache: "no-store",
      });
      if (response.status === 401) {
        clearTimeout(silenceTimer);
        options.onStatus?.("offline");
        return;
      }
      if (!response.ok || !response.body) throw new Error(`live stream answered ${response.status}`);
      alive();
      options.onStatus?.("live");
      // Back after a drop with nothing to resume from: the server cannot tell what was missed.
      if (connectedBefore && lastEventId === undefined) options.onResync?.();
      connectedBefore = true;
      backoff = baseRetry;
      reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        alive();
        buffer += value;
        const { events, rest } = parseSseChunk(buffer);
        buffer = rest;
        for (const { data, id } of events) {
          if (id !== undefined) lastEventId = id;
          if (!data) continue;
          let json: unknown;
          try {
            json = JSON.parse(data);
          } catch {
            continue;
          }
          const parsed = liveEvent.safeParse(json);
          if (!parsed.success) continue;
          const event = parsed.data;
          if (event.type === "hello" && event.heartbeatMs) {
            silenceMs = event.heartbeatMs * SILENCE_FACTOR;
            alive();
          }
          if (event.type === "resync") options.onResync?.();
          else options.onEvent(event);
        }
      }
    } catch {
      // Dropped, refused or silent too long: retried below.
    }
    clearTimeout(silenceTimer);
    if (stopped) return;
    options.onStatus?.("offline");
    retryTimer = setTimeout(() => void run(), jitteredDelay(backoff, random));
    backoff = Math.min(backoff * 2, MAX_RETRY_MS);
  };
  void run();
  return () => {
    stopped = true;
    attempt?.abort();
    clearTimeout(retryTimer);
    clearTimeout(silenceTimer);
  };
}
