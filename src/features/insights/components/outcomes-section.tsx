import * as Plot from "@observablehq/plot";
import { useCallback, useMemo } from "react";
import type { InsightsResponse } from "@contract/insights.ts";
import { outcomesData } from "@/features/insights/chart-data.ts";
import { ChartFigure } from "@/features/insights/components/chart-figure.tsx";
import { FigureSection, Stat } from "@/features/insights/components/definition-toggle.tsx";
import { Legend } from "@/features/insights/components/legend.tsx";
import { outcomeColors, outcomeLabels, outcomeOrder } from "@/features/insights/figures.ts";
import { formatCount, formatPercent } from "@/features/insights/format.ts";
import { chartBase } from "@/features/insights/plot-theme.ts";

/**
 * Where each cohort conversation ended up, in exclusive classes (one stacked bar that fills exactly 100%), and the
 * rates read from it: the reported bot resolution rate (confirmed and assumed apart) and the handoff rate.
 */
export function OutcomesSection({ data }: { data: InsightsResponse }) {
  const table = useMemo(() => outcomesData(data), [data]);
  const shares = table.rows;
  const percentOf = (outcome: (typeof outcomeOrder)[number]) =>
    shares.find((s) => s.outcome === outcome)?.percent ?? 0;
  const confirmed = percentOf("confirmed");
  const assumed = percentOf("assumed");
  const cohort = data.cohort.conversations;

  const render = useCallback(
    (width: number) =>
      Plot.plot({
        ...chartBase(width, 64),
        marginLeft: 0,
        marginRight: 0,
        x: { domain: [0, 100], label: null, tickFormat: (d: number) => `${d}%`, ticks: 5 },
        color: { domain: [...outcomeOrder], range: outcomeOrder.map((o) => outcomeColors[o]) },
        marks: [
          Plot.barX(shares, {
            x: "percent",
            fill: "outcome",
            order: [...outcomeOrder],
            title: (s: (typeof shares)[number]) =>
              `${outcomeLabels[s.outcome]}: ${formatPercent(s.percent)} (${formatCount(s.conversations)})`,
            insetRight: 1,
          }),
        ],
      }),
    [shares],
  );

  return (
    <FigureSection definition="outcomes" className="lg:col-span-2">
      <dl className="mb-4 grid grid-cols-1 gap-2 sm:grid-cols-2">
        <Stat
          label="Reported bot resolution rate"
          value={formatPercent(confirmed + assumed)}
          detail={`${formatPercent(confirmed)} confirmed · ${formatPercent(assumed)} assumed`}
          definition="reportedResolutionRate"
          tone="accent"
        />
        <Stat
          label="Handoff rate"
          value={formatPercent(percentOf("handed_off"))}
          detail={`${formatCount(shares.find((s) => s.outcome === "handed_off")?.conversations ?? 0)} of ${formatCount(cohort)} conversations`}
          definition="handoffRate"
        />
      </dl>
      <ChartFigure
        data={table}
        render={render}
        summary={`Outcomes as one bar of 100%: ${shares.map((s) => `${outcomeLabels[s.outcome]} ${formatPercent(s.percent)}`).join(", ")}.`}
        empty={cohort === 0 ? "No conversation with the bot in this range." : null}
        legend={
          <Legend
            label="Outcome colours"
            items={shares.map((s) => ({
              label: `${outcomeLabels[s.outcome]} ${formatPercent(s.percent)}`,
              color: outcomeColors[s.outcome],
            }))}
          />
        }
      />
    </FigureSection>
  );
}
