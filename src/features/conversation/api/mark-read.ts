import { useMutation, useQueryClient } from "@tanstack/react-query";
import { conversationActionOptions } from "@/shared/conversation-action.ts";

/** POST /api/conversations/:id/read: clears the unread count. */
export function useMarkRead(id: string) {
  const qc = useQueryClient();
  return useMutation(conversationActionOptions(qc, id, "read", (c) => ({ ...c, unreadCount: 0 })));
}
