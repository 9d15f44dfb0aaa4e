import type { PlotOptions } from "@observablehq/plot";
import { dayDate } from "@/features/insights/format.ts";

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

/** A time axis over the range's days (a single day gets half a day each side, so its point sits in the middle). */
export function dayDomain(from: string, to: string, bars = false): [Date, Date] {
  const start = dayDate(from);
  const end = dayDate(to);
  if (bars) return [start, new Date(end.getTime() + 2 * HALF_DAY)];
  return from === to
    ? [new Date(start.getTime() - HALF_DAY), new Date(end.getTime() + HALF_DAY)]
    : [start, end];
}

/** A 0..1 axis written as percentages. */
export const percentTicks = (d: number) => `${Math.round(d * 100)}%`;
