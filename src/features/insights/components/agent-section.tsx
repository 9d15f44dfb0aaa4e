import * as Plot from "@observablehq/plot";
import { useCallback, useMemo } from "react";
import type { InsightsResponse } from "@contract/insights.ts";
import { agentData } from "@/features/insights/chart-data.ts";
import { ChartFigure } from "@/features/insights/components/chart-figure.tsx";
import { FigureSection } from "@/features/insights/components/definition-toggle.tsx";
import { formatCompact, formatCount, formatMs } from "@/features/insights/format.ts";
import { chartBase, tokens } from "@/features/insights/plot-theme.ts";

/** What each agent handled, with their median first response after a handoff beside the bar. */
export function AgentSection({ data }: { data: InsightsResponse }) {
  const table = useMemo(() => agentData(data), [data]);
  const rows = table.rows;

  const render = useCallback(
    (width: number) =>
      Plot.plot({
        ...chartBase(width, 34 + rows.length * 30),
        marginLeft: 120,
        marginRight: 110,
        x: {
          label: null,
          grid: true,
          tickFormat: formatCompact,
          ticks: Math.max(2, Math.floor(width / 110)),
        },
        y: { label: null, domain: rows.map((r) => r.name) },
        marks: [
          Plot.barX(rows, {
            x: "handled",
            y: "name",
            fill: tokens.accent,
            title: (r: (typeof rows)[number]) =>
              `${r.name}: ${formatCount(r.handled)} handled, median first response ${formatMs(r.medianFirstResponseMs)}`,
          }),
          Plot.text(rows, {
            x: "handled",
            y: "name",
            text: (r: (typeof rows)[number]) =>
              `${formatCompact(r.handled)} · ${formatMs(r.medianFirstResponseMs)}`,
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
    <FigureSection definition="byAgent">
      <ChartFigure
        data={table}
        render={render}
        summary={`Conversations handled per agent, with their median first response: ${rows.map((r) => `${r.name} ${formatCount(r.handled)}, ${formatMs(r.medianFirstResponseMs)}`).join("; ")}.`}
        empty={rows.length === 0 ? "No agent replied in this range." : null}
      />
    </FigureSection>
  );
}
