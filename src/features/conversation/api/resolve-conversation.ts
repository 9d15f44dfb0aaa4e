import { useMutation, useQueryClient } from "@tanstack/react-query";
import { conversationActionOptions } from "@/shared/conversation-action.ts";

/** POST /api/conversations/:id/resolve */
export function useResolveConversation(id: string) {
  const qc = useQueryClient();
  return useMutation(conversationActionOptions(qc, id, "resolve", (c) => ({ ...c, status: "resolved" })));
}
