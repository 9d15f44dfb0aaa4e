import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Invitation } from "@contract/auth.ts";
import { z } from "zod/mini";
import { api } from "@/lib/api-client.ts";
import { adminKeys } from "@/shared/query-keys.ts";

/** DELETE /api/admin/invitations/:id (204): the link stops working. Optimistic. */
export function useRevokeInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api("DELETE /api/admin/invitations/:id", z.null(), { params: { id } }),
    onMutate: async (id) => {
      await qc.cancelQueries({ queryKey: adminKeys.invitations() });
      const previous = qc.getQueryData<Invitation[]>(adminKeys.invitations());
      qc.setQueryData<Invitation[]>(adminKeys.invitations(), (list) => list?.filter((i) => i.id !== id));
      return { previous };
    },
    onError: (_error, _id, context) => qc.setQueryData(adminKeys.invitations(), context?.previous),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: adminKeys.invitations() });
      void qc.invalidateQueries({ queryKey: adminKeys.audit() });
    },
  });
}
