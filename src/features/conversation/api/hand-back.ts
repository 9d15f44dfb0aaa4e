import { useMutation, useQueryClient } from "@tanstack/react-query";
import { conversationActionOptions } from "@/shared/conversation-action.ts";

/** POST /api/conversations/:id/hand-back: passes the thread back to the bot. */
export function useHandBack(id: string) {
  const qc = useQueryClient();
  return useMutation(conversationActionOptions(qc, id, "hand-back", (c) => ({ ...c, owner: "bot" })));
}
