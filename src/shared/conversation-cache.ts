import type { InfiniteData, QueryClient } from "@tanstack/react-query";
import type { ConversationPage } from "@contract/api.ts";
import type { ConversationSummary, InboxView } from "@contract/conversation.ts";
import type { TimelineItem } from "@contract/timeline.ts";
import { conversationKeys } from "@/shared/query-keys.ts";
import { compareForView, viewIncludes } from "@/shared/view-membership.ts";

/** A conversation list as cached: an infinite query of cursor pages. */
export type ListData = InfiniteData<ConversationPage, string | null>;

/** One page of a transcript. The newest page (the first one loaded) also carries the conversation itself. */
export interface TranscriptPage {
  items: TimelineItem[];
  olderCursor: string | null;
  head: { conversation: ConversationSummary; handoffItemId: string | null } | null;
}
/** A transcript as cached: page 0 is the newest, later pages are older. */
export type TranscriptData = InfiniteData<TranscriptPage, string | null>;

interface ListKeyParams {
  view: InboxView;
  q: string;
}

function listParams(key: readonly unknown[]): ListKeyParams | null {
  const p = key[2];
  if (typeof p !== "object" || p === null || !("view" in p) || !("q" in p)) return null;
  const { view, q } = p as { view: unknown; q: unknown };
  return typeof view === "string" && typeof q === "string" ? { view: view as InboxView, q } : null;
}

/** Finds a conversation summary anywhere in the cache (detail first, then lists). */
export function cachedSummary(qc: QueryClient, id: string): ConversationSummary | undefined {
  const detail = qc.getQueryData<TranscriptData>(conversationKeys.detail(id));
  const head = detail?.pages[0]?.head?.conversation;
  if (head) return head;
  for (const [, data] of qc.getQueriesData<ListData>({ queryKey: conversationKeys.lists() })) {
    for (const page of data?.pages ?? []) {
      const found = page.items.find((c) => c.id === id);
      if (found) return found;
    }
  }
  return undefined;
}

/** Places a summary in one cached list: updated in place, moved by activity, added or removed by view membership. */
export function patchList(
  data: ListData,
  summary: ConversationSummary,
  params: ListKeyParams,
  agentId: string | null,
): ListData {
  let existing: ConversationSummary | undefined;
  for (const page of data.pages) {
    existing = page.items.find((c) => c.id === summary.id);
    if (existing) break;
  }
  if (existing && existing.version > summary.version) return data;
  const searching = params.q.trim() !== "";
  // A search list only updates what it already shows: the server decides what matches.
  const belongs = searching
    ? existing !== undefined && viewIncludes(params.view, summary, agentId)
    : viewIncludes(params.view, summary, agentId);
  if (!existing && !belongs) return data;

  // Same place when the order would not change: cheap path for status/unread updates.
  const compare = compareForView(params.view);
  if (
    existing &&
    belongs &&
    compare(existing, summary) === 0 &&
    existing.flags.length === summary.flags.length
  ) {
    return {
      ...data,
      pages: data.pages.map((page) =>
        page.items.some((c) => c.id === summary.id)
          ? { ...page, items: page.items.map((c) => (c.id === summary.id ? summary : c)) }
          : page,
      ),
    };
  }

  const pages = data.pages.map((page) =>
    page.items.some((c) => c.id === summary.id)
      ? { ...page, items: page.items.filter((c) => c.id !== summary.id) }
      : page,
  );
  if (belongs) {
    let placed = false;
    for (let p = 0; p < pages.length && !placed; p++) {
      const page = pages[p];
      if (!page) continue;
      const index = page.items.findIndex((c) => compare(summary, c) < 0);
      if (index >= 0) {
        const items = page.items.slice();
        items.splice(index, 0, summary);
        pages[p] = { ...page, items };
        placed = true;
      }
    }
    const last = pages[pages.length - 1];
    if (!placed && last && last.nextCursor === null) {
      pages[pages.length - 1] = { ...last, items: [...last.items, summary] };
    }
  }
  return { ...data, pages };
}

/** Writes a newer summary into every cached copy: lists and the open conversation. Older versions are dropped. */
export function upsertSummary(qc: QueryClient, summary: ConversationSummary, agentId: string | null): void {
  for (const query of qc.getQueryCache().findAll({ queryKey: conversationKeys.lists() })) {
    const params = listParams(query.queryKey);
    const data = query.state.data as ListData | undefined;
    if (!params || !data) continue;
    const next = patchList(data, summary, params, agentId);
    if (next !== data) qc.setQueryData<ListData>(query.queryKey, next);
  }
  qc.setQueryData<TranscriptData>(conversationKeys.detail(summary.id), (data) => {
    const first = data?.pages[0];
    if (!data || !first?.head || first.head.conversation.version > summary.version) return data;
    return {
      ...data,
      pages: [{ ...first, head: { ...first.head, conversation: summary } }, ...data.pages.slice(1)],
    };
  });
}

function itemTime(item: TimelineItem): string {
  return item.at;
}

/**
 * Adds or replaces timeline items in a cached transcript. A stored agent reply replaces the optimistic one that
 * carries the same clientId; new items go to the newest page in time order.
 */
export function mergeTimelineItems(data: TranscriptData, incoming: TimelineItem[]): TranscriptData {
  if (incoming.length === 0) return data;
  let pages = data.pages;
  for (const item of incoming) {
    let replaced = false;
    pages = pages.map((page) => {
      const index = page.items.findIndex(
        (existing) =>
          existing.id === item.id ||
          (item.kind === "message" &&
            item.clientId !== null &&
            existing.kind === "message" &&
            existing.clientId === item.clientId),
      );
      if (index < 0) return page;
      replaced = true;
      const items = page.items.slice();
      items[index] = item;
      return { ...page, items };
    });
    if (!replaced) {
      const first = pages[0];
      if (!first) continue;
      const items = first.items.slice();
      let at = items.length;
      while (at > 0) {
        const prev = items[at - 1];
        if (!prev || itemTime(prev) <= itemTime(item)) break;
        at--;
      }
      items.splice(at, 0, item);
      pages = [{ ...first, items }, ...pages.slice(1)];
    }
  }
  return { ...data, pages };
}

export function upsertTimelineItems(qc: QueryClient, conversationId: string, items: TimelineItem[]): void {
  qc.setQueryData<TranscriptData>(conversationKeys.detail(conversationId), (data) =>
    data ? mergeTimelineItems(data, items) : data,
  );
}
