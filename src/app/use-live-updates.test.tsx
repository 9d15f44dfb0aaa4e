import { QueryClientProvider } from "@tanstack/react-query";
import { act, render, screen } from "@testing-library/react";
import { http, HttpResponse } from "msw";
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { ReconnectingNotice } from "@/app/reconnecting-notice.tsx";
import { useLiveUpdates } from "@/app/use-live-updates.ts";
import type { SessionResponse } from "@contract/auth.ts";
import { server } from "@/mocks/node.ts";
import { sessionKeys } from "@/shared/query-keys.ts";
import { testQueryClient } from "@/test/render.tsx";

function LiveProbe() {
  return <ReconnectingNotice live={useLiveUpdates()} />;
}

beforeEach(() => vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] }));
afterEach(() => vi.useRealTimers());

/** Lets fetches and streams run (setImmediate is real) until the expectation holds, without moving the faked clock. */
async function until(expectation: () => void): Promise<void> {
  for (let turn = 0; ; turn++) {
    try {
      expectation();
      return;
    } catch (error) {
      if (turn > 2000) throw error;
      await act(() => new Promise((resolve) => setImmediate(resolve)));
    }
  }
}

it("the shell says Reconnecting… when the heartbeat stops, and stops saying it once a new stream is live", async () => {
  const requests: (string | null)[] = [];
  const encoder = new TextEncoder();
  server.use(
    http.get("/api/live", ({ request }) => {
      requests.push(request.headers.get("last-event-id"));
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          const hello = { type: "hello", at: "2025-01-15T10:00:00.000Z", heartbeatMs: 1000 };
          controller.enqueue(encoder.encode(`data: ${JSON.stringify(hello)}\n\n`));
          controller.enqueue(encoder.encode(`data: {"type":"heartbeat"}\nid: 7\n\n`));
          // …and then nothing: the server (or the network) has gone quiet.
        },
      });
      return new HttpResponse(body, { headers: { "content-type": "text/event-stream" } });
    }),
  );
  const qc = testQueryClient();
  // Signed in (the session query's answer, seeded: the mock server's answers wait on timers this test fakes).
  qc.setQueryData<SessionResponse>(sessionKeys.current(), {
    agent: { id: "agent-ana", name: "Ana", email: null, role: "agent" },
    via: "cookie",
    expiresAt: "2099-01-01T00:00:00.000Z",
  });
  render(
    <QueryClientProvider client={qc}>
      <LiveProbe />
    </QueryClientProvider>,
  );
  await until(() => expect(requests).toHaveLength(1));
  const status = screen.getByRole("status");
  expect(status).toBeEmptyDOMElement();
  // 2.5 heartbeat intervals without a word: the stream is taken for dead.
  await act(() => vi.advanceTimersByTimeAsync(2500));
  await until(() => expect(status).toHaveTextContent("Reconnecting…"));
  // The jittered back-off (at most the first second) passes; the browser resumes from the id it saw.
  await act(() => vi.advanceTimersByTimeAsync(1000));
  await until(() => expect(requests).toEqual([null, "7"]));
  await until(() => expect(status).toBeEmptyDOMElement());
  qc.clear();
});
