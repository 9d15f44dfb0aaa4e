import * as Plot from "@observablehq/plot";
import { useCallback, useMemo } from "react";
import type { InsightsResponse } from "@contract/insights.ts";
import { resolutionByDayData } from "@/features/insights/chart-data.ts";
import { ChartFigure } from "@/features/insights/components/chart-figure.tsx";
import { FigureSection, Stat } from "@/features/insights/components/definition-toggle.tsx";
import { Legend } from "@/features/insights/components/legend.tsx";
import { dayDate, formatDay, formatRate, NOT_ENOUGH_REVIEWS } from "@/features/insights/format.ts";
import { chartBase, dayAxis, percentTicks, tokens } from "@/features/insights/plot-theme.ts";

const series = [
  { key: "reported", label: "Reported", color: tokens.info },
  { key: "verified", label: "Verified", color: tokens.success },
] as const;

/** The verified bot resolution rate charted beside the reported one, day by day. */
export function ResolutionRateSection({ data }: { data: InsightsResponse }) {
  const table = useMemo(() => resolutionByDayData(data), [data]);
  const { from, to } = data.range;
  const long = useMemo(
    () =>
      table.rows.flatMap((r) =>
        series.map((s) => ({ date: dayDate(r.day), day: r.day, series: s.label, rate: r[s.key] })),
      ),
    [table.rows],
  );
  const anyRate = long.some((r) => r.rate !== null);

  const render = useCallback(
    (width: number) =>
      Plot.plot({
        ...chartBase(width, 220),
        marginLeft: 40,
        x: { ...dayAxis(from, to), label: null },
        y: { domain: [0, 1], label: null, grid: true, tickFormat: percentTicks },
        color: { domain: series.map((s) => s.label), range: series.map((s) => s.color) },
        marks: [
          Plot.ruleY([0]),
          Plot.lineY(long, {
            x: "date",
            y: "rate",
            z: "series",
            stroke: "series",
            strokeWidth: 2,
            curve: "monotone-x",
          }),
          Plot.dot(long, {
            x: "date",
            y: "rate",
            fill: "series",
            r: table.rows.length > 31 ? 1.5 : 3.5,
            title: (r: (typeof long)[number]) => `${formatDay(r.day)} · ${r.series}: ${formatRate(r.rate)}`,
          }),
        ],
      }),
    [long, from, to, table.rows.length],
  );

  return (
    <FigureSection
      definition="verifiedResolutionRate"
      title="Verified and reported resolution rate"
      className="lg:col-span-2"
    >
      <dl className="mb-3 grid grid-cols-2 gap-2">
        <Stat
          label="Reported"
          value={formatRate(data.reportedResolutionRate)}
          definition="reportedResolutionRate"
        />
        <Stat
          label="Verified"
          value={
            data.verifiedResolutionRate === null
              ? NOT_ENOUGH_REVIEWS
              : formatRate(data.verifiedResolutionRate)
          }
          detail="Reported × (1 − false-resolution rate)"
          tone="accent"
        />
      </dl>
      <ChartFigure
        data={table}
        render={render}
        summary={`Reported and verified bot resolution rate per day over ${table.rows.length} ${table.rows.length === 1 ? "day" : "days"}; in all, reported ${formatRate(data.reportedResolutionRate)}, verified ${data.verifiedResolutionRate === null ? "not measured" : formatRate(data.verifiedResolutionRate)}.`}
        empty={anyRate ? null : "No conversation with the bot in this range."}
        legend={<Legend label="Resolution rate colours" items={series} />}
      />
    </FigureSection>
  );
}
