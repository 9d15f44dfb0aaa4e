import { useMutation, useQueryClient } from "@tanstack/react-query";
import { sessionResponse, type SetupBody } from "@contract/auth.ts";
import { api } from "@/lib/api-client.ts";
import { startSession } from "@/shared/session-query.ts";

/** POST /api/auth/setup: creates the first admin from the one-time setup link and signs them in. */
export function useSetUpFirstAdmin() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: SetupBody) =>
      api("POST /api/auth/setup", sessionResponse, { body, publicEndpoint: true }),
    onSuccess: (session) => startSession(qc, session),
  });
}
