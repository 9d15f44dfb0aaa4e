import { useVirtualizer } from "@tanstack/react-virtual";
import { useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { ConversationSummary, InboxView } from "@contract/conversation.ts";
import { Spinner } from "@/components/ui/spinner.tsx";
import { Button } from "@/components/ui/button.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { useCommand } from "@/lib/commands.ts";
import { navigate } from "@/shared/url-state.ts";
import { useNow } from "@/lib/use-now.ts";
import { viewLabel } from "@/shared/views.ts";
import { useConversationList } from "@/features/inbox/api/get-conversations.ts";
import { ThreadRow } from "@/features/inbox/components/thread-row.tsx";

const ROW_HEIGHT = 84;

export interface ThreadListProps {
  view: InboxView;
  q: string;
  selectedId: string | null;
  /** Bot Resolved review: conversations with flags come first among those loaded. */
  flaggedFirst?: boolean;
}

let firstPaintMarked = false;

/**
 * The conversation list: a virtualized listbox (only visible rows are in the DOM), paged by cursor as the agent
 * scrolls. Arrow keys or j/k move the active row (aria-activedescendant), Enter opens it.
 */
export function ThreadList({ view, q, selectedId, flaggedFirst = false }: ThreadListProps) {
  const list = useConversationList(view, q);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = list;
  const now = useNow(60_000);
  const items = useMemo(() => {
    const all = list.data?.pages.flatMap((p) => p.items) ?? [];
    if (!flaggedFirst) return all;
    const flagged: ConversationSummary[] = [];
    const rest: ConversationSummary[] = [];
    for (const c of all) (c.flags.length ? flagged : rest).push(c);
    return [...flagged, ...rest];
  }, [list.data, flaggedFirst]);

  const scrollRef = useRef<HTMLDivElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const [activeIndex, setActiveIndex] = useState(-1);
  const [lastKey, setLastKey] = useState(`${view}|${q}`);
  if (lastKey !== `${view}|${q}`) {
    setLastKey(`${view}|${q}`);
    setActiveIndex(-1);
  }

  // The build does not use React Compiler, so its memoization warning does not apply; the virtualizer re-renders on scroll by design.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    getItemKey: (index) => items[index]?.id ?? index,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastVirtual = virtualItems[virtualItems.length - 1];

  useEffect(() => {
    if (!lastVirtual) return;
    if (lastVirtual.index >= items.length - 20 && hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [lastVirtual, items.length, hasNextPage, isFetchingNextPage, fetchNextPage]);

  useEffect(() => {
    if (firstPaintMarked || items.length === 0) return;
    firstPaintMarked = true;
    requestAnimationFrame(() => performance.mark("baton:list-painted"));
  }, [items.length]);

  const open = useCallback((id: string) => navigate({ conversationId: id }), []);

  const effectiveActive =
    activeIndex >= 0
      ? activeIndex
      : Math.max(
          -1,
          items.findIndex((c) => c.id === selectedId),
        );
  const move = (delta: number) => {
    if (items.length === 0) return;
    const next = Math.min(
      items.length - 1,
      Math.max(0, (effectiveActive < 0 ? -1 : effectiveActive) + delta),
    );
    setActiveIndex(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
  };
  const openActive = () => {
    const c = items[effectiveActive];
    if (c) open(c.id);
  };
  useCommand("list.next", () => move(1));
  useCommand("list.prev", () => move(-1));
  useCommand("list.open", openActive);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "ArrowDown") move(1);
    else if (e.key === "ArrowUp") move(-1);
    else if (e.key === "Home") move(-items.length);
    else if (e.key === "End") move(items.length);
    else if (e.key === "Enter") openActive();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  const activeItem = items[effectiveActive];
  const label = `${viewLabel(view)} conversations${q ? `, search “${q}”` : ""}`;

  if (list.isPending) {
    return (
      <div className="flex flex-1 items-center justify-center p-6">
        <Spinner label="Loading conversations" />
      </div>
    );
  }
  if (list.isError) {
    return (
      <div
        role="alert"
        className="m-3 rounded-lg border border-danger bg-danger-soft p-3 text-sm text-danger"
      >
        <p>Could not load conversations: {errorMessage(list.error)}</p>
        <Button size="sm" className="mt-2" onClick={() => void list.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  if (items.length === 0) {
    return (
      <div className="flex flex-1 flex-col items-center justify-center gap-1 p-8 text-center">
        <p className="text-2xl" aria-hidden="true">
          ☕
        </p>
        <p className="font-medium">{q ? "No conversations match your search" : "Nothing here"}</p>
        <p className="text-sm text-muted">
          {q ? "Try a customer's name or words from a message." : "New conversations appear here live."}
        </p>
      </div>
    );
  }

  return (
    <div
      ref={scrollRef}
      className="min-h-0 flex-1 overflow-y-auto contain-strict"
      data-testid="thread-list-scroller"
    >
      <div
        ref={listRef}
        role="listbox"
        tabIndex={0}
        aria-label={label}
        aria-activedescendant={activeItem ? `row-${activeItem.id}` : undefined}
        onKeyDown={onKeyDown}
        onFocus={() => {
          if (activeIndex < 0 && items.length) setActiveIndex(Math.max(0, effectiveActive));
        }}
        className="relative w-full focus:outline-none"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualItems.map((vi) => {
          const c = items[vi.index];
          return (
            <div
              key={vi.key}
              className="absolute top-0 left-0 w-full"
              style={{ height: vi.size, transform: `translateY(${vi.start}px)` }}
              role="none"
            >
              {c ? (
                <ThreadRow
                  conversation={c}
                  selected={c.id === selectedId}
                  active={vi.index === effectiveActive}
                  now={now}
                  onOpen={open}
                />
              ) : null}
            </div>
          );
        })}
      </div>
      {isFetchingNextPage ? (
        <div className="flex h-12 items-center justify-center">
          <Spinner label="Loading more conversations" />
        </div>
      ) : null}
    </div>
  );
}
