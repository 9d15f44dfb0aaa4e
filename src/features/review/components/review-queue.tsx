import { useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { roleAtLeast } from "@contract/auth.ts";
import {
  flowLabels,
  verdictLabels,
  type ResolutionKind,
  type ReviewItem,
  type VerdictBody,
} from "@contract/review.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Kbd } from "@/components/ui/kbd.tsx";
import { Spinner } from "@/components/ui/spinner.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { cn } from "@/lib/cn.ts";
import { formatFull } from "@/lib/format.ts";
import { useRole } from "@/shared/session-query.ts";
import { useReviewQueue } from "@/features/review/api/get-review-queue.ts";
import { useSaveVerdict } from "@/features/review/api/save-verdict.ts";
import { mayRunShortcut } from "@/features/review/keyboard.ts";
import { ReviewProgressPanel } from "@/features/review/components/review-progress.tsx";
import { SourceBadge } from "@/features/review/components/source-badge.tsx";
import { VerdictBar } from "@/features/review/components/verdict-bar.tsx";
import { VerdictHistory, VerdictLine } from "@/features/review/components/verdict-history.tsx";

export interface ReviewQueueProps {
  /**
   * The conversation as the app shows it (read-only transcript): the app passes it in, since features do not import
   * each other. Without it, only the customer's last message is shown.
   */
  renderConversation?: (conversationId: string) => ReactNode;
}

const kindLabels: Record<ResolutionKind, string> = {
  awaiting: "Awaiting the customer",
  confirmed: "Confirmed by the customer",
  assumed: "Assumed: the customer stopped writing",
};

/** Targeted items first (flagged, assumed on a question, reopened), then the random sample, each oldest first. */
function ordered(items: ReviewItem[]): ReviewItem[] {
  return [...items.filter((i) => i.source !== "sample"), ...items.filter((i) => i.source === "sample")];
}

function QueueEntry(props: { item: ReviewItem; current: boolean; onSelect: () => void }) {
  const { item } = props;
  return (
    <li>
      <button
        type="button"
        aria-current={props.current ? "true" : undefined}
        onClick={props.onSelect}
        className={cn(
          "flex w-full cursor-pointer flex-col gap-1 border-l-2 px-3 py-2 text-left hover:bg-surface-2",
          props.current ? "border-accent bg-accent-soft" : "border-transparent",
        )}
      >
        <span className="flex items-center justify-between gap-2">
          <span className="truncate text-sm font-medium">{item.conversation.customer.name}</span>
          <span className="shrink-0 text-[11px] text-muted">{flowLabels[item.resolution.flow]}</span>
        </span>
        {item.source === "sample" ? null : <SourceBadge source={item.source} className="self-start" />}
        {item.resolution.lastCustomerText ? (
          <span className="line-clamp-1 text-xs text-muted">{item.resolution.lastCustomerText}</span>
        ) : null}
      </button>
    </li>
  );
}

/**
 * The managers' review queue (Bot Resolved → Review): one bot resolution at a time with its transcript, why it is
 * here, the customer's last message and the verdict bar; j/k move through the queue, 1-5 choose a verdict. A verdict
 * takes the item out of the queue for good; verdicts saved here can be changed (their history is kept).
 */
export function ReviewQueue({ renderConversation }: ReviewQueueProps) {
  const queue = useReviewQueue();
  const save = useSaveVerdict();
  const role = useRole();
  const [currentId, setCurrentId] = useState<string | null>(null);
  const [position, setPosition] = useState(0);
  const [reviewed, setReviewed] = useState<ReviewItem[]>([]);
  const [changing, setChanging] = useState<ReviewItem | null>(null);
  const [announcement, setAnnouncement] = useState("");
  const [failure, setFailure] = useState<string | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const focusHeading = useRef(false);

  const items = useMemo(() => ordered(queue.data?.items ?? []), [queue.data]);
  const found = currentId === null ? -1 : items.findIndex((i) => i.resolution.id === currentId);
  const at = found >= 0 ? found : Math.min(position, items.length - 1);
  const current = changing ?? items[at] ?? null;
  const targeted = items.filter((i) => i.source !== "sample");
  const sample = items.filter((i) => i.source === "sample");

  const select = (index: number) => {
    const item = items[index];
    if (!item) return;
    setChanging(null);
    setCurrentId(item.resolution.id);
    setPosition(index);
    focusHeading.current = true;
  };
  const move = (step: 1 | -1) => select(Math.max(0, Math.min(items.length - 1, at + step)));

  const moveRef = useRef(move);
  useEffect(() => {
    moveRef.current = move;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!mayRunShortcut(e)) return;
      if (e.key !== "j" && e.key !== "k") return;
      e.preventDefault();
      moveRef.current(e.key === "j" ? 1 : -1);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const currentKey = current ? `${current.resolution.id}${changing ? ":change" : ""}` : null;
  useEffect(() => {
    if (!focusHeading.current || currentKey === null) return;
    focusHeading.current = false;
    headingRef.current?.focus();
  }, [currentKey]);

  const onSave = (body: VerdictBody) => {
    if (!current) return;
    const name = current.conversation.customer.name;
    const wasChanging = changing !== null;
    setFailure(null);
    if (!wasChanging) {
      // The next item takes this one's place (the saved one leaves the queue at once).
      setPosition(at);
      setCurrentId(null);
      focusHeading.current = true;
    }
    save.mutate(body, {
      onSuccess: (result) => {
        setReviewed((list) => [
          result.item,
          ...list.filter((i) => i.resolution.id !== result.item.resolution.id),
        ]);
        setAnnouncement(
          `Saved “${verdictLabels[body.verdict].label}” for ${name}${body.reopen ? ", reopened for a human" : ""}.`,
        );
        if (wasChanging) {
          setChanging(null);
          focusHeading.current = true;
        }
      },
      onError: (error) => {
        if (!wasChanging) setCurrentId(body.resolutionId);
        setFailure(`The verdict on ${name}'s conversation was not saved: ${errorMessage(error)}`);
      },
    });
  };

  let body: ReactNode;
  if (queue.isPending) {
    body = (
      <div className="flex flex-1 items-center justify-center">
        <Spinner label="Loading the review queue" />
      </div>
    );
  } else if (queue.isError) {
    body = (
      <div
        role="alert"
        className="m-6 self-start rounded-lg border border-danger bg-danger-soft p-4 text-sm text-danger"
      >
        <p>Could not load the review queue: {errorMessage(queue.error)}</p>
        <Button size="sm" className="mt-2" onClick={() => void queue.refetch()}>
          Try again
        </Button>
      </div>
    );
  } else {
    body = (
      <>
        <div className="hidden w-72 shrink-0 flex-col overflow-y-auto border-r border-line bg-surface md:flex">
          <ReviewProgressPanel
            progress={queue.data.progress}
            canSetGoal={role !== null && roleAtLeast(role, "manager")}
          />
          {items.length ? (
            <nav aria-label="Items to review" className="flex flex-col">
              {targeted.length ? (
                <>
                  <h2 className="px-3 pt-3 pb-1 text-xs font-semibold text-muted">
                    Targeted ({targeted.length})
                  </h2>
                  <ul>
                    {targeted.map((item) => (
                      <QueueEntry
                        key={item.resolution.id}
                        item={item}
                        current={!changing && item === items[at]}
                        onSelect={() => select(items.indexOf(item))}
                      />
                    ))}
                  </ul>
                </>
              ) : null}
              {sample.length ? (
                <div className="m-2 rounded-lg border border-dashed border-line-strong bg-surface-2 pb-1">
                  <h2 className="px-3 pt-2 text-xs font-semibold text-muted">
                    Random sample ({sample.length})
                  </h2>
                  <p className="px-3 pb-1 text-[11px] text-muted">
                    Picked at random by flow: only these measure the bot's false-resolution rate.
                  </p>
                  <ul>
                    {sample.map((item) => (
                      <QueueEntry
                        key={item.resolution.id}
                        item={item}
                        current={!changing && item === items[at]}
                        onSelect={() => select(items.indexOf(item))}
                      />
                    ))}
                  </ul>
                </div>
              ) : null}
            </nav>
          ) : null}
          {reviewed.length ? (
            <section aria-label="Reviewed just now" className="border-t border-line p-3">
              <h2 className="text-xs font-semibold text-muted">Reviewed just now</h2>
              <ul className="mt-1 flex flex-col gap-2">
                {reviewed.map((item) => (
                  <li key={item.resolution.id} className="text-xs">
                    <p className="font-medium">{item.conversation.customer.name}</p>
                    {item.verdicts[0] ? <VerdictLine verdict={item.verdicts[0]} /> : null}
                    <Button
                      size="sm"
                      variant="ghost"
                      className="mt-0.5 -ml-2"
                      aria-label={`Change the verdict on ${item.conversation.customer.name}`}
                      onClick={() => {
                        setChanging(item);
                        focusHeading.current = true;
                      }}
                    >
                      Change
                    </Button>
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>
        {current ? (
          <div className="flex min-h-0 min-w-0 flex-1 flex-col">
            <div className="flex flex-col gap-2 border-b border-line bg-surface px-4 py-3">
              <div className="flex flex-wrap items-center gap-2">
                <h2 ref={headingRef} tabIndex={-1} className="text-base font-semibold focus:outline-none">
                  {changing ? "Changing the verdict: " : ""}
                  {current.conversation.customer.name}
                </h2>
                <SourceBadge source={current.source} />
                <Badge tone="bot">{flowLabels[current.resolution.flow]} flow</Badge>
                <span className="flex-1" />
                {changing ? (
                  <Button size="sm" onClick={() => setChanging(null)}>
                    Back to the queue
                  </Button>
                ) : (
                  <>
                    <span className="text-xs text-muted tabular-nums">
                      {at + 1} of {items.length}
                    </span>
                    <Button size="sm" aria-keyshortcuts="k" onClick={() => move(-1)} disabled={at <= 0}>
                      Previous <Kbd aria-hidden="true">k</Kbd>
                    </Button>
                    <Button
                      size="sm"
                      aria-keyshortcuts="j"
                      onClick={() => move(1)}
                      disabled={at >= items.length - 1}
                    >
                      Next <Kbd aria-hidden="true">j</Kbd>
                    </Button>
                  </>
                )}
              </div>
              <p className="text-xs text-muted">
                {kindLabels[current.resolution.kind]} · resolved{" "}
                <time dateTime={current.resolution.resolvedAt}>
                  {formatFull(current.resolution.resolvedAt)}
                </time>
                {current.resolution.reopenedAt ? (
                  <>
                    {" "}
                    · reopened{" "}
                    <time dateTime={current.resolution.reopenedAt}>
                      {formatFull(current.resolution.reopenedAt)}
                    </time>
                  </>
                ) : null}
              </p>
              {current.resolution.lastCustomerText ? (
                <figure className="rounded-lg border border-line bg-surface-2 px-3 py-2">
                  <figcaption className="text-xs font-semibold text-muted">
                    The customer's last {current.resolution.lastCustomerAsked ? "question" : "message"}
                  </figcaption>
                  <blockquote className="mt-0.5 text-sm">{current.resolution.lastCustomerText}</blockquote>
                </figure>
              ) : null}
              <VerdictHistory
                verdicts={current.verdicts}
                title={changing ? "Verdicts so far" : "Earlier verdicts"}
              />
            </div>
            <div className="flex min-h-0 flex-1 flex-col">
              {renderConversation?.(current.resolution.conversationId) ?? null}
            </div>
            {failure ? (
              <p role="alert" className="border-t border-danger bg-danger-soft px-4 py-2 text-sm text-danger">
                {failure}
              </p>
            ) : null}
            <VerdictBar
              key={currentKey}
              item={current}
              onSave={onSave}
              saving={changing !== null && save.isPending}
              initialVerdict={changing?.verdicts[0]?.verdict ?? null}
              initialReason={changing?.verdicts[0]?.reason ?? null}
            />
          </div>
        ) : (
          <div className="flex flex-1 flex-col items-center justify-center gap-2 p-8 text-center text-muted">
            <p className="text-3xl" aria-hidden="true">
              ✅
            </p>
            <p className="font-medium text-fg">Nothing left to review</p>
            <p className="max-w-sm text-sm">
              Flagged conversations, assumed resolutions that ended on a question, reopened ones and the next
              random sample appear here.
            </p>
          </div>
        )}
      </>
    );
  }

  return (
    <section aria-label="Review queue" className="flex min-h-0 min-w-0 flex-1 bg-canvas">
      {body}
      <p role="status" className="sr-only">
        {announcement}
      </p>
    </section>
  );
}
