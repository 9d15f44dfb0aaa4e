import { useMutation, useQueryClient } from "@tanstack/react-query";
import { conversationActionOptions } from "@/shared/conversation-action.ts";

/** POST /api/conversations/:id/reopen: takes a resolved or bot-closed conversation back into the inbox for a human
 * (the header's Reopen and Bot Resolved's "Reopen for a human" share it). */
export function useReopenConversation(id: string) {
  const qc = useQueryClient();
  return useMutation(conversationActionOptions(qc, id, "reopen", (c) => ({ ...c, status: "open" })));
}
