import { liveEvent, type LiveEvent } from "@contract/live.ts";
import { apiUrl, authorizedFetch } from "@/lib/api-client.ts";

export type LiveStatus = "connecting" | "live" | "offline";

export interface LiveStreamOptions {
  url?: string;
  onEvent: (event: LiveEvent) => void;
  /** Called when the stream is back after a drop (not on the first connect). */
  onReconnect?: () => void;
  onStatus?: (status: LiveStatus) => void;
  /** Milliseconds before the first retry; doubles up to 15 s. */
  retryMs?: number;
}

/** Splits an SSE byte stream into `data:` payloads (one JSON object per event). */
export function parseSseChunk(buffer: string): { events: string[]; rest: string } {
  const events: string[] = [];
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    const data = block
      .split(/\r?\n/)
      .filter((line) => line.startsWith("data:"))
      .map((line) => line.slice(5).replace(/^ /, ""))
      .join("\n");
    if (data) events.push(data);
  }
  return { events, rest };
}

/**
 * Reads GET /api/live with fetch (so the session cookie or the embedded host's bearer token goes along, and it runs
 * the same in tests) and reconnects with backoff. A 401 means the session ended: authorizedFetch has already renewed
 * a bearer token once and reported the end, so the stream stops instead of retrying. Returns a function that closes it.
 */
export function connectLiveStream(options: LiveStreamOptions): () => void {
  const controller = new AbortController();
  const baseRetry = options.retryMs ?? 1000;
  let retry = baseRetry;
  let connectedBefore = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const run = async (): Promise<void> => {
    options.onStatus?.("connecting");
    try {
      const response = await authorizedFetch(options.url ?? apiUrl("/api/live"), {
        headers: { accept: "text/event-stream" },
        signal: controller.signal,
        cache: "no-store",
      });
      if (response.status === 401) {
        options.onStatus?.("offline");
        return;
      }
      if (!response.ok || !response.body) throw new Error(`live stream answered ${response.status}`);
      options.onStatus?.("live");
      if (connectedBefore) options.onReconnect?.();
      connectedBefore = true;
      retry = baseRetry;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const { events, rest } = parseSseChunk(buffer);
        buffer = rest;
        for (const data of events) {
          let json: unknown;
          try {
            json = JSON.parse(data);
          } catch {
            continue;
          }
          const parsed = liveEvent.safeParse(json);
          if (parsed.success) options.onEvent(parsed.data);
        }
      }
    } catch {
      if (controller.signal.aborted) return;
    }
    if (controller.signal.aborted) return;
    options.onStatus?.("offline");
    timer = setTimeout(() => void run(), retry);
    retry = Math.min(retry * 2, 15_000);
  };
  void run();
  return () => {
    controller.abort();
    if (timer) clearTimeout(timer);
  };
}
