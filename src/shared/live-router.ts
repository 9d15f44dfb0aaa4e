import type { QueryClient } from "@tanstack/react-query";
import type { LiveEvent } from "@contract/live.ts";
import type { ConversationSummary } from "@contract/conversation.ts";
import { cachedSummary, upsertSummary, upsertTimelineItems } from "@/shared/conversation-cache.ts";
import { conversationKeys } from "@/shared/query-keys.ts";

export interface LiveHandlers {
  onEscalation?: (conversation: ConversationSummary) => void;
}

/**
 * The one place that maps a server event to cache writes. Events older than what the cache holds are dropped;
 * counts are refreshed (cheap) because membership can change with any event.
 */
export function applyLiveEvent(
  qc: QueryClient,
  event: LiveEvent,
  agentId: string | null,
  handlers: LiveHandlers = {},
): void {
  if (event.type !== "conversation") return;
  const held = cachedSummary(qc, event.conversation.id);
  if (held && held.version > event.conversation.version) return;
  upsertSummary(qc, event.conversation, agentId);
  upsertTimelineItems(qc, event.conversation.id, event.items);
  void qc.invalidateQueries({ queryKey: conversationKeys.counts() });
  if (event.escalated) handlers.onEscalation?.(event.conversation);
}

/** After a reconnect the stream may have missed events: refetch what is on screen. */
export function resynchronise(qc: QueryClient): void {
  void qc.invalidateQueries({ queryKey: conversationKeys.all });
}
