import { useMutation, useQueryClient } from "@tanstack/react-query";
import { sessionResponse } from "@contract/auth.ts";
import { api } from "@/lib/api-client.ts";
import { startSession } from "@/shared/session-query.ts";

/** POST /api/auth/demo-sign-in {agentId}: the local demo's one-click sign-in (only when status.demoAgents is set). */
export function useDemoSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (agentId: string) =>
      api("POST /api/auth/demo-sign-in", sessionResponse, {
        body: { agentId },
        publicEndpoint: true,
      }),
    onSuccess: (session) => startSession(qc, session),
  });
}
