import { useMutation, useQueryClient } from "@tanstack/react-query";
import { conversationActionOptions } from "@/lib/conversation-action.ts";

/** POST /api/conversations/:id/reopen: takes a bot-closed conversation back into the inbox for a human. */
export function useReopenForHuman(id: string) {
  const qc = useQueryClient();
  return useMutation(conversationActionOptions(qc, id, "reopen", (c) => ({ ...c, status: "open" })));
}
