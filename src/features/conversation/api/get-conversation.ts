import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { conversationDetail, timelinePage } from "@contract/api.ts";
import { api } from "@/lib/api-client.ts";
import type { TranscriptPage } from "@/shared/conversation-cache.ts";
import { conversationKeys } from "@/shared/query-keys.ts";

const TIMELINE_PAGE_SIZE = 100;

/**
 * GET /api/conversations/:id for the newest page (with the conversation and the handoff), then
 * GET /api/conversations/:id/timeline?before= for older pages as the agent scrolls up.
 */
async function getTranscriptPage(
  id: string,
  before: string | null,
  signal?: AbortSignal,
): Promise<TranscriptPage> {
  if (before === null) {
    const d = await api("GET /api/conversations/:id", conversationDetail, { params: { id }, signal });
    return {
      items: d.timeline.items,
      olderCursor: d.timeline.olderCursor,
      head: { conversation: d.conversation, handoffItemId: d.handoffItemId },
    };
  }
  const page = await api("GET /api/conversations/:id/timeline", timelinePage, {
    params: { id },
    signal,
    query: { before, limit: TIMELINE_PAGE_SIZE },
  });
  return { items: page.items, olderCursor: page.olderCursor, head: null };
}

const transcriptOptions = (id: string) =>
  infiniteQueryOptions({
    queryKey: conversationKeys.detail(id),
    queryFn: ({ pageParam, signal }) => getTranscriptPage(id, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.olderCursor,
    // The live stream patches it; a refetch would reload every older page already read.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
  });

export function useTranscript(id: string) {
  return useInfiniteQuery(transcriptOptions(id));
}
