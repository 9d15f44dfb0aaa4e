import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { conversationPage } from "@contract/api.ts";
import type { InboxView } from "@contract/conversation.ts";
import { api } from "@/lib/api-client.ts";
import { conversationKeys } from "@/shared/query-keys.ts";

const PAGE_SIZE = 100;

/** GET /api/conversations: one view's list, newest activity first, paged by cursor. */
function getConversations(view: InboxView, q: string, cursor: string | null, signal?: AbortSignal) {
  return api("GET /api/conversations", conversationPage, {
    signal,
    query: { view, q: q.trim() || undefined, cursor: cursor ?? undefined, limit: PAGE_SIZE },
  });
}

const conversationListOptions = (view: InboxView, q: string) =>
  infiniteQueryOptions({
    queryKey: conversationKeys.list(view, q),
    queryFn: ({ pageParam, signal }) => getConversations(view, q, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    // The live stream keeps lists fresh; refetching every loaded page on focus would be wasted work.
    staleTime: 60_000,
  });

export function useConversationList(view: InboxView, q: string) {
  return useInfiniteQuery(conversationListOptions(view, q));
}
