import { useMutation, useQueryClient } from "@tanstack/react-query";
import { reviewProgress, type ReviewQueueResponse } from "@contract/review.ts";
import { api } from "@/lib/api-client.ts";
import { reviewKeys } from "@/features/review/api/review-keys.ts";

export interface ReviewGoal {
  dailyGoal: number;
  weeklyGoal: number;
}

/** PUT /api/review/goal (managers): the team's daily and weekly reviewing goal. */
export function useSetReviewGoal() {
  const qc = useQueryClient();
  return useMutation({
    // The server answers the team's progress with the new goal (contract/routes.ts).
    mutationFn: (goal: ReviewGoal) => api("PUT /api/review/goal", reviewProgress, { body: goal }),
    onSuccess: (progress) =>
      qc.setQueryData<ReviewQueueResponse>(reviewKeys.queue(), (queue) =>
        queue ? { ...queue, progress } : queue,
      ),
  });
}
