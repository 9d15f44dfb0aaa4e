import type { HandoffReason, InsightsResponse, OutcomeClass } from "@contract/insights.ts";

/** Labels, colours and the arithmetic the page does on the API's figures (display only: no figure is computed here). */

export const outcomeOrder: readonly OutcomeClass[] = [
  "confirmed",
  "assumed",
  "awaiting",
  "handed_off",
  "unresolved",
];

export const outcomeLabels: Record<OutcomeClass, string> = {
  confirmed: "Confirmed by the customer",
  assumed: "Assumed (customer went quiet)",
  awaiting: "Awaiting the quiet time",
  handed_off: "Handed off",
  unresolved: "Unresolved",
};

/** Design tokens, so each colour has its light and its dark value. */
export const outcomeColors: Record<OutcomeClass, string> = {
  confirmed: "var(--color-success)",
  assumed: "var(--color-info)",
  awaiting: "var(--color-line-strong)",
  handed_off: "var(--color-warning)",
  unresolved: "var(--color-danger)",
};

export const handoffReasonLabels: Record<HandoffReason, string> = {
  chip: "Chip or button tapped",
  typed_phrase: "Phrase typed",
  postback: "Bot's postback",
  no_bot_answer: "No bot answer",
  passed: "Bot passed control",
  other: "Other",
};

export interface OutcomeShare {
  outcome: OutcomeClass;
  conversations: number;
  /** Out of 100, one decimal; the shares of a cohort add up to exactly 100 (or 0 for an empty cohort). */
  percent: number;
}

/**
 * Each class's share of the cohort, from the counts (the classes are exclusive), rounded by the largest remainder so
 * the shares shown never add up to more than 100%: plain rounding would show 33.3 + 33.3 + 33.3 or 16.7 × 6 = 100.2.
 */
export function outcomeShares(outcomes: InsightsResponse["outcomes"]): OutcomeShare[] {
  const counts = outcomeOrder.map((outcome) => ({
    outcome,
    conversations: outcomes.filter((o) => o.outcome === outcome).reduce((sum, o) => sum + o.conversations, 0),
  }));
  const total = counts.reduce((sum, c) => sum + c.conversations, 0);
  if (total === 0) return counts.map((c) => ({ ...c, percent: 0 }));
  // In tenths of a percent: 1000 units to hand out.
  const exact = counts.map((c) => (c.conversations * 1000) / total);
  const units = exact.map(Math.floor);
  let left = 1000 - units.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((e, i) => ({ i, r: e - Math.floor(e) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    units[i] = (units[i] ?? 0) + 1;
    left -= 1;
  }
  return counts.map((c, i) => ({ ...c, percent: (units[i] ?? 0) / 10 }));
}

/** A count's share of a whole as a 0..1 rate (0 for an empty whole). */
export const shareOf = (part: number, whole: number): number => (whole > 0 ? Math.min(1, part / whole) : 0);
