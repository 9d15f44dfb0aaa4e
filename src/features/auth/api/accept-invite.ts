import { useMutation, useQueryClient } from "@tanstack/react-query";
import { sessionResponse, type AcceptInviteBody } from "@contract/auth.ts";
import { api } from "@/lib/api-client.ts";
import { startSession } from "@/shared/session-query.ts";

/** POST /api/auth/accept-invite: creates the invited account (name, password) and signs it in. */
export function useAcceptInvite() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: AcceptInviteBody) =>
      api("POST /api/auth/accept-invite", sessionResponse, { body, publicEndpoint: true }),
    onSuccess: (session) => startSession(qc, session),
  });
}
