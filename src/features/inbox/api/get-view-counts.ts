import { queryOptions, useQuery } from "@tanstack/react-query";
import { viewCounts } from "@contract/api.ts";
import { apiRequest } from "@/lib/api-client.ts";
import { conversationKeys } from "@/shared/query-keys.ts";

/** GET /api/conversations/counts: how many conversations each view holds (for the signed-in agent). */
export const viewCountsOptions = () =>
  queryOptions({
    queryKey: conversationKeys.counts(),
    queryFn: ({ signal }) => apiRequest(viewCounts, "/api/conversations/counts", { signal }),
  });

export function useViewCounts() {
  return useQuery(viewCountsOptions());
}
