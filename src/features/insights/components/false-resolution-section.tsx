import * as Plot from "@observablehq/plot";
import { useCallback, useMemo } from "react";
import type { InsightsResponse } from "@contract/insights.ts";
import { falseResolutionData } from "@/features/insights/chart-data.ts";
import { ChartFigure } from "@/features/insights/components/chart-figure.tsx";
import { FigureSection, Stat } from "@/features/insights/components/definition-toggle.tsx";
import { formatCount, formatRate, NOT_ENOUGH_REVIEWS } from "@/features/insights/format.ts";
import { chartBase, percentTicks, tokens } from "@/features/insights/plot-theme.ts";

/** How often the bot's "resolved" was wrong, on the random sample only, with its Wilson 95% interval. */
export function FalseResolutionSection({ data }: { data: InsightsResponse }) {
  const table = useMemo(() => falseResolutionData(data), [data]);
  const f = data.falseResolution;
  const measured = f.rate !== null && f.low !== null && f.high !== null;

  const render = useCallback(
    (width: number) =>
      Plot.plot({
        ...chartBase(width, 70),
        marginLeft: 12,
        marginRight: 16,
        marginTop: 8,
        x: { domain: [0, 1], label: null, tickFormat: percentTicks, grid: true, ticks: 5 },
        marks: [
          // The interval as a band, the measured rate as a bar across it.
          Plot.barX([f], {
            x1: "low",
            x2: "high",
            fill: tokens.danger,
            fillOpacity: 0.25,
            insetTop: 6,
            insetBottom: 6,
          }),
          Plot.tickX([f], { x: "rate", stroke: tokens.danger, strokeWidth: 3 }),
        ],
      }),
    [f],
  );

  return (
    <FigureSection definition="falseResolution">
      <dl className="mb-3 grid grid-cols-1 gap-2">
        <Stat
          label="False-resolution rate"
          value={measured ? formatRate(f.rate) : NOT_ENOUGH_REVIEWS}
          detail={
            measured
              ? `95% interval ${formatRate(f.low)} – ${formatRate(f.high)} · ${formatCount(f.falseResolutions)} of ${formatCount(f.reviewed)} reviewed (${formatCount(f.sampled)} sampled)`
              : `${formatCount(f.reviewed)} of ${formatCount(f.sampled)} sampled resolutions reviewed`
          }
        />
      </dl>
      <ChartFigure
        data={table}
        render={render}
        summary={
          measured
            ? `False-resolution rate ${formatRate(f.rate)}, 95% interval from ${formatRate(f.low)} to ${formatRate(f.high)}.`
            : "No false-resolution rate: not enough reviews."
        }
        empty={measured ? null : "Not enough reviews of the random sample in this range to measure it."}
      />
    </FigureSection>
  );
}
