import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { ApiRequestError, apiRequest } from "@/lib/api-client.ts";
import { endSession } from "@/shared/session-query.ts";
import { forgetPersonalState } from "@/lib/sign-out-cleanup.ts";

/** A POST that ends sessions: a 401 means there was none left to end, which is what was asked. */
export async function postSignOut(
  path: "/api/auth/sign-out" | "/api/auth/sign-out-everywhere",
): Promise<void> {
  try {
    await apiRequest(z.null(), path, { method: "POST", publicEndpoint: true });
  } catch (error) {
    if (!(error instanceof ApiRequestError && error.status === 401)) throw error;
  }
}

/** POST /api/auth/sign-out (204): ends this browser's session and forgets its data. */
export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => postSignOut("/api/auth/sign-out"),
    onSuccess: () => {
      forgetPersonalState();
      endSession(qc);
    },
  });
}
