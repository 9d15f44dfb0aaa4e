import { describe, expect, it } from "vitest";
import { insightsQuery } from "./insights.ts";

describe("the insights range a request may ask for", () => {
  it.each([
    ["2026-11-01", "2026-11-28", true],
    ["2026-11-25", "2026-11-25", true],
    ["2025-11-01", "2026-12-05", true], // 400 days, the first and the last included
    ["2025-11-01", "2026-12-06", false], // 401 days
    ["2026-11-28", "2026-11-01", false], // ends before it starts
    ["2026-02-30", "2026-03-01", false], // no such day
    ["9999-99-99", "9999-99-99", false],
    ["0001-01-01", "9999-12-31", false],
    ["2026-1-1", "2026-01-02", false],
  ])("from %s to %s is %s", (from, to, ok) => {
    expect(insightsQuery.safeParse({ from, to }).success).toBe(ok);
  });
});
