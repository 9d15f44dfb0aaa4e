import { describe, expect, it } from "vitest";
import { HUMAN_AGENT_WINDOW_MS, STANDARD_WINDOW_MS } from "@contract/messaging-window.ts";
import { buildSummary } from "@/mocks/fixtures.ts";
import {
  countdownNextChange,
  formatTimeLeft,
  windowNextChange,
  windowStateAt,
} from "@/shared/messaging-window.ts";

const T0 = Date.parse("2025-03-01T12:00:00.000Z");
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const tag = { humanAgentTagEnabled: true };

describe("the countdown", () => {
  it("rounds up to the second, so an open window never reads 0s left", () => {
    expect(formatTimeLeft(1)).toBe("1s");
    expect(formatTimeLeft(59_001)).toBe("1m");
    expect(formatTimeLeft(2 * H)).toBe("2h");
    expect(formatTimeLeft(2 * H - 1)).toBe("2h");
    expect(formatTimeLeft(2 * H - S)).toBe("1h 59m");
  });

  it("changes next exactly when its text does", () => {
    // For each time left: when the text changes, as a time left.
    const cases: [number, number | null][] = [
      [10 * S, 9 * S],
      [10 * S - 1, 9 * S],
      [S, 0],
      [61 * S, 59 * S],
      [60 * S, 59 * S],
      [2 * H + 30 * S, 2 * H - S],
      [25 * H, 25 * H - S],
      [0, null],
    ];
    for (const [left, changesAt] of cases) {
      const next = countdownNextChange(T0 + left, T0);
      if (changesAt === null) {
        expect(next).toBeNull();
        continue;
      }
      expect(next).not.toBeNull();
      const leftThen = T0 + left - (next ?? 0);
      expect(leftThen).toBe(changesAt);
      expect(formatTimeLeft(leftThen)).not.toBe(formatTimeLeft(left));
      expect(formatTimeLeft(leftThen + 1)).toBe(formatTimeLeft(left));
    }
  });
});

describe("the window in the browser", () => {
  const wrote = (ago: number) =>
    buildSummary({ owner: "bot", lastCustomerMessageAt: new Date(T0 - ago).toISOString() });

  it("is the contract's rule at the time given, not the snapshot's", () => {
    const c = wrote(STANDARD_WINDOW_MS - S);
    expect(windowStateAt(c, new Date(T0), tag).window.kind).toBe("open");
    const later = windowStateAt(c, new Date(T0 + S), tag);
    expect(later.window.kind).toBe("human_agent");
    expect(later.owner).toBe("idle");
    expect(windowStateAt(c, new Date(T0 + S), { humanAgentTagEnabled: false }).window.kind).toBe("closed");
  });

  it("keeps the snapshot while the Page's policy is unknown", () => {
    const c = wrote(STANDARD_WINDOW_MS + H);
    expect(windowStateAt(c, new Date(T0), null).window).toEqual(c.window);
  });

  it("changes next at the transition, the countdown's next text or the closing-soon mark", () => {
    // 3 h 0 m 30 s left reads "3h" until 2 h 59 m 59 s are left, when it reads "2h 59m".
    const c = wrote(STANDARD_WINDOW_MS - (3 * H + 30 * S));
    expect(windowNextChange(c, T0, tag)).toBe(T0 + 31 * S);
    // Exactly two hours left: the closing-soon mark is a millisecond away.
    const two = wrote(STANDARD_WINDOW_MS - 2 * H);
    expect(windowNextChange(two, T0, tag)).toBe(T0 + 1);
    // The last second: the transition.
    const last = wrote(STANDARD_WINDOW_MS - 500);
    expect(windowNextChange(last, T0, tag)).toBe(T0 + 500);
    // Closed for good: nothing changes until the customer writes.
    expect(windowNextChange(wrote(HUMAN_AGENT_WINDOW_MS), T0, tag)).toBeNull();
    // Closed without the tag, 30 hours in: the reason changes at 7 days.
    expect(windowNextChange(wrote(30 * H), T0, { humanAgentTagEnabled: false })).toBe(
      T0 + HUMAN_AGENT_WINDOW_MS - 30 * H,
    );
  });
});
