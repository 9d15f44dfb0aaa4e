import type { QueryClient, UseMutationOptions } from "@tanstack/react-query";
import { conversationResult, type AssignBody } from "@contract/api.ts";
import type { ConversationSummary } from "@contract/conversation.ts";
import { api } from "@/lib/api-client.ts";
import { cachedSummary, upsertSummary } from "@/shared/conversation-cache.ts";
import { conversationKeys } from "@/shared/query-keys.ts";
import { signedInAgentId } from "@/shared/session-query.ts";

type Snapshot = [readonly unknown[], unknown][];

/** The actions on a conversation that take no body: POST /api/conversations/:id/<action>. */
export type ConversationAction = "resolve" | "reopen" | "read" | "take-control" | "hand-back";

/** A plain action, or assign with the body its variables make (to whom). */
export type ConversationActionRequest<TVars> = ConversationAction | { assign: (vars: TVars) => AssignBody };

/**
 * Mutation options for a POST /api/conversations/:id/<action> that returns the updated conversation.
 * Optimistic: cancel, snapshot, set, roll back on error, resynchronise counts when settled.
 */
export function conversationActionOptions<TVars = void>(
  qc: QueryClient,
  id: string,
  action: ConversationActionRequest<TVars>,
  optimistic: (current: ConversationSummary, vars: TVars) => ConversationSummary,
): UseMutationOptions<ConversationSummary, Error, TVars, Snapshot> {
  return {
    mutationKey: ["conversation-action", id, typeof action === "string" ? action : "assign"],
    mutationFn: async (vars) => {
      const result =
        typeof action === "string"
          ? await api(`POST /api/conversations/:id/${action}`, conversationResult, { params: { id } })
          : await api("POST /api/conversations/:id/assign", conversationResult, {
              params: { id },
              body: action.assign(vars),
            });
      return result.conversation;
    },
    onMutate: async (vars) => {
      // Cancel only refetches of data we are about to patch; a first load must not be cancelled (it would stay pending).
      await qc.cancelQueries({
        queryKey: conversationKeys.all,
        predicate: (q) => q.state.data !== undefined && q.queryKey[1] !== "counts",
      });
      const snapshot: Snapshot = qc.getQueriesData({ queryKey: conversationKeys.all });
      const current = cachedSummary(qc, id);
      if (current) upsertSummary(qc, optimistic(current, vars), signedInAgentId(qc));
      return snapshot;
    },
    onError: (_error, _vars, snapshot) => {
      for (const [key, data] of snapshot ?? []) qc.setQueryData(key, data);
    },
    onSuccess: (conversation) => {
      upsertSummary(qc, conversation, signedInAgentId(qc));
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: conversationKeys.counts() });
      // Lists were patched in place; mark them stale without refetching every loaded page now.
      void qc.invalidateQueries({ queryKey: conversationKeys.lists(), refetchType: "none" });
    },
  };
}
