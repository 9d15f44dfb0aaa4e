import { queryOptions, useQuery } from "@tanstack/react-query";
import { agentsResponse } from "@contract/api.ts";
import { api } from "@/lib/api-client.ts";
import { agentKeys } from "@/shared/query-keys.ts";

/** GET /api/agents: shared by the sign-in picker and the assign menu. */
const agentsQueryOptions = () =>
  queryOptions({
    queryKey: agentKeys.all,
    queryFn: ({ signal }) => api("GET /api/agents", agentsResponse, { signal }).then((r) => r.agents),
    staleTime: 5 * 60_000,
  });

export function useAgents() {
  return useQuery(agentsQueryOptions());
}
