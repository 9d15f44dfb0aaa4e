import { useMutation, useQueryClient } from "@tanstack/react-query";
import { oneTimeLink } from "@contract/auth.ts";
import { api } from "@/lib/api-client.ts";
import { adminKeys } from "@/shared/query-keys.ts";

/** POST /api/admin/agents/:id/reset-link: a one-time password reset link, shown once for the admin to hand over. */
export function useCreateResetLink() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (agentId: string) =>
      api("POST /api/admin/agents/:id/reset-link", oneTimeLink, { params: { id: agentId } }),
    onSettled: () => qc.invalidateQueries({ queryKey: adminKeys.audit() }),
  });
}
