import { useMutation, useQueryClient } from "@tanstack/react-query";
import { conversationActionOptions } from "@/lib/conversation-action.ts";

/** POST /api/conversations/:id/reopen */
export function useReopenConversation(id: string) {
  const qc = useQueryClient();
  return useMutation(conversationActionOptions(qc, id, "reopen", (c) => ({ ...c, status: "open" })));
}
