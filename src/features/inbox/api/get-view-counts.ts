import { queryOptions, useQuery } from "@tanstack/react-query";
import { viewCounts } from "@contract/api.ts";
import { api } from "@/lib/api-client.ts";
import { conversationKeys } from "@/shared/query-keys.ts";

/** GET /api/conversations/counts: how many conversations each view holds (for the signed-in agent). */
const viewCountsOptions = () =>
  queryOptions({
    queryKey: conversationKeys.counts(),
    queryFn: ({ signal }) => api("GET /api/conversations/counts", viewCounts, { signal }),
  });

export function useViewCounts() {
  return useQuery(viewCountsOptions());
}
