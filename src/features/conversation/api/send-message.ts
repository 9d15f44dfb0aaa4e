import { useMutation, useQueryClient } from "@tanstack/react-query";
import { sendMessageError, sendMessageResult, type SendMessageResult } from "@contract/api.ts";
import type { MessageItem } from "@contract/timeline.ts";
import { ApiRequestError, api } from "@/lib/api-client.ts";
import { upsertSummary, upsertTimelineItems } from "@/shared/conversation-cache.ts";
import { conversationKeys } from "@/shared/query-keys.ts";
import { signedInAgent, signedInAgentId } from "@/shared/session-query.ts";
import type { Agent } from "@contract/conversation.ts";

export interface SendVars {
  text: string;
  clientId: string;
}

/** POST /api/conversations/:id/messages */
function sendMessage(conversationId: string, vars: SendVars): Promise<SendMessageResult> {
  return api("POST /api/conversations/:id/messages", sendMessageResult, {
    params: { id: conversationId },
    body: vars,
  });
}

/** The id an optimistic reply has until the server stores it. */
export const localMessageId = (clientId: string) => `local-${clientId}`;

/** On a Graph failure the server stored the message as failed and returns it beside the error. */
export function storedFailedMessage(error: unknown): MessageItem | null {
  if (!(error instanceof ApiRequestError)) return null;
  const parsed = sendMessageError.safeParse(error.body);
  return parsed.success ? (parsed.data.message ?? null) : null;
}

/**
 * Sends a reply optimistically: it shows at once under its clientId, is swapped for the stored message when the
 * server answers, and on failure stays visible as failed with the reason (stored by the server, or local only).
 */
export function useSendMessage(conversationId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationKey: ["send-message", conversationId],
    mutationFn: (vars: SendVars) => sendMessage(conversationId, vars),
    onMutate: async ({ text, clientId }) => {
      await qc.cancelQueries({ queryKey: conversationKeys.detail(conversationId) });
      const agent: Agent | null = signedInAgent(qc);
      const optimistic: MessageItem = {
        kind: "message",
        id: localMessageId(clientId),
        mid: null,
        clientId,
        author: "agent",
        agent,
        appId: null,
        at: new Date().toISOString(),
        text,
        attachments: [],
        quickReplies: [],
        quickReplyPayload: null,
        postback: null,
        replyToMid: null,
        reactions: [],
        delivery: "sending",
        error: null,
        tag: null,
      };
      upsertTimelineItems(qc, conversationId, [optimistic]);
      return { optimistic };
    },
    onSuccess: (result) => {
      upsertTimelineItems(qc, conversationId, [result.message]);
      upsertSummary(qc, result.conversation, signedInAgentId(qc));
    },
    onError: (error, _vars, context) => {
      const stored = storedFailedMessage(error);
      if (stored) upsertTimelineItems(qc, conversationId, [stored]);
      else if (context)
        upsertTimelineItems(qc, conversationId, [
          { ...context.optimistic, delivery: "failed", error: error.message },
        ]);
    },
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: conversationKeys.counts() });
    },
  });
}
