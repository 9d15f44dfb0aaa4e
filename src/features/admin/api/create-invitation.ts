import { useMutation, useQueryClient } from "@tanstack/react-query";
import { oneTimeLink, type InviteBody } from "@contract/auth.ts";
import { api } from "@/lib/api-client.ts";
import { adminKeys } from "@/shared/query-keys.ts";

/** POST /api/admin/invitations (201): an invitation link, shown once; 409 email_taken. */
export function useCreateInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: InviteBody) => api("POST /api/admin/invitations", oneTimeLink, { body }),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: adminKeys.invitations() });
      void qc.invalidateQueries({ queryKey: adminKeys.audit() });
    },
  });
}
