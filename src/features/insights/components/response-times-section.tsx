import * as Plot from "@observablehq/plot";
import { useCallback, useMemo } from "react";
import type { InsightsResponse } from "@contract/insights.ts";
import { humanResponseData } from "@/features/insights/chart-data.ts";
import { ChartFigure } from "@/features/insights/components/chart-figure.tsx";
import { FigureSection, Stat } from "@/features/insights/components/definition-toggle.tsx";
import { formatCount, formatMs, formatRate } from "@/features/insights/format.ts";
import { chartBase, percentTicks, tokens } from "@/features/insights/plot-theme.ts";

/** From the first customer message to the handoff: median and 90th percentile. */
export function TimeToHandoffSection({ data }: { data: InsightsResponse }) {
  const t = data.timeToHandoff;
  return (
    <FigureSection definition="timeToHandoff">
      <dl className="grid grid-cols-2 gap-2">
        <Stat label="Median" value={formatMs(t.medianMs)} />
        <Stat label="90th percentile" value={formatMs(t.p90Ms)} />
      </dl>
    </FigureSection>
  );
}

const windowColors = [tokens.success, tokens.info, tokens.danger];

/**
 * From the handoff to a person's first reply (median, 90th percentile), and how many handoffs were answered within
 * 24 hours, within the HUMAN_AGENT window, or never: one bar each, as a share of the handoffs.
 */
export function HumanFirstResponseSection({ data }: { data: InsightsResponse }) {
  const h = data.humanFirstResponse;
  const table = useMemo(() => humanResponseData(data), [data]);
  const rows = table.rows;

  const render = useCallback(
    (width: number) =>
      Plot.plot({
        ...chartBase(width, 34 + rows.length * 30),
        marginLeft: 96,
        marginRight: 48,
        x: { domain: [0, 1], label: null, grid: true, tickFormat: percentTicks, ticks: 5 },
        y: { label: null, domain: rows.map((r) => r.short) },
        color: { domain: rows.map((r) => r.short), range: windowColors },
        marks: [
          Plot.barX(rows, {
            x: "share",
            y: "short",
            fill: "short",
            title: (r: (typeof rows)[number]) =>
              `${r.window}: ${formatRate(r.share)} (${formatCount(r.handoffs)})`,
          }),
          Plot.text(rows, {
            x: "share",
            y: "short",
            text: (r: (typeof rows)[number]) => formatRate(r.share),
            textAnchor: "start",
            dx: 4,
            fill: tokens.fg,
          }),
          Plot.ruleX([0]),
        ],
      }),
    [rows],
  );

  return (
    <FigureSection definition="humanFirstResponse" className="lg:col-span-2">
      <dl className="mb-3 grid grid-cols-2 gap-2 sm:grid-cols-3">
        <Stat label="Median" value={formatMs(h.medianMs)} />
        <Stat label="90th percentile" value={formatMs(h.p90Ms)} />
        <Stat label="Handoffs" value={formatCount(h.handoffs)} />
      </dl>
      <ChartFigure
        data={table}
        render={render}
        summary={`Of ${formatCount(h.handoffs)} handoffs: ${rows.map((r) => `${r.window.toLowerCase()} ${formatRate(r.share)}`).join(", ")}.`}
        empty={h.handoffs === 0 ? "No handoff in this range." : null}
      />
    </FigureSection>
  );
}
