import * as Plot from "@observablehq/plot";
import { useCallback, useMemo } from "react";
import type { InsightsResponse } from "@contract/insights.ts";
import { handoffReasonsData } from "@/features/insights/chart-data.ts";
import { ChartFigure } from "@/features/insights/components/chart-figure.tsx";
import { FigureSection } from "@/features/insights/components/definition-toggle.tsx";
import { handoffReasonLabels } from "@/features/insights/figures.ts";
import { formatCompact, formatCount } from "@/features/insights/format.ts";
import { chartBase, tokens } from "@/features/insights/plot-theme.ts";

/** Why conversations reached a human: one bar per reason. */
export function HandoffReasonsSection({ data }: { data: InsightsResponse }) {
  const table = useMemo(() => handoffReasonsData(data), [data]);
  const rows = table.rows;
  const total = rows.reduce((sum, r) => sum + r.conversations, 0);

  const render = useCallback(
    (width: number) =>
      Plot.plot({
        ...chartBase(width, 34 + rows.length * 28),
        marginLeft: 140,
        marginRight: 48,
        x: {
          label: null,
          grid: true,
          tickFormat: formatCompact,
          ticks: Math.max(2, Math.floor(width / 110)),
        },
        y: { label: null, domain: rows.map((r) => handoffReasonLabels[r.reason]) },
        marks: [
          Plot.barX(rows, {
            x: "conversations",
            y: (r: (typeof rows)[number]) => handoffReasonLabels[r.reason],
            fill: tokens.warning,
            title: (r: (typeof rows)[number]) =>
              `${handoffReasonLabels[r.reason]}: ${formatCount(r.conversations)}`,
          }),
          Plot.text(rows, {
            x: "conversations",
            y: (r: (typeof rows)[number]) => handoffReasonLabels[r.reason],
            text: (r: (typeof rows)[number]) => formatCompact(r.conversations),
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
    <FigureSection definition="handoffsByReason">
      <ChartFigure
        data={table}
        render={render}
        summary={`Handoffs by reason: ${rows.map((r) => `${handoffReasonLabels[r.reason]} ${formatCount(r.conversations)}`).join(", ")}.`}
        empty={total === 0 ? "No handoff in this range." : null}
      />
    </FigureSection>
  );
}
