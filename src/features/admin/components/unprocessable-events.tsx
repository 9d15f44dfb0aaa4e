import { Button } from "@/components/ui/button.tsx";
import { Spinner } from "@/components/ui/spinner.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { formatFull } from "@/lib/format.ts";
import { useUnprocessableEvents } from "@/features/admin/api/get-unprocessable-events.ts";

/** Webhook events Baton could not store (the rest of their batch was stored): kept raw for an admin to look at. */
export function UnprocessableEvents() {
  const events = useUnprocessableEvents();
  return (
    <section aria-labelledby="unprocessable-heading">
      <h2 id="unprocessable-heading" className="text-base font-semibold">
        Unprocessable webhook events
      </h2>
      <p className="mt-1 max-w-2xl text-sm text-muted">
        Events from Messenger that Baton could not store. The other events of the same delivery were stored;
        these are kept as Meta sent them, so a developer can see what went wrong.
      </p>
      {events.isPending ? <Spinner className="mt-4" label="Loading unprocessable events" /> : null}
      {events.isError ? (
        <div role="alert" className="mt-3 flex flex-wrap items-center gap-3 text-sm text-danger">
          Could not load the events: {errorMessage(events.error)}
          <Button size="sm" onClick={() => void events.refetch()}>
            Try again
          </Button>
        </div>
      ) : null}
      {events.data?.length === 0 ? (
        <p className="mt-4 rounded-xl border border-line bg-surface px-4 py-6 text-center text-sm text-muted">
          None: every webhook event was stored.
        </p>
      ) : null}
      {events.data?.length ? (
        <ul aria-labelledby="unprocessable-heading" className="mt-3 flex flex-col gap-3">
          {events.data.map((e) => (
            <li key={e.id} className="rounded-xl border border-line bg-surface p-4 shadow-card">
              <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
                <p className="text-sm font-medium">{e.reason}</p>
                <time dateTime={e.receivedAt} className="text-xs text-muted tabular-nums">
                  Received {formatFull(e.receivedAt)}
                </time>
              </div>
              <details className="mt-2">
                <summary className="cursor-pointer text-xs font-medium text-accent-text">
                  The event as received
                </summary>
                <pre
                  tabIndex={0}
                  className="mt-2 max-h-72 overflow-auto rounded-lg bg-surface-2 p-3 font-mono text-xs whitespace-pre-wrap break-all"
                >
                  {e.raw}
                </pre>
              </details>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
