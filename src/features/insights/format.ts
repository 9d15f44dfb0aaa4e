import { formatDuration } from "@/lib/format.ts";

/** How the Insights page writes its figures: the same way in the charts, the tables and the headline numbers. */

const countFormat = new Intl.NumberFormat("en-US");
const compactFormat = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });
const dayFormat = new Intl.DateTimeFormat("en-US", { month: "short", day: "numeric", timeZone: "UTC" });
const longDayFormat = new Intl.DateTimeFormat("en-US", {
  month: "short",
  day: "numeric",
  year: "numeric",
  timeZone: "UTC",
});

const NOT_AVAILABLE = "—";

export const formatCount = (n: number): string => countFormat.format(n);
export const formatCompact = (n: number): string => compactFormat.format(n);

/** A 0..1 rate as "42.3%", or "—" when unknown. */
export function formatRate(rate: number | null): string {
  return rate === null ? NOT_AVAILABLE : formatPercent(rate * 100);
}

/** A percentage already out of 100, one decimal: "42.3%", "0%", "100%". */
export function formatPercent(percent: number): string {
  const rounded = Math.round(percent * 10) / 10;
  return `${Number.isInteger(rounded) ? rounded.toFixed(0) : rounded.toFixed(1)}%`;
}

/** A duration or "—". */
export const formatMs = (ms: number | null): string => (ms === null ? NOT_AVAILABLE : formatDuration(ms));

export const dayDate = (day: string): Date => new Date(`${day}T00:00:00Z`);
export const formatDay = (day: string): string => dayFormat.format(dayDate(day));
export const formatLongDay = (day: string): string => longDayFormat.format(dayDate(day));

/** "Nov 24, 2026" or "Oct 28 – Nov 24, 2026". */
export function formatRange(from: string, to: string): string {
  if (from === to) return formatLongDay(from);
  return from.slice(0, 4) === to.slice(0, 4)
    ? `${formatDay(from)} – ${formatLongDay(to)}`
    : `${formatLongDay(from)} – ${formatLongDay(to)}`;
}

export const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export const WEEKDAY_NAMES = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
] as const;
export const formatHour = (hour: number): string => `${String(hour).padStart(2, "0")}:00`;

/** What a rate measured on reviews says when there are none to measure it on. */
export const NOT_ENOUGH_REVIEWS = "Not enough reviews";
