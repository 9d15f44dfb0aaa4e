import { flowLabels, reasonLabels } from "@contract/review.ts";
import { Button } from "@/components/ui/button.tsx";
import { buttonVariants } from "@/components/ui/button.tsx";
import { Spinner } from "@/components/ui/spinner.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { formatFull } from "@/lib/format.ts";
import { KNOWLEDGE_GAPS_CSV_URL, useKnowledgeGaps } from "@/features/review/api/get-knowledge-gaps.ts";

/**
 * What the bot did not know: the customer questions behind "missing knowledge" and "wrong answer" verdicts, grouped by
 * the bot's flow, with the server's CSV for whoever maintains the bot.
 */
export function KnowledgeGaps() {
  const gaps = useKnowledgeGaps();
  const total = gaps.data?.groups.reduce((n, g) => n + g.gaps.length, 0) ?? 0;
  return (
    <section
      aria-label="Knowledge gaps"
      className="flex min-h-0 min-w-0 flex-1 flex-col overflow-y-auto bg-canvas"
    >
      <div className="flex flex-wrap items-start justify-between gap-3 border-b border-line bg-surface px-4 py-3">
        <div className="max-w-prose">
          <h2 className="text-base font-semibold">Knowledge gaps</h2>
          <p className="text-sm text-muted">
            Questions the bot answered wrongly or could not answer, from reviewers' “Missing knowledge” and
            “Wrong answer” verdicts.
          </p>
        </div>
        <a
          href={KNOWLEDGE_GAPS_CSV_URL}
          download="knowledge-gaps.csv"
          className={buttonVariants({ size: "md" })}
        >
          Download CSV
        </a>
      </div>
      {gaps.isPending ? (
        <div className="flex flex-1 items-center justify-center p-8">
          <Spinner label="Loading knowledge gaps" />
        </div>
      ) : gaps.isError ? (
        <div
          role="alert"
          className="m-6 self-start rounded-lg border border-danger bg-danger-soft p-4 text-sm text-danger"
        >
          <p>Could not load the knowledge gaps: {errorMessage(gaps.error)}</p>
          <Button size="sm" className="mt-2" onClick={() => void gaps.refetch()}>
            Try again
          </Button>
        </div>
      ) : total === 0 ? (
        <p className="p-8 text-center text-sm text-muted">
          No gaps yet. They appear here when a reviewer gives “Missing knowledge” or “Wrong answer” as the
          reason.
        </p>
      ) : (
        <div className="flex flex-col gap-4 p-4">
          {gaps.data.groups.map((group) => (
            <section
              key={group.flow}
              aria-label={`${flowLabels[group.flow]} flow`}
              className="overflow-hidden rounded-lg border border-line bg-surface"
            >
              <table className="w-full text-left text-sm">
                <caption className="border-b border-line bg-surface-2 px-3 py-2 text-left font-semibold">
                  {flowLabels[group.flow]}{" "}
                  <span className="font-normal text-muted">
                    ({group.gaps.length} {group.gaps.length === 1 ? "question" : "questions"})
                  </span>
                </caption>
                <thead className="text-xs text-muted">
                  <tr>
                    <th scope="col" className="px-3 py-1.5 font-medium">
                      Question
                    </th>
                    <th scope="col" className="px-3 py-1.5 font-medium">
                      Reason
                    </th>
                    <th scope="col" className="hidden px-3 py-1.5 font-medium md:table-cell">
                      Note
                    </th>
                    <th scope="col" className="px-3 py-1.5 font-medium whitespace-nowrap">
                      Reviewed
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {group.gaps.map((gap) => (
                    <tr key={gap.resolutionId} className="border-t border-line align-top">
                      <td className="px-3 py-2">{gap.question}</td>
                      <td className="px-3 py-2 whitespace-nowrap">{reasonLabels[gap.reason]}</td>
                      <td className="hidden px-3 py-2 text-muted md:table-cell">{gap.note ?? ""}</td>
                      <td className="px-3 py-2 text-xs whitespace-nowrap text-muted">
                        <time dateTime={gap.at}>{formatFull(gap.at)}</time>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          ))}
        </div>
      )}
    </section>
  );
}
