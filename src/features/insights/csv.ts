/**
 * CSV of a chart's data, built in the browser from the API's answer (RFC 4180: commas, double quotes, CRLF), and
 * downloaded through a Blob and an <a download>. Cells that a spreadsheet would run as a formula are neutralised.
 */

export type CsvValue = string | number | null;

export interface CsvColumn<Row> {
  header: string;
  value: (row: Row) => CsvValue;
}

const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: CsvValue): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  // A name like "=HYPERLINK(…)" stays text in Excel and Sheets.
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv<Row>(columns: readonly CsvColumn<Row>[], rows: readonly Row[]): string {
  const lines = [columns.map((c) => cell(c.header)).join(",")];
  for (const row of rows) lines.push(columns.map((c) => cell(c.value(row))).join(","));
  return `${lines.join("\r\n")}\r\n`;
}

/** Saves `csv` as a file (with a byte-order mark, so spreadsheets read accents as UTF-8). */
export function downloadCsv(filename: string, csv: string): void {
  const url = URL.createObjectURL(new Blob(["\uFEFF", csv], { type: "text/csv;charset=utf-8" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started from the URL by now; let it go on the next task.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A rate (0..1) for a CSV cell: four decimals, nothing when unknown. */
export const csvRate = (rate: number | null): number | null =>
  rate === null ? null : Math.round(rate * 10_000) / 10_000;

/** Milliseconds as whole seconds for a CSV cell. */
export const csvSeconds = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 1000));
