import { QueryClient } from "@tanstack/react-query";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveEvent } from "@contract/live.ts";
import { buildSummary } from "@/mocks/fixtures.ts";
import { applyLiveEvent, COUNTS_REFRESH_MS } from "@/shared/live-router.ts";
import { conversationKeys } from "@/shared/query-keys.ts";

const event = (id: string, version = 1): LiveEvent => ({
  type: "conversation",
  conversation: buildSummary({ id, version }),
  items: [],
  escalated: false,
});

describe("applyLiveEvent: the view counts are refreshed at a bounded rate", () => {
  let qc: QueryClient;
  let countRefreshes: () => number;

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date"] });
    qc = new QueryClient();
    const invalidate = vi.spyOn(qc, "invalidateQueries");
    countRefreshes = () =>
      invalidate.mock.calls.filter(([filters]) => {
        const key = filters?.queryKey;
        return JSON.stringify(key) === JSON.stringify(conversationKeys.counts());
      }).length;
  });
  afterEach(() => {
    vi.useRealTimers();
    qc.clear();
  });

  it("the first event refreshes the counts at once", () => {
    applyLiveEvent(qc, event("a"), null);
    expect(countRefreshes()).toBe(1);
  });

  it("a burst of events within the interval costs one more refresh, at its end", () => {
    applyLiveEvent(qc, event("a"), null);
    for (let i = 0; i < 100; i++) applyLiveEvent(qc, event(`b${i}`), null);
    expect(countRefreshes()).toBe(1);
    vi.advanceTimersByTime(COUNTS_REFRESH_MS - 1);
    expect(countRefreshes()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(countRefreshes()).toBe(2);
    // Nothing more arrived: nothing more is fetched.
    vi.advanceTimersByTime(10 * COUNTS_REFRESH_MS);
    expect(countRefreshes()).toBe(2);
  });

  it("a steady stream of events refreshes the counts once per interval", () => {
    for (let ms = 0; ms < 10_000; ms += 100) {
      applyLiveEvent(qc, event(`c${ms}`), null);
      vi.advanceTimersByTime(100);
    }
    // At 0 s, then at every interval's end up to the last event's trailing refresh at 10 s.
    expect(countRefreshes()).toBe(1 + 10_000 / COUNTS_REFRESH_MS);
  });

  it("an event after a quiet interval refreshes at once again", () => {
    applyLiveEvent(qc, event("a"), null);
    vi.advanceTimersByTime(COUNTS_REFRESH_MS);
    applyLiveEvent(qc, event("b"), null);
    expect(countRefreshes()).toBe(2);
  });
});
