import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import type { MessageItem, TimelineItem } from "@contract/timeline.ts";
import { Button } from "@/components/ui/button.tsx";
import { Icon } from "@/components/ui/icon.tsx";
import { Spinner } from "@/components/ui/spinner.tsx";
import { useTranscript } from "@/features/conversation/api/get-conversation.ts";
import { MessageBubble } from "@/features/conversation/components/message-bubble.tsx";
import { SystemNotice } from "@/features/conversation/components/system-notice.tsx";

export interface TranscriptProps {
  conversationId: string;
  customerName: string;
  customerAvatar: string | null;
  handoffItemId: string | null;
  onRetry?: (message: MessageItem) => void;
  retryingId?: string | null;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: "long", month: "long", day: "numeric" });

/** Which quick reply the customer tapped in answer to each bot message that offered some. */
function tappedChips(items: TimelineItem[]): Map<string, string> {
  const tapped = new Map<string, string>();
  let offering: MessageItem | null = null;
  for (const item of items) {
    if (item.kind !== "message") continue;
    if (item.quickReplies.length > 0 && item.author !== "customer") offering = item;
    else if (item.author === "customer") {
      if (
        offering &&
        item.quickReplyPayload &&
        offering.quickReplies.some((q) => q.payload === item.quickReplyPayload)
      )
        tapped.set(offering.id, item.quickReplyPayload);
      offering = null;
    }
  }
  return tapped;
}

/**
 * The whole conversation, oldest first, bot part included. Virtualized so thousands of messages open at once;
 * older pages load as the agent scrolls up, with the scroll position kept where it was.
 */
