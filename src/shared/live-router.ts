import type { QueryClient } from "@tanstack/react-query";
import type { LiveEvent } from "@contract/live.ts";
import type { ConversationSummary } from "@contract/conversation.ts";
import { cachedSummary, upsertSummary, upsertTimelineItems } from "@/shared/conversation-cache.ts";
import { conversationKeys } from "@/shared/query-keys.ts";

export interface LiveHandlers {
  onEscalation?: (conversation: ConversationSummary) => void;
}

/** The view counts are refetched at most once in this many milliseconds, however many events arrive. */
export const COUNTS_REFRESH_MS = 2000;

interface CountsThrottle {
  /** When the counts were last refetched (ms), or null before the first time. */
  lastAt: number | null;
  trailing: ReturnType<typeof setTimeout> | null;
}
const throttles = new WeakMap<QueryClient, CountsThrottle>();

/**
 * Refetches the view counts now if they were not refetched in the last COUNTS_REFRESH_MS, else once at the end of
 * that time (trailing), however many events asked meanwhile: a burst of 100 events costs each browser two
 * requests, not 100.
 */
function refreshCounts(qc: QueryClient): void {
  const t = throttles.get(qc) ?? { lastAt: null, trailing: null };
  throttles.set(qc, t);
  if (t.trailing) return;
  const run = () => {
    t.trailing = null;
    t.lastAt = Date.now();
    void qc.invalidateQueries({ queryKey: conversationKeys.counts() });
  };
  const wait = t.lastAt === null ? 0 : t.lastAt + COUNTS_REFRESH_MS - Date.now();
  if (wait <= 0) run();
  else t.trailing = setTimeout(run, wait);
}

/**
 * The one place that maps a server event to cache writes. Events older than what the cache holds are dropped;
 * counts are refreshed at a bounded rate because membership can change with any event.
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
  refreshCounts(qc);
  if (event.escalated) handlers.onEscalation?.(event.conversation);
}

/** The stream may have missed events (the server said resync): refetch what is on screen. */
export function resynchronise(qc: QueryClient): void {
  void qc.invalidateQueries({ queryKey: conversationKeys.all });
}
