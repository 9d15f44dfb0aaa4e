import { fireEvent, render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import type { InsightsResponse, OutcomeClass } from "@contract/insights.ts";
import { emptyRangeFixture, insightsFor } from "@/mocks/insights-fixtures.ts";
import { createRng } from "@/mocks/random.ts";
import { OutcomesSection } from "@/features/insights/components/outcomes-section.tsx";
import { outcomeOrder, outcomeShares } from "@/features/insights/figures.ts";

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** Outcome counts as the API sends them, with rates rounded the way a server might (they can add up past 1). */
function outcomes(counts: number[]): InsightsResponse["outcomes"] {
  const total = sum(counts);
  return outcomeOrder.map((outcome: OutcomeClass, i) => ({
    outcome,
    conversations: counts[i] ?? 0,
    rate: total ? Math.min(1, Math.round(((counts[i] ?? 0) / total) * 1000) / 1000 + 0.0004) : 0,
  }));
}

describe("outcome shares", () => {
  it("never add up to more than 100%, whatever the counts", () => {
    const rng = createRng(10);
    for (let i = 0; i < 2000; i++) {
      const counts = outcomeOrder.map(() =>
        rng.chance(0.2) ? 0 : rng.int(0, rng.chance(0.5) ? 9 : 100_000),
      );
      const shares = outcomeShares(outcomes(counts)).map((s) => s.percent);
      const total = sum(shares);
      expect(Math.round(total * 10)).toBe(sum(counts) === 0 ? 0 : 1000);
    }
  });

  it("thirds and sixths add up to exactly 100%, where plain rounding would show 100.1% or 99.9%", () => {
    expect(outcomeShares(outcomes([1, 1, 1, 0, 0])).map((s) => s.percent)).toEqual([33.4, 33.3, 33.3, 0, 0]);
    expect(sum(outcomeShares(outcomes([1, 1, 1, 1, 1])).map((s) => s.percent))).toBe(100);
  });

  it("the outcomes section shows rates that add up to no more than 100%, and the reported rate is confirmed plus assumed", () => {
    const data: InsightsResponse = { ...insightsFor({ from: "2026-11-01", to: "2026-11-07" }) };
    data.outcomes = outcomes([1, 1, 1, 1, 2]);
    data.cohort = { ...data.cohort, conversations: 6 };
    render(<OutcomesSection data={data} />);
    fireEvent.click(screen.getByRole("button", { name: /^Show table/ }));
    const table = screen.getByRole("table", { name: "Outcomes of the cohort's conversations" });
    const shares = within(table)
      .getAllByRole("row")
      .slice(1)
      .map((row) => Number((row.lastElementChild?.textContent ?? "").replace("%", "")));
    expect(shares).toHaveLength(5);
    expect(sum(shares)).toBeLessThanOrEqual(100);
    expect(sum(shares)).toBeCloseTo(100, 6);
    // 1 of 6 is 16.7% plainly rounded; five of them would add to 100.2%.
    expect(within(table).getByRole("row", { name: /Unresolved/ })).toHaveTextContent("33.3%");
    expect(within(table).getByRole("row", { name: /Handed off/ })).toHaveTextContent("16.6%");
    expect(screen.getByText(/confirmed · .* assumed/)).toHaveTextContent("16.7% confirmed · 16.7% assumed");
    expect(screen.getByText("33.4%")).toBeInTheDocument();
  });

  it("an empty range has no bar, and shares of 0%", () => {
    render(<OutcomesSection data={emptyRangeFixture} />);
    expect(screen.getByText("No conversation with the bot in this range.")).toBeInTheDocument();
    expect(screen.queryByRole("img")).toBeNull();
  });
});
