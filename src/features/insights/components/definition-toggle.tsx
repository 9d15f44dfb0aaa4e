import { useId, useState, type ReactNode } from "react";
import { insightDefinitions, type InsightKey } from "@contract/insights.ts";
import { cn } from "@/lib/cn.ts";

/**
 * A figure's title with its definition one click away: a disclosure button "What is this?" that shows the contract's
 * definition under it (a real button with aria-expanded, so a keyboard or a screen reader opens it as easily).
 */
function useDefinition(key: InsightKey) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const { title, definition } = insightDefinitions[key];
  const button = (
    <button
      type="button"
      aria-expanded={open}
      aria-controls={id}
      aria-label={`What is this? (${title})`}
      onClick={() => setOpen((o) => !o)}
      className="inline-flex h-6 shrink-0 cursor-pointer items-center gap-1 rounded-full border border-line px-2 text-[11px] font-medium text-muted hover:bg-surface-3 hover:text-fg aria-expanded:bg-accent-soft aria-expanded:text-accent-text"
    >
      <span aria-hidden="true">?</span>
      What is this?
    </button>
  );
  const panel: ReactNode = (
    <p
      id={id}
      hidden={!open}
      className="mt-2 rounded-lg bg-surface-2 px-3 py-2 text-xs leading-relaxed text-muted"
    >
      {definition}
    </p>
  );
  return { title, button, panel };
}

/** One figure or chart of the page: a titled card, its definition one click away. */
export function FigureSection({
  definition,
  title,
  children,
  className,
}: {
  definition: InsightKey;
  /** Defaults to the definition's title. */
  title?: string;
  children: ReactNode;
  className?: string;
}) {
  const headingId = useId();
  const d = useDefinition(definition);
  return (
    <section
      aria-labelledby={headingId}
      className={cn("min-w-0 rounded-xl border border-line bg-surface p-4 shadow-card", className)}
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={headingId} className="text-sm font-semibold">
          {title ?? d.title}
        </h2>
        {d.button}
      </div>
      {d.panel}
      <div className="mt-3">{children}</div>
    </section>
  );
}

/** A headline number, with its own definition when it is a figure of the contract. */
export function Stat({
  label,
  value,
  detail,
  definition,
  tone = "default",
}: {
  label: string;
  value: string;
  detail?: ReactNode;
  definition?: InsightKey;
  tone?: "default" | "accent";
}) {
  return (
    <div className="min-w-0 rounded-lg bg-surface-2 px-3 py-2.5">
      <dt className="text-xs text-muted">{label}</dt>
      <dd
        className={cn(
          "mt-0.5 text-xl font-semibold tabular-nums",
          tone === "accent" ? "text-accent-text" : "text-fg",
        )}
      >
        {value}
      </dd>
      {detail ? <dd className="mt-0.5 text-xs text-muted">{detail}</dd> : null}
      {definition ? <StatDefinition definition={definition} /> : null}
    </div>
  );
}

function StatDefinition({ definition }: { definition: InsightKey }) {
  const d = useDefinition(definition);
  return (
    <dd className="mt-1.5">
      {d.button}
      {d.panel}
    </dd>
  );
}
