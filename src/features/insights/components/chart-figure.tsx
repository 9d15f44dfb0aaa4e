import { useId, useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button.tsx";
import { downloadCsv, toCsv, type CsvValue } from "@/features/insights/csv.ts";
import { PlotChart, type RenderChart } from "@/features/insights/components/plot-chart.tsx";

export interface DataColumn<Row> {
  header: string;
  /** The CSV's header when it differs from the table's (units of a raw value). */
  csvHeader?: string;
  /** The value in the CSV (raw: counts, rates as 0..1, durations in seconds). */
  csv: (row: Row) => CsvValue;
  /** The value in the table, as the page writes it. */
  cell: (row: Row) => ReactNode;
  /** Right-aligned (numbers). */
  numeric?: boolean;
  /** This column names the row (a row header). */
  rowHeader?: boolean;
}

export interface ChartData<Row> {
  /** The table's caption and the chart's name. */
  caption: string;
  columns: readonly DataColumn<Row>[];
  rows: readonly Row[];
  /** The CSV file's name, without ".csv". */
  filename: string;
}

/** The chart's data as a table with a caption and headers. */
function DataTable<Row>({ data, id, hidden }: { data: ChartData<Row>; id?: string; hidden?: boolean }) {
  return (
    // A long table scrolls in its box: focusable, so a keyboard can scroll it too.
    <div
      id={id}
      hidden={hidden}
      role="region"
      aria-label={`${data.caption}, table`}
      tabIndex={0}
      className="mt-3 max-h-96 overflow-auto rounded-lg border border-line"
    >
      <table className="w-full border-collapse text-left text-xs">
        <caption className="sr-only">{data.caption}</caption>
        <thead className="sticky top-0 bg-surface-2">
          <tr>
            {data.columns.map((c) => (
              <th
                key={c.header}
                scope="col"
                className={`px-2.5 py-1.5 font-semibold text-muted ${c.numeric ? "text-right" : ""}`}
              >
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.rows.map((row, i) => (
            <tr key={i} className="border-t border-line">
              {data.columns.map((c) =>
                c.rowHeader ? (
                  <th key={c.header} scope="row" className="px-2.5 py-1.5 font-medium">
                    {c.cell(row)}
                  </th>
                ) : (
                  <td
                    key={c.header}
                    className={`px-2.5 py-1.5 ${c.numeric ? "text-right tabular-nums" : ""}`}
                  >
                    {c.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A chart with its data one click away as a table, and as a CSV file built here from the same rows. When there is
 * nothing to draw, `empty` says so instead of an empty chart.
 */
export function ChartFigure<Row>({
  data,
  render,
  summary,
  empty,
  legend,
}: {
  data: ChartData<Row>;
  render: RenderChart;
  /** What the chart shows, in a sentence (its accessible name). */
  summary: string;
  /** Shown instead of the chart when there is nothing to draw. */
  empty?: string | null;
  legend?: ReactNode;
}) {
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  return (
    <figure className="m-0 min-w-0">
      {empty ? (
        <p className="rounded-lg border border-dashed border-line px-3 py-6 text-center text-sm text-muted">
          {empty}
        </p>
      ) : (
        <>
          {legend}
          <PlotChart render={render} label={summary} />
        </>
      )}
      <figcaption className="mt-2 flex flex-wrap items-center gap-2">
        <span className="sr-only">{data.caption}</span>
        <Button
          size="sm"
          variant="ghost"
          aria-expanded={showTable}
          aria-controls={tableId}
          aria-label={`${showTable ? "Hide table" : "Show table"} of ${data.caption}`}
          onClick={() => setShowTable((s) => !s)}
        >
          {showTable ? "Hide table" : "Show table"}
        </Button>
        <Button
          size="sm"
          variant="ghost"
          aria-label={`Download CSV of ${data.caption}`}
          onClick={() => downloadCsv(`${data.filename}.csv`, toCsv(data.columns.map(csvColumn), data.rows))}
        >
          Download CSV
        </Button>
      </figcaption>
      <DataTable data={data} id={tableId} hidden={!showTable} />
    </figure>
  );
}

const csvColumn = <Row,>(c: DataColumn<Row>) => ({ header: c.csvHeader ?? c.header, value: c.csv });

/** The CSV a chart downloads (for tests and for anything else that needs the same file). */
export function chartCsv<Row>(data: ChartData<Row>): string {
  return toCsv(data.columns.map(csvColumn), data.rows);
}
