import { queryOptions, useQuery } from "@tanstack/react-query";
import { invitationsResponse } from "@contract/auth.ts";
import { apiRequest } from "@/lib/api-client.ts";
import { adminKeys } from "@/shared/query-keys.ts";

/** GET /api/admin/invitations: invitations not accepted yet. */
export const invitationsOptions = () =>
  queryOptions({
    queryKey: adminKeys.invitations(),
    queryFn: ({ signal }) =>
      apiRequest(invitationsResponse, "/api/admin/invitations", { signal }).then((r) => r.invitations),
  });

export function useInvitations() {
  return useQuery(invitationsOptions());
}
