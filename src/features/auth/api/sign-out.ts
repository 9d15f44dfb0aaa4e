import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod/mini";
import { ApiRequestError, api } from "@/lib/api-client.ts";
import { endSession } from "@/shared/session-query.ts";
import { forgetPersonalState } from "@/lib/sign-out-cleanup.ts";

/** A POST that ends sessions: a 401 means there was none left to end, which is what was asked. */
export async function postSignOut(
  route: "POST /api/auth/sign-out" | "POST /api/auth/sign-out-everywhere",
): Promise<void> {
  try {
    await api(route, z.null(), { publicEndpoint: true });
  } catch (error) {
    if (!(error instanceof ApiRequestError && error.status === 401)) throw error;
  }
}

/** POST /api/auth/sign-out (204): ends this browser's session and forgets its data. */
export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => postSignOut("POST /api/auth/sign-out"),
    onSuccess: () => {
      forgetPersonalState();
      endSession(qc);
    },
  });
}
