import { useMutation, useQueryClient } from "@tanstack/react-query";
import { conversationActionOptions } from "@/shared/conversation-action.ts";

/** POST /api/conversations/:id/take-control: Baton takes the thread from the bot or Page Inbox. */
export function useTakeControl(id: string) {
  const qc = useQueryClient();
  return useMutation(conversationActionOptions(qc, id, "take-control", (c) => ({ ...c, owner: "baton" })));
}
