import * as Plot from "@observablehq/plot";
import { useCallback, useMemo } from "react";
import type { InsightsResponse } from "@contract/insights.ts";
import { flowLabels } from "@contract/review.ts";
import { flowData } from "@/features/insights/chart-data.ts";
import { ChartFigure } from "@/features/insights/components/chart-figure.tsx";
import { FigureSection } from "@/features/insights/components/definition-toggle.tsx";
import { Legend } from "@/features/insights/components/legend.tsx";
import { formatCompact, formatCount } from "@/features/insights/format.ts";
import { chartBase, tokens } from "@/features/insights/plot-theme.ts";

const parts = [
  { key: "botResolved", label: "Bot resolved", color: tokens.success },
  { key: "handedOff", label: "Handed off", color: tokens.warning },
  { key: "other", label: "Neither yet", color: "var(--color-line-strong)" },
] as const;

/** Cohort conversations by the bot flow they ran through, each bar split by how they ended. */
export function FlowSection({ data }: { data: InsightsResponse }) {
  const table = useMemo(() => flowData(data), [data]);
  const long = useMemo(
    () =>
      table.rows.flatMap((r) =>
        parts.map((p) => ({ flow: flowLabels[r.flow], part: p.label, conversations: r[p.key] })),
      ),
    [table.rows],
  );
  const total = table.rows.reduce((sum, r) => sum + r.conversations, 0);

  const render = useCallback(
    (width: number) =>
      Plot.plot({
        ...chartBase(width, 34 + table.rows.length * 30),
        marginLeft: 120,
        x: {
          label: null,
          grid: true,
          tickFormat: formatCompact,
          ticks: Math.max(2, Math.floor(width / 110)),
        },
        y: { label: null, domain: table.rows.map((r) => flowLabels[r.flow]) },
        color: { domain: parts.map((p) => p.label), range: parts.map((p) => p.color) },
        marks: [
          Plot.barX(long, {
            x: "conversations",
            y: "flow",
            fill: "part",
            order: parts.map((p) => p.label),
            title: (r: (typeof long)[number]) => `${r.flow} · ${r.part}: ${formatCount(r.conversations)}`,
          }),
          Plot.ruleX([0]),
        ],
      }),
    [long, table.rows],
  );

  return (
    <FigureSection definition="byFlow">
      <ChartFigure
        data={table}
        render={render}
        summary={`Conversations by flow: ${table.rows.map((r) => `${flowLabels[r.flow]} ${formatCount(r.conversations)}`).join(", ")}.`}
        empty={total === 0 ? "No conversation with the bot in this range." : null}
        legend={<Legend label="Flow outcome colours" items={parts} />}
      />
    </FigureSection>
  );
}
