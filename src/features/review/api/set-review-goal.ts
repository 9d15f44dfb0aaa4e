import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { reviewProgress, type ReviewQueueResponse } from "@contract/review.ts";
import { reviewRequest } from "@/features/review/api/review-request.ts";
import { reviewKeys } from "@/features/review/api/review-keys.ts";

const goalResult = z.object({ progress: reviewProgress });

export interface ReviewGoal {
  dailyGoal: number;
  weeklyGoal: number;
}

/** PUT /api/review/goal (managers): the team's daily and weekly reviewing goal. */
export function useSetReviewGoal() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (goal: ReviewGoal) =>
      reviewRequest(goalResult, "/api/review/goal", { method: "PUT", body: goal }).then((r) => r.progress),
    onSuccess: (progress) =>
      qc.setQueryData<ReviewQueueResponse>(reviewKeys.queue(), (queue) =>
        queue ? { ...queue, progress } : queue,
      ),
  });
}
