import { queryOptions, useQuery } from "@tanstack/react-query";
import { cannedRepliesResponse } from "@contract/api.ts";
import { api } from "@/lib/api-client.ts";
import { cannedReplyKeys } from "@/shared/query-keys.ts";

/** GET /api/canned-replies: the signed-in agent's personal replies first, then the shared ones. */
const cannedRepliesOptions = () =>
  queryOptions({
    queryKey: cannedReplyKeys.all,
    queryFn: ({ signal }) =>
      api("GET /api/canned-replies", cannedRepliesResponse, { signal }).then((r) => r.replies),
    staleTime: 5 * 60_000,
  });

export function useCannedReplies() {
  return useQuery(cannedRepliesOptions());
}
