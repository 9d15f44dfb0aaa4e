import * as Plot from "@observablehq/plot";
import { useCallback, useMemo } from "react";
import type { InsightsResponse } from "@contract/insights.ts";
import { misbehaviourData } from "@/features/insights/chart-data.ts";
import { ChartFigure } from "@/features/insights/components/chart-figure.tsx";
import { FigureSection } from "@/features/insights/components/definition-toggle.tsx";
import { Legend } from "@/features/insights/components/legend.tsx";
import { dayDate, formatCount, formatDay } from "@/features/insights/format.ts";
import { chartBase, countTicks, dayAxis, tokens } from "@/features/insights/plot-theme.ts";

const series = [
  { key: "repliedAfterHandoff", label: "Replied after the handoff", color: tokens.danger },
  { key: "autoresponderSuspected", label: "Autoresponder suspected", color: tokens.warning },
] as const;

/** What the bot did wrong, day by day: stacked bars of its two misbehaviours. */
export function MisbehaviourSection({ data }: { data: InsightsResponse }) {
  const table = useMemo(() => misbehaviourData(data), [data]);
  const { from, to } = data.range;
  const long = useMemo(
    () =>
      table.rows.flatMap((r) =>
        series.map((s) => ({ date: dayDate(r.day), day: r.day, series: s.label, count: r[s.key] })),
      ),
    [table.rows],
  );
  const total = long.reduce((sum, r) => sum + r.count, 0);

  const render = useCallback(
    (width: number) =>
      Plot.plot({
        ...chartBase(width, 200),
        marginLeft: 44,
        x: { ...dayAxis(from, to, true), label: null },
        y: { label: null, grid: true, tickFormat: countTicks },
        color: { domain: series.map((s) => s.label), range: series.map((s) => s.color) },
        marks: [
          Plot.rectY(long, {
            x: "date",
            interval: "day",
            y: "count",
            fill: "series",
            insetLeft: 0.5,
            insetRight: 0.5,
            title: (r: (typeof long)[number]) => `${formatDay(r.day)} · ${r.series}: ${formatCount(r.count)}`,
          }),
          Plot.ruleY([0]),
        ],
      }),
    [long, from, to],
  );

  return (
    <FigureSection definition="misbehaviour">
      <ChartFigure
        data={table}
        render={render}
        summary={`Bot misbehaviour per day over ${table.rows.length} days: ${series
          .map((s) => `${s.label} ${formatCount(table.rows.reduce((sum, r) => sum + r[s.key], 0))} in all`)
          .join(", ")}.`}
        empty={total === 0 ? "No misbehaviour in this range." : null}
        legend={<Legend label="Misbehaviour colours" items={series} />}
      />
    </FigureSection>
  );
}
