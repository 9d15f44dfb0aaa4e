import type { AuditEntry } from "@contract/auth.ts";
import { Button } from "@/components/ui/button.tsx";
import { Spinner } from "@/components/ui/spinner.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { cn } from "@/lib/cn.ts";
import { formatFull } from "@/lib/format.ts";
import { useAgentAccounts } from "@/features/admin/api/get-agent-accounts.ts";
import { useAuditLog } from "@/features/admin/api/get-audit-log.ts";
import { alarming, auditActionLabel } from "@/features/admin/labels.ts";

const columns = "lg:grid-cols-[11rem_minmax(0,1fr)_minmax(0,1.2fr)_minmax(0,1.4fr)_8rem]";
const cellLabel = "text-xs text-muted lg:sr-only";

function detailText(detail: AuditEntry["detail"]): string {
  const entries = Object.entries(detail);
  if ("from" in detail && "to" in detail) return `${String(detail.from)} → ${String(detail.to)}`;
  return entries.map(([k, v]) => `${k}: ${String(v)}`).join(", ");
}

/** Who did what to whom, when and from where: newest first, a page at a time. */
export function AuditLog() {
  const log = useAuditLog();
  const accounts = useAgentAccounts();
  const nameOf = (target: string | null) =>
    accounts.data?.find((a) => a.id === target)?.name ?? target ?? "—";
  const entries = log.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section aria-labelledby="audit-heading">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="audit-heading" className="text-base font-semibold">
          Audit log
        </h2>
        <p className="text-xs text-muted">
          Sign-ins, account changes and conversation actions, newest first.
        </p>
      </div>
      {log.isPending ? <Spinner className="mt-4" label="Loading the audit log" /> : null}
      {log.isError ? (
        <div role="alert" className="mt-3 flex flex-wrap items-center gap-3 text-sm text-danger">
          Could not load the audit log: {errorMessage(log.error)}
          <Button size="sm" onClick={() => void log.refetch()}>
            Try again
          </Button>
        </div>
      ) : null}
      {log.data && entries.length === 0 ? (
        <p className="mt-3 text-sm text-muted">Nothing recorded yet.</p>
      ) : null}
      {entries.length ? (
        <div className="mt-3 overflow-hidden rounded-xl border border-line bg-surface shadow-card">
          <div
            aria-hidden="true"
            className={cn(
              "hidden gap-x-4 border-b border-line bg-surface-2 px-4 py-2 text-xs font-medium text-muted lg:grid",
              columns,
            )}
          >
            <span>When</span>
            <span>Who</span>
            <span>What</span>
            <span>Target</span>
            <span>Address</span>
          </div>
          <ol aria-labelledby="audit-heading" className="divide-y divide-line">
            {entries.map((e) => (
              <li
                key={e.id}
                className={cn(
                  "grid grid-cols-2 gap-x-4 gap-y-2 px-4 py-3 text-sm sm:grid-cols-3 lg:items-baseline lg:py-2.5",
                  columns,
                )}
              >
                <div className="flex flex-col">
                  <span className={cellLabel}>When</span>
                  <time dateTime={e.at} className="tabular-nums">
                    {formatFull(e.at)}
                  </time>
                </div>
                <div className="flex min-w-0 flex-col">
                  <span className={cellLabel}>Who</span>
                  <span className="truncate">
                    {e.actor?.name ?? <span className="text-muted">Someone not signed in</span>}
                  </span>
                </div>
                <div className="flex min-w-0 flex-col">
                  <span className={cellLabel}>What</span>
                  <span className={cn("font-medium", alarming.has(e.action) && "text-danger")}>
                    {auditActionLabel[e.action]}
                  </span>
                  {Object.keys(e.detail).length ? (
                    <span className="text-xs break-words text-muted">{detailText(e.detail)}</span>
                  ) : null}
                </div>
                <div className="flex min-w-0 flex-col">
                  <span className={cellLabel}>Target</span>
                  <span className="break-all">{nameOf(e.target)}</span>
                </div>
                <div className="flex flex-col">
                  <span className={cellLabel}>Address</span>
                  <span className="font-mono text-xs">{e.ip ?? "—"}</span>
                </div>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
      {log.hasNextPage ? (
        <div className="mt-3 flex justify-center">
          <Button onClick={() => void log.fetchNextPage()} disabled={log.isFetchingNextPage}>
            {log.isFetchingNextPage ? "Loading…" : "Load more"}
          </Button>
        </div>
      ) : log.data && entries.length ? (
        <p className="mt-3 text-center text-xs text-muted">The start of the log.</p>
      ) : null}
    </section>
  );
}
