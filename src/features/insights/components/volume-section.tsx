import * as Plot from "@observablehq/plot";
import { useCallback, useMemo } from "react";
import type { InsightsResponse } from "@contract/insights.ts";
import { volumeData } from "@/features/insights/chart-data.ts";
import { ChartFigure } from "@/features/insights/components/chart-figure.tsx";
import { FigureSection } from "@/features/insights/components/definition-toggle.tsx";
import { formatCount, formatHour, WEEKDAY_NAMES, WEEKDAYS } from "@/features/insights/format.ts";
import { chartBase, tokens } from "@/features/insights/plot-theme.ts";

/** Customer messages by hour of the week: a heatmap, Monday on top, darker is busier. */
export function VolumeSection({ data }: { data: InsightsResponse }) {
  const table = useMemo(() => volumeData(data), [data]);
  const rows = table.rows;
  const max = rows.reduce((m, r) => Math.max(m, r.messages), 0);
  const busiest = rows.reduce<(typeof rows)[number] | null>(
    (b, r) => (!b || r.messages > b.messages ? r : b),
    null,
  );

  const render = useCallback(
    (width: number) =>
      Plot.plot({
        ...chartBase(width, 7 * 24 + 40),
        marginLeft: 40,
        x: {
          type: "band",
          domain: rows.slice(0, 24).map((r) => r.hour),
          label: null,
          tickFormat: (h: number) => (h % (width < 560 ? 6 : 3) === 0 ? formatHour(h) : ""),
          tickSize: 0,
        },
        y: {
          type: "band",
          domain: [0, 1, 2, 3, 4, 5, 6],
          label: null,
          tickFormat: (d: number) => WEEKDAYS[d] ?? "",
          tickSize: 0,
        },
        opacity: { domain: [0, Math.max(1, max)], range: [0, 1] },
        marks: [
          Plot.cell(rows, { x: "hour", y: "weekday", fill: tokens.empty, inset: 1 }),
          Plot.cell(rows, {
            x: "hour",
            y: "weekday",
            fill: tokens.accent,
            fillOpacity: "messages",
            inset: 1,
            title: (r: (typeof rows)[number]) =>
              `${WEEKDAY_NAMES[r.weekday]} ${formatHour(r.hour)}: ${formatCount(r.messages)} messages`,
          }),
        ],
      }),
    [rows, max],
  );

  return (
    <FigureSection definition="volumeByHour" className="lg:col-span-2">
      <ChartFigure
        data={table}
        render={render}
        summary={
          busiest
            ? `Heatmap of customer messages by weekday and hour; the busiest hour is ${WEEKDAY_NAMES[busiest.weekday]} ${formatHour(busiest.hour)} UTC with ${formatCount(busiest.messages)} messages.`
            : "Heatmap of customer messages by weekday and hour."
        }
        empty={max === 0 ? "No customer message in this range." : null}
      />
    </FigureSection>
  );
}
