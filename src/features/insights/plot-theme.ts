import type { PlotOptions, ScaleOptions } from "@observablehq/plot";
import { dayDate, formatDay } from "@/features/insights/format.ts";

/**
 * What every chart of the page shares: Baton's font, text in the surrounding colour (muted, readable in light and
 * dark), no background of its own, and the design tokens as colours (so the dark theme recolours them too).
 */
export function chartBase(width: number, height: number): PlotOptions {
  return {
    width,
    height,
    style:
      "background: transparent; color: var(--color-muted); font: 11px/1.2 var(--font-sans); --plot-background: var(--color-surface); overflow: visible;",
  };
}

export const tokens = {
  accent: "var(--color-accent)",
  success: "var(--color-success)",
  info: "var(--color-info)",
  warning: "var(--color-warning)",
  danger: "var(--color-danger)",
  grid: "var(--color-line)",
  empty: "var(--color-surface-3)",
  fg: "var(--color-fg)",
  muted: "var(--color-muted)",
};

const HALF_DAY = 43_200_000;
const monthFormat = new Intl.DateTimeFormat("en-US", { month: "short", timeZone: "UTC" });

/**
 * A time axis over the range's days, ticked in days, weeks or months (never hours: the figures are per day). A single
 * day gets half a day each side, so its point sits in the middle; `bars` leaves room for the last day's bar.
 */
export function dayAxis(from: string, to: string, bars = false): ScaleOptions {
  const start = dayDate(from).getTime();
  const end = dayDate(to).getTime();
  const days = Math.round((end - start) / (2 * HALF_DAY)) + 1;
  if (days === 1) {
    const middle = new Date(start + HALF_DAY);
    return bars
      ? {
          type: "utc",
          domain: [new Date(start), new Date(start + 2 * HALF_DAY)],
          ticks: [middle],
          tickFormat: () => formatDay(from),
        }
      : {
          type: "utc",
          domain: [new Date(start - HALF_DAY), new Date(start + HALF_DAY)],
          ticks: [new Date(start)],
          tickFormat: () => formatDay(from),
        };
  }
  const domain = [new Date(start), new Date(bars ? end + 2 * HALF_DAY : end)];
  if (days <= 10)
    return {
      type: "utc",
      domain,
      ticks: "day",
      tickFormat: (d: Date) => formatDay(d.toISOString().slice(0, 10)),
    };
  if (days <= 62)
    return {
      type: "utc",
      domain,
      ticks: "week",
      tickFormat: (d: Date) => formatDay(d.toISOString().slice(0, 10)),
    };
  return { type: "utc", domain, ticks: "month", tickFormat: (d: Date) => monthFormat.format(d) };
}

/** Counts on an axis: whole numbers only (no "2.5 conversations"). */
export const countTicks = (d: number) =>
  Number.isInteger(d) ? new Intl.NumberFormat("en-US", { notation: "compact" }).format(d) : "";

/** A 0..1 axis written as percentages. */
export const percentTicks = (d: number) => `${Math.round(d * 100)}%`;
