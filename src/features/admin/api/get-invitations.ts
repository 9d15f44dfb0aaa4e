import { queryOptions, useQuery } from "@tanstack/react-query";
import { invitationsResponse } from "@contract/auth.ts";
import { api } from "@/lib/api-client.ts";
import { adminKeys } from "@/shared/query-keys.ts";

/** GET /api/admin/invitations: invitations not accepted yet. */
const invitationsOptions = () =>
  queryOptions({
    queryKey: adminKeys.invitations(),
    queryFn: ({ signal }) =>
      api("GET /api/admin/invitations", invitationsResponse, { signal }).then((r) => r.invitations),
  });

export function useInvitations() {
  return useQuery(invitationsOptions());
}
