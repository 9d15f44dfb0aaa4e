import { useMutation, useQueryClient } from "@tanstack/react-query";
import { sendMessageResult } from "@contract/api.ts";
import type { MessageItem } from "@contract/timeline.ts";
import { api } from "@/lib/api-client.ts";
import { upsertSummary, upsertTimelineItems } from "@/shared/conversation-cache.ts";
import { signedInAgentId } from "@/shared/session-query.ts";
import { storedFailedMessage } from "@/features/conversation/api/send-message.ts";

/** POST /api/conversations/:id/messages/:messageId/retry: sends a stored failed message again. */
export function useRetryMessage(conversationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: ["retry-message", conversationId],
    mutationFn: (message: MessageItem) =>
      api("POST /api/conversations/:id/messages/:messageId/retry", sendMessageResult, {
        params: { id: conversationId, messageId: message.id },
      }),
    onMutate: (message) => {
      upsertTimelineItems(qc, conversationId, [{ ...message, delivery: "sending", error: null }]);
      return { message };
    },
    onSuccess: (result) => {
      upsertTimelineItems(qc, conversationId, [result.message]);
      upsertSummary(qc, result.conversation, signedInAgentId(qc));
    },
    onError: (error, message) => {
      upsertTimelineItems(qc, conversationId, [
        storedFailedMessage(error) ?? { ...message, delivery: "failed", error: error.message },
      ]);
    },
  });
}
