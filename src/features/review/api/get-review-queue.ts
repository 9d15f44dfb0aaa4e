import { queryOptions, useQuery } from "@tanstack/react-query";
import { reviewQueueResponse } from "@contract/review.ts";
import { api } from "@/lib/api-client.ts";
import { reviewKeys } from "@/features/review/api/review-keys.ts";

/** GET /api/review/queue (managers and admins): what is left to review, oldest first, and the reviewers' progress. */
const reviewQueueOptions = () =>
  queryOptions({
    queryKey: reviewKeys.queue(),
    queryFn: ({ signal }) => api("GET /api/review/queue", reviewQueueResponse, { signal }),
    // A reviewer works through it: another reviewer's verdicts arrive on the next visit, not under their cursor.
    refetchOnWindowFocus: false,
  });

export function useReviewQueue() {
  return useQuery(reviewQueueOptions());
}
