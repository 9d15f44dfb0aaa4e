import { useMutation, useQueryClient } from "@tanstack/react-query";
import { endSession } from "@/shared/session-query.ts";
import { forgetPersonalState } from "@/lib/sign-out-cleanup.ts";
import { postSignOut } from "@/features/auth/api/sign-out.ts";

/** POST /api/auth/sign-out-everywhere (204): ends every session of this agent, this one included. */
export function useSignOutEverywhere() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => postSignOut("POST /api/auth/sign-out-everywhere"),
    onSuccess: () => {
      forgetPersonalState();
      endSession(qc);
    },
  });
}
