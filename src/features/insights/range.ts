import { insightsQuery, type InsightsQuery, type InsightsRangePreset } from "@contract/insights.ts";
import { INSIGHTS_URL } from "@/lib/app-path.ts";

/**
 * The Insights page's range lives in its URL: `/insights?range=7d` for a preset, `/insights?from=…&to=…` for custom
 * days (inclusive, UTC, like the API). Nothing else remembers it, so a link to the page shows what its sender saw.
 */

export type FixedPreset = Exclude<InsightsRangePreset, "custom">;

export const presets: readonly { id: FixedPreset; label: string; days: number }[] = [
  { id: "today", label: "Today", days: 1 },
  { id: "7d", label: "7 days", days: 7 },
  { id: "28d", label: "28 days", days: 28 },
  { id: "90d", label: "90 days", days: 90 },
];

const DEFAULT_PRESET: FixedPreset = "28d";

export interface InsightsRange {
  preset: InsightsRangePreset;
  query: InsightsQuery;
}

const DAY_MS = 86_400_000;

/** Today in UTC, as YYYY-MM-DD (the shop's time zone, UTC for now). */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** A day `n` days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

function presetQuery(preset: FixedPreset, today: string): InsightsQuery {
  const days = presets.find((p) => p.id === preset)?.days ?? 28;
  return { from: addDays(today, -(days - 1)), to: today };
}

const isPreset = (value: string | null): value is FixedPreset => presets.some((p) => p.id === value);

/** The range a URL's parameters ask for: valid custom days first, then a preset, else the last 28 days. */
export function rangeFromParams(
  params: { range: string | null; from: string | null; to: string | null },
  today: string,
): InsightsRange {
  if (params.from !== null || params.to !== null) {
    const custom = insightsQuery.safeParse({ from: params.from, to: params.to });
    if (custom.success) return { preset: "custom", query: custom.data };
  }
  const preset = isPreset(params.range) ? params.range : DEFAULT_PRESET;
  return { preset, query: presetQuery(preset, today) };
}

/** The page's URL for a range. */
export function rangeUrl(
  range: { preset: FixedPreset } | { preset: "custom"; query: InsightsQuery },
): string {
  const params = new URLSearchParams(
    range.preset === "custom" ? { from: range.query.from, to: range.query.to } : { range: range.preset },
  );
  return `${INSIGHTS_URL}?${params.toString()}`;
}
