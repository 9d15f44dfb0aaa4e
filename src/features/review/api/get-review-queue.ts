import { queryOptions, useQuery } from "@tanstack/react-query";
import { reviewQueueResponse } from "@contract/review.ts";
import { reviewRequest } from "@/features/review/api/review-request.ts";
import { reviewKeys } from "@/features/review/api/review-keys.ts";

/** GET /api/review/queue (managers and admins): what is left to review, oldest first, and the reviewers' progress. */
export const reviewQueueOptions = () =>
  queryOptions({
    queryKey: reviewKeys.queue(),
    queryFn: ({ signal }) => reviewRequest(reviewQueueResponse, "/api/review/queue", { signal }),
    // A reviewer works through it: another reviewer's verdicts arrive on the next visit, not under their cursor.
    refetchOnWindowFocus: false,
  });

export function useReviewQueue() {
  return useQuery(reviewQueueOptions());
}
