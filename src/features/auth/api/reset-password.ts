import { useMutation, useQueryClient } from "@tanstack/react-query";
import { sessionResponse, type ResetPasswordBody } from "@contract/auth.ts";
import { api } from "@/lib/api-client.ts";
import { startSession } from "@/shared/session-query.ts";

/** POST /api/auth/reset-password: sets a new password from a reset link and signs in. */
export function useResetPassword() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: ResetPasswordBody) =>
      api("POST /api/auth/reset-password", sessionResponse, { body, publicEndpoint: true }),
    onSuccess: (session) => startSession(qc, session),
  });
}
