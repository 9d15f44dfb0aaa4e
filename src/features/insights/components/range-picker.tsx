import { useId, useState, type FormEvent } from "react";
import { insightsQuery, type InsightsQuery } from "@contract/insights.ts";
import { Button } from "@/components/ui/button.tsx";
import { cn } from "@/lib/cn.ts";
import { formatRange } from "@/features/insights/format.ts";
import { presets, type FixedPreset, type InsightsRange } from "@/features/insights/range.ts";

export type RangeChoice = { preset: FixedPreset } | { preset: "custom"; query: InsightsQuery };

/**
 * Today, 7, 28 or 90 days, or custom days from real date inputs (checked against the contract: a range must not end
 * before it starts). The chosen range is always written out, so nobody has to guess what "7 days" covered.
 */
export function RangePicker({
  range,
  today,
  onChange,
}: {
  range: InsightsRange;
  today: string;
  onChange: (choice: RangeChoice) => void;
}) {
  const [customOpen, setCustomOpen] = useState(range.preset === "custom");
  const [from, setFrom] = useState(range.query.from);
  const [to, setTo] = useState(range.query.to);
  const [error, setError] = useState<string | null>(null);
  const formId = useId();
  const errorId = useId();

  const openCustom = () => {
    setFrom(range.query.from);
    setTo(range.query.to);
    setError(null);
    setCustomOpen(true);
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const parsed = insightsQuery.safeParse({ from, to });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Choose a start and an end day.");
      return;
    }
    setError(null);
    onChange({ preset: "custom", query: parsed.data });
  };

  const pill = (selected: boolean) =>
    cn(
      "h-8 cursor-pointer rounded-md px-3 text-sm font-medium whitespace-nowrap",
      selected ? "bg-accent text-accent-fg" : "text-fg hover:bg-surface-3",
    );

  return (
    <div className="flex flex-col gap-3">
      <div className="flex flex-wrap items-center gap-3">
        <div
          role="group"
          aria-label="Date range"
          className="inline-flex flex-wrap gap-1 rounded-lg border border-line bg-surface p-1"
        >
          {presets.map((p) => (
            <button
              key={p.id}
              type="button"
              aria-pressed={range.preset === p.id}
              className={pill(range.preset === p.id)}
              onClick={() => {
                setCustomOpen(false);
                onChange({ preset: p.id });
              }}
            >
              {p.label}
            </button>
          ))}
          <button
            type="button"
            aria-pressed={range.preset === "custom"}
            aria-expanded={customOpen}
            aria-controls={formId}
            className={pill(range.preset === "custom")}
            onClick={() => (customOpen ? setCustomOpen(false) : openCustom())}
          >
            Custom
          </button>
        </div>
        <p className="text-sm text-muted" aria-live="polite">
          {formatRange(range.query.from, range.query.to)} <span className="text-xs">(UTC)</span>
        </p>
      </div>
      <form
        id={formId}
        hidden={!customOpen}
        onSubmit={apply}
        noValidate
        aria-label="Custom range"
        className="flex flex-wrap items-end gap-3 rounded-lg border border-line bg-surface p-3"
      >
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          From
          <input
            type="date"
            value={from}
            max={today}
            required
            onChange={(e) => setFrom(e.target.value)}
            className="h-8 rounded-md border border-line-strong bg-surface px-2 text-sm text-fg"
          />
        </label>
        <label className="flex flex-col gap-1 text-xs font-medium text-muted">
          To
          <input
            type="date"
            value={to}
            max={today}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            onChange={(e) => setTo(e.target.value)}
            className="h-8 rounded-md border border-line-strong bg-surface px-2 text-sm text-fg"
          />
        </label>
        <Button type="submit" variant="primary">
          Show range
        </Button>
        {error ? (
          <p id={errorId} role="alert" className="basis-full text-sm text-danger">
            {error}
          </p>
        ) : null}
      </form>
    </div>
  );
}
