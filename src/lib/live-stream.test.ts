import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { LiveEvent } from "@contract/live.ts";
import { onSessionEnded } from "@/lib/api-client.ts";
import { setBearerTokenProvider } from "@/lib/auth-token.ts";
import { connectLiveStream, parseSseChunk, type LiveStatus } from "@/lib/live-stream.ts";
import { server } from "@/mocks/node.ts";

describe("parseSseChunk", () => {
  it("returns complete data payloads and keeps the unfinished rest", () => {
    const { events, rest } = parseSseChunk('data: {"a":1}\n\n: keep-alive\n\ndata: {"b"');
    expect(events).toEqual(['{"a":1}']);
    expect(rest).toBe('data: {"b"');
  });

  it("joins multi-line data and accepts CRLF", () => {
    expect(parseSseChunk("event: x\r\ndata: one\r\ndata: two\r\n\r\n").events).toEqual(["one\ntwo"]);
  });
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
