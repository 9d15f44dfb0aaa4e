import { useMutation, useQueryClient } from "@tanstack/react-query";
import { sessionResponse, type SignInBody } from "@contract/auth.ts";
import { api } from "@/lib/api-client.ts";
import { startSession } from "@/shared/session-query.ts";

/** POST /api/auth/sign-in: 401 invalid_credentials, 429 too_many_attempts (with Retry-After); sets the session cookie. */
export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SignInBody) =>
      api("POST /api/auth/sign-in", sessionResponse, { body, publicEndpoint: true }),
    onSuccess: (session) => startSession(qc, session),
  });
}
