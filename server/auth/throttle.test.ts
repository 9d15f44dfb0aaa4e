import { describe, expect, it } from "vitest";
import { ACCOUNT_RULE, ADDRESS_RULE, nextAllowedAt, type ThrottleRule } from "./throttle.ts";

const NOW = Date.UTC(2026, 10, 1, 9, 0, 0);
const SECOND = 1000;
const MINUTE = 60_000;

describe("nextAllowedAt", () => {
  // One row per threshold: the rule, the failures so far, what the next try must wait (null: nothing).
  it.each<[string, number, string, number | null]>([
    ["account", 0, "no wait", null],
    ["account", 2, "no wait", null],
    ["account", 3, "1 s", 1 * SECOND],
    ["account", 4, "2 s", 2 * SECOND],
    ["account", 5, "4 s", 4 * SECOND],
    ["account", 9, "64 s", 64 * SECOND],
    ["account", 10, "the 15-minute lock", 15 * MINUTE],
    ["account", 11, "the 15-minute lock", 15 * MINUTE],
    ["account", 500, "the 15-minute lock", 15 * MINUTE],
    ["address", 19, "no wait", null],
    ["address", 20, "1 s", 1 * SECOND],
    ["address", 21, "2 s", 2 * SECOND],
    ["address", 30, "15 minutes (the slow-down never exceeds the lock)", 15 * MINUTE],
    ["address", 49, "15 minutes (the slow-down never exceeds the lock)", 15 * MINUTE],
    ["address", 50, "the 15-minute lock", 15 * MINUTE],
  ])("per %s, after %i failures the next try gets %s", (rule, failures, _wait, waitMs) => {
    expect(nextAllowedAt(rule === "account" ? ACCOUNT_RULE : ADDRESS_RULE, failures, NOW)).toBe(
      waitMs === null ? null : NOW + waitMs,
    );
  });

  it("the slow-down doubles from slowAfter and never waits longer than the lock itself", () => {
    const rule: ThrottleRule = { slowAfter: 2, lockAfter: 40, lockMs: 10 * SECOND, windowMs: MINUTE };
    const waits = Array.from({ length: 12 }, (_, failures) => {
      const at = nextAllowedAt(rule, failures, NOW);
      return at === null ? null : at - NOW;
    });
    expect(waits).toEqual([
      null,
      null,
      1000,
      2000,
      4000,
      8000,
      10_000,
      10_000,
      10_000,
      10_000,
      10_000,
      10_000,
    ]);
  });

  it("an account is slowed down sooner and locked sooner than an address many agents share", () => {
    expect(ACCOUNT_RULE.slowAfter).toBeLessThan(ADDRESS_RULE.slowAfter);
    expect(ACCOUNT_RULE.lockAfter).toBeLessThan(ADDRESS_RULE.lockAfter);
    // The slow-down before the lock adds up to less than the window, so failures before it are still counted.
    const slowDown = Array.from(
      { length: ACCOUNT_RULE.lockAfter },
      (_, n) => nextAllowedAt(ACCOUNT_RULE, n, 0) ?? 0,
    ).reduce((a, b) => a + b, 0);
    expect(slowDown).toBeLessThan(ACCOUNT_RULE.windowMs);
  });
});