export function Transcript({
  conversationId,
  customerName,
  customerAvatar,
  handoffItemId,
  onRetry,
  retryingId,
}: TranscriptProps) {
  const transcript = useTranscript(conversationId);
  const { hasNextPage: hasOlder, isFetchingNextPage: loadingOlder, fetchNextPage: fetchOlder } = transcript;
  const items = useMemo(() => {
    const pages = transcript.data?.pages ?? [];
    const out: TimelineItem[] = [];
    for (let p = pages.length - 1; p >= 0; p--) out.push(...(pages[p]?.items ?? []));
    return out;
  }, [transcript.data]);
  const tapped = useMemo(() => tappedChips(items), [items]);

  const scrollRef = useRef<HTMLDivElement>(null);
  // The build does not use React Compiler, so its memoization warning does not apply; the virtualizer re-renders on scroll by design.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => 72,
    overscan: 8,
    // A thread opens at its newest message: start the range at the end, so the first render builds the rows
    // the agent will see rather than the oldest ones, which the scroll to the end would replace at once.
    initialOffset: () => Number.MAX_SAFE_INTEGER,
    getItemKey: (i) => {
      const item = items[i];
      // An optimistic reply keeps its row when the stored message replaces it.
      return item ? (item.kind === "message" && item.clientId ? `c:${item.clientId}` : item.id) : i;
    },
  });

  // Keep the view anchored: at the bottom when new items arrive (if the agent was there), and on the same
  // message when older pages are prepended above.
  const prev = useRef<{ first: string | null; last: string | null; total: number; count: number }>({
    first: null,
    last: null,
    total: 0,
    count: 0,
  });
  const atBottom = useRef(true);
  const [initialised, setInitialised] = useState<string | null>(null);
  useLayoutEffect(() => {
    const el = scrollRef.current;
    const first = items[0]?.id ?? null;
    const last = items[items.length - 1]?.id ?? null;
    const total = virtualizer.getTotalSize();
    const p = prev.current;
    if (el && items.length) {
      if (initialised !== conversationId) {
        virtualizer.scrollToIndex(items.length - 1, { align: "end" });
        setInitialised(conversationId);
        requestAnimationFrame(() => performance.mark("baton:thread-painted", { detail: conversationId }));
      } else if (p.count && first !== p.first && last === p.last) {
        el.scrollTop += total - p.total;
      } else if (last !== p.last && atBottom.current) {
        virtualizer.scrollToIndex(items.length - 1, { align: "end" });
      }
    }
    prev.current = { first, last, total, count: items.length };
  }, [items, virtualizer, conversationId, initialised]);

  // While the agent is at the bottom, stay there as rows get measured (estimates become real heights).
  const totalSize = virtualizer.getTotalSize();
  useLayoutEffect(() => {
    const el = scrollRef.current;
    if (el && atBottom.current && initialised === conversationId) el.scrollTop = el.scrollHeight;
  }, [totalSize, initialised, conversationId]);

  const virtualItems = virtualizer.getVirtualItems();
  const firstVisible = virtualItems[0]?.index ?? 0;
  useEffect(() => {
    if (initialised === conversationId && firstVisible < 6 && hasOlder && !loadingOlder) void fetchOlder();
  }, [firstVisible, hasOlder, loadingOlder, fetchOlder, initialised, conversationId]);

  const onScroll = useCallback(() => {
    const el = scrollRef.current;
    if (el) atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 120;
  }, []);

  const handoffIndex = handoffItemId ? items.findIndex((i) => i.id === handoffItemId) : -1;
  const [seeking, setSeeking] = useState(false);
  const [pendingJump, setPendingJump] = useState(false);
  const focusMarkerOnMount = useRef(false);
  const jumpToHandoff = async () => {
    if (!handoffItemId) return;
    setSeeking(true);
    try {
      let data = transcript.data;
      let more = hasOlder;
      const found = () => data?.pages.some((pg) => pg.items.some((i) => i.id === handoffItemId)) ?? false;
      while (!found() && more) {
        const result = await fetchOlder();
        data = result.data;
        more = result.hasNextPage;
      }
    } finally {
      setSeeking(false);
    }
    setPendingJump(true);
  };
  useEffect(() => {
    if (!pendingJump || handoffIndex < 0) return;
    setPendingJump(false);
    atBottom.current = false;
    virtualizer.scrollToIndex(handoffIndex, { align: "center" });
    // The marker's row may render only after the scroll: then the marker takes the focus as it mounts.
    const marker = document.getElementById(`handoff-${conversationId}`);
    if (marker) marker.focus({ preventScroll: true });
    else focusMarkerOnMount.current = true;
  }, [pendingJump, handoffIndex, virtualizer, conversationId]);
  const handoffMarkerRef = useCallback((marker: HTMLElement | null) => {
    if (!marker || !focusMarkerOnMount.current) return;
    focusMarkerOnMount.current = false;
    marker.focus({ preventScroll: true });
  }, []);

  if (transcript.isPending) {
    return (
      <div className="flex flex-1 items-center justify-center">
        <Spinner label="Loading conversation" />
      </div>
    );
  }

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      {handoffItemId ? (
        <div className="absolute top-2 left-1/2 z-10 -translate-x-1/2">
          <Button
            size="sm"
            variant="secondary"
            className="shadow-card"
            onClick={() => void jumpToHandoff()}
            disabled={seeking}
          >
            <Icon name="arrowDown" />
            {seeking ? "Finding handoff…" : "Jump to handoff"}
          </Button>
        </div>
      ) : null}
      <div
        ref={scrollRef}
        onScroll={onScroll}
        tabIndex={0}
        aria-label="Transcript, scroll for older messages"
        className="min-h-0 flex-1 overflow-y-auto focus-visible:outline-offset-[-2px]"
        data-testid="transcript-scroller"
      >
        <div
          role="log"
          aria-label={`Conversation with ${customerName}`}
          aria-live="polite"
          aria-relevant="additions"
          className="relative w-full"
          style={{ height: virtualizer.getTotalSize() }}
        >
          {virtualItems.map((vi) => {
            const item = items[vi.index];
            if (!item) return null;
            const before = items[vi.index - 1];
            const newDay = !before || new Date(before.at).toDateString() !== new Date(item.at).toDateString();
            return (
              <div
                key={vi.key}
                data-index={vi.index}
                ref={virtualizer.measureElement}
                className="absolute top-0 left-0 w-full"
                style={{ transform: `translateY(${vi.start}px)` }}
              >
                {vi.index === 0 ? (
                  <div className="flex h-12 items-center justify-center text-xs text-muted">
                    {loadingOlder ? (
                      <Spinner label="Loading older messages" />
                    ) : hasOlder ? (
                      "Scroll up for older messages"
                    ) : (
                      "Start of the conversation"
                    )}
                  </div>
                ) : null}
                {newDay ? (
                  <div
                    className="flex items-center gap-3 px-6 py-2 text-[11px] font-medium tracking-wide text-muted uppercase"
                    role="separator"
                    aria-label={dayFormat.format(new Date(item.at))}
                  >
                    <span className="h-px flex-1 bg-line" />
                    {dayFormat.format(new Date(item.at))}
                    <span className="h-px flex-1 bg-line" />
                  </div>
                ) : null}
                {item.id === handoffItemId ? (
                  <div className="my-2 flex items-center gap-3 px-4">
                    <span aria-hidden="true" className="h-0.5 flex-1 rounded bg-warning" />
                    <h3
                      ref={handoffMarkerRef}
                      id={`handoff-${conversationId}`}
                      tabIndex={-1}
                      className="rounded-full bg-warning-soft px-3 py-0.5 text-xs font-semibold text-warning focus:outline-none focus-visible:ring-2 focus-visible:ring-ring"
                    >
                      Handed to a human here
                    </h3>
                    <span aria-hidden="true" className="h-0.5 flex-1 rounded bg-warning" />
                  </div>
                ) : null}
                {item.kind === "message" ? (
                  <MessageBubble
                    message={item}
                    customerName={customerName}
                    customerAvatar={customerAvatar}
                    tappedPayload={tapped.get(item.id) ?? null}
                    onRetry={onRetry}
                    retrying={retryingId === item.id}
                  />
                ) : (
                  <SystemNotice item={item} />
                )}
                {vi.index === items.length - 1 ? <div className="h-4" /> : null}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
