import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Agent } from "@contract/conversation.ts";
import { conversationActionOptions } from "@/shared/conversation-action.ts";

/** POST /api/conversations/:id/assign {agentId|null} */
export function useAssignConversation(id: string) {
  const qc = useQueryClient();
  return useMutation(
    conversationActionOptions<Agent | null>(
      qc,
      id,
      { assign: (agent) => ({ agentId: agent?.id ?? null }) },
      (c, agent) => ({ ...c, assignee: agent }),
    ),
  );
}
