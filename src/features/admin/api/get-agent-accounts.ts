import { queryOptions, useQuery } from "@tanstack/react-query";
import { agentAccountsResponse } from "@contract/auth.ts";
import { apiRequest } from "@/lib/api-client.ts";
import { adminKeys } from "@/shared/query-keys.ts";

/** GET /api/admin/agents: every account, active or not, with how it signs in. */
export const agentAccountsOptions = () =>
  queryOptions({
    queryKey: adminKeys.agents(),
    queryFn: ({ signal }) =>
      apiRequest(agentAccountsResponse, "/api/admin/agents", { signal }).then((r) => r.agents),
  });

export function useAgentAccounts() {
  return useQuery(agentAccountsOptions());
}
