import { reasonLabels, verdictLabels, type Verdict } from "@contract/review.ts";
import { formatFull } from "@/lib/format.ts";

/** One verdict: what, why, who and when, and the note. */
export function VerdictLine({ verdict }: { verdict: Verdict }) {
  return (
    <>
      <span className="font-medium">{verdictLabels[verdict.verdict].label}</span>
      {verdict.reason ? <span> · {reasonLabels[verdict.reason]}</span> : null}
      <span className="text-muted">
        {" "}
        by {verdict.reviewer.name}, <time dateTime={verdict.at}>{formatFull(verdict.at)}</time>
      </span>
      {verdict.note ? <span className="block text-muted italic">“{verdict.note}”</span> : null}
    </>
  );
}

/** The verdicts a resolution had, newest first: the current one, then those it replaced. */
export function VerdictHistory({ verdicts, title }: { verdicts: Verdict[]; title: string }) {
  if (verdicts.length === 0) return null;
  return (
    <div className="text-xs">
      <p className="font-semibold text-muted">{title}</p>
      <ol className="mt-1 flex flex-col gap-1">
        {verdicts.map((v, i) => (
          <li
            key={`${v.at}-${i}`}
            className={i > 0 ? "text-muted line-through decoration-line-strong" : undefined}
          >
            {i > 0 ? <span className="sr-only">Replaced: </span> : null}
            <VerdictLine verdict={v} />
          </li>
        ))}
      </ol>
    </div>
  );
}
