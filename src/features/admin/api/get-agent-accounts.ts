import { queryOptions, useQuery } from "@tanstack/react-query";
import { agentAccountsResponse } from "@contract/auth.ts";
import { api } from "@/lib/api-client.ts";
import { adminKeys } from "@/shared/query-keys.ts";

/** GET /api/admin/agents: every account, active or not, with how it signs in. */
const agentAccountsOptions = () =>
  queryOptions({
    queryKey: adminKeys.agents(),
    queryFn: ({ signal }) =>
      api("GET /api/admin/agents", agentAccountsResponse, { signal }).then((r) => r.agents),
  });

export function useAgentAccounts() {
  return useQuery(agentAccountsOptions());
}
