import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveEvent } from "@contract/live.ts";
import { onSessionEnded } from "@/lib/api-client.ts";
import { setBearerTokenProvider } from "@/lib/auth-token.ts";
import { connectLiveStream, jitteredDelay, type LiveStatus } from "@/lib/live-stream.ts";
import { server } from "@/mocks/node.ts";

describe("jitteredDelay", () => {
  const rows = [
    { rule: "the smallest draw waits half the back-off", backoff: 1000, draw: 0, ms: 500 },
    { rule: "a middle draw waits three quarters", backoff: 1000, draw: 0.5, ms: 750 },
    { rule: "the largest draw waits (almost) all of it", backoff: 8000, draw: 0.999, ms: 7996 },
  ];
  it.each(rows)("$rule", ({ backoff, draw, ms }) => expect(jitteredDelay(backoff, () => draw)).toBe(ms));
});

const unauthorized = () =>
  HttpResponse.json(
    { error: { code: "not_signed_in", message: "Sign in to Baton first." } },
    { status: 401 },
  );
const hello = () =>
  new HttpResponse(`data: ${JSON.stringify({ type: "hello", at: "2025-01-15T10:00:00.000Z" })}\n\n`, {
    headers: { "content-type": "text/event-stream" },
  });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("connectLiveStream", () => {
  afterEach(() => setBearerTokenProvider(null));

  it("a 401 means the session ended: it is reported once and the stream does not reconnect", async () => {
    let calls = 0;
    server.use(
      http.get("/api/live", () => {
        calls++;
        return unauthorized();
      }),
    );
    const ended = vi.fn();
    const stop = onSessionEnded(ended);
    const statuses: LiveStatus[] = [];
    const close = connectLiveStream({ onEvent: () => {}, onStatus: (s) => statuses.push(s), retryMs: 5 });
    await vi.waitFor(() => expect(ended).toHaveBeenCalledTimes(1));
    await sleep(50);
    expect(calls).toBe(1);
    expect(statuses).toEqual(["connecting", "offline"]);
    close();
    stop();
  });

  it("embedded: a refused bearer token is renewed once and the stream connects with the fresh one", async () => {
    let generation = 0;
    const invalidate = vi.fn(() => void generation++);
    setBearerTokenProvider({ token: async () => `token-${generation}`, invalidate });
    server.use(
      http.get("/api/live", ({ request }) =>
        request.headers.get("authorization") === "Bearer token-1" ? hello() : unauthorized(),
      ),
    );
    const ended = vi.fn();
    const stop = onSessionEnded(ended);
    const events: LiveEvent[] = [];
    const close = connectLiveStream({ onEvent: (e) => events.push(e), retryMs: 5 });
    await vi.waitFor(() => expect(events[0]?.type).toBe("hello"));
    close();
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(ended).not.toHaveBeenCalled();
    stop();
  });
});

describe("connectLiveStream: heartbeat, back-off and resuming", () => {
  const encoder = new TextEncoder();
  const frame = (event: LiveEvent, id?: string) =>
    encoder.encode(`data: ${JSON.stringify(event)}\n${id ? `id: ${id}\n` : ""}\n`);
  /** Each request's Last-Event-ID, and a stream per request that says hello and an event, then falls silent. */
  const silentServer = (heartbeatMs: number) => {
    const lastEventIds: (string | null)[] = [];
    server.use(
      http.get("/api/live", ({ request }) => {
        lastEventIds.push(request.headers.get("last-event-id"));
        const n = lastEventIds.length;
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(frame({ type: "hello", at: "2025-01-15T10:00:00.000Z", heartbeatMs }));
            controller.enqueue(frame({ type: "heartbeat" }, `${n}0`));
          },
        });
        return new HttpResponse(body, { headers: { "content-type": "text/event-stream" } });
      }),
    );
    return lastEventIds;
  };

  beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] }));
  /**
   * Lets the fetch and stream work (real I/O turns, setImmediate is not faked) until the expectation holds; unlike
   * vi.waitFor it never moves the faked clock.
   */
  const until = async (expectation: () => void) => {
    for (let turn = 0; ; turn++) {
      try {
        expectation();
        return;
      } catch (error) {
        if (turn > 2000) throw error;
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  };
  afterEach(() => vi.useRealTimers());

  it("a stream silent for 2.5 heartbeats is reported offline and reconnects after a jittered back-off, sending the last event id", async () => {
    const lastEventIds = silentServer(1000);
    const statuses: LiveStatus[] = [];
    const close = connectLiveStream({
      onEvent: () => {},
      onStatus: (s) => statuses.push(s),
      retryMs: 1000,
      random: () => 0,
    });
    await until(() => expect(statuses).toEqual(["connecting", "live"]));
    // Heartbeats stop: after 2.5 intervals of silence the browser gives up on the stream.
    await vi.advanceTimersByTimeAsync(2499);
    expect(statuses.at(-1)).toBe("live");
    await vi.advanceTimersByTimeAsync(1);
    await until(() => expect(statuses.at(-1)).toBe("offline"));
    // The first retry waits half of 1 s (the draw is 0), then resumes from the id it saw.
    await vi.advanceTimersByTimeAsync(499);
    expect(lastEventIds).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => expect(lastEventIds).toEqual([null, "10"]));
    await until(() => expect(statuses.at(-1)).toBe("live"));
    close();
  });

  it("back-off doubles while the server stays away, each wait jittered, until a stream is live", async () => {
    let calls = 0;
    server.use(
      http.get("/api/live", () => {
        calls++;
        return calls <= 3 ? HttpResponse.error() : hello();
      }),
    );
    const statuses: LiveStatus[] = [];
    const close = connectLiveStream({
      onEvent: () => {},
      onStatus: (s) => statuses.push(s),
      retryMs: 1000,
      random: () => 0.5,
    });
    // Back-offs of 1 s, 2 s and 4 s, each drawn at three quarters: waits of 750, 1,500 and 3,000 ms.
    for (const [attempt, wait] of [
      [1, 750],
      [2, 1500],
      [3, 3000],
    ] as const) {
      await until(() => expect(statuses).toHaveLength(attempt + 1));
      expect(statuses.at(-1)).toBe("offline");
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(calls).toBe(attempt);
      await vi.advanceTimersByTimeAsync(1);
      await until(() => expect(calls).toBe(attempt + 1));
    }
    await until(() => expect(statuses).toContain("live"));
    // "Connecting" only the first time; every retry stays "offline" (shown as reconnecting) until it is live.
    expect(statuses.slice(0, 5)).toEqual(["connecting", "offline", "offline", "offline", "live"]);
    close();
  });

  it("a resync from the server asks the app to refetch and is not passed on as an event", async () => {
    server.use(
      http.get(
        "/api/live",
        () =>
          new HttpResponse(
            `data: ${JSON.stringify({ type: "hello", at: "2025-01-15T10:00:00.000Z" })}\n\ndata: {"type":"resync"}\nid: 9\n\n`,
            { headers: { "content-type": "text/event-stream" } },
          ),
      ),
    );
    const events: LiveEvent[] = [];
    const onResync = vi.fn();
    const close = connectLiveStream({ onEvent: (e) => events.push(e), onResync });
    await until(() => expect(onResync).toHaveBeenCalledTimes(1));
    expect(events.map((e) => e.type)).toEqual(["hello"]);
    close();
  });
});
