import { useMutation, useQueryClient } from "@tanstack/react-query";
import { verdictResult, type ReviewQueueResponse, type VerdictBody } from "@contract/review.ts";
import { api } from "@/lib/api-client.ts";
import { conversationKeys } from "@/shared/query-keys.ts";
import { reviewKeys } from "@/features/review/api/review-keys.ts";

/**
 * POST /api/review/verdicts. The item leaves the queue at once (optimistic, restored if the server refuses: nothing
 * else depends on it); a reopen-and-assign is not guessed: the conversation queries are refetched once it is done.
 */
export function useSaveVerdict() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: VerdictBody) => api("POST /api/review/verdicts", verdictResult, { body }),
    onMutate: async (body) => {
      await qc.cancelQueries({ queryKey: reviewKeys.queue() });
      const previous = qc.getQueryData<ReviewQueueResponse>(reviewKeys.queue());
      qc.setQueryData<ReviewQueueResponse>(reviewKeys.queue(), (queue) =>
        queue ? { ...queue, items: queue.items.filter((i) => i.resolution.id !== body.resolutionId) } : queue,
      );
      return { previous };
    },
    onError: (_error, _body, context) => {
      if (context?.previous) qc.setQueryData(reviewKeys.queue(), context.previous);
    },
    onSuccess: (result) =>
      qc.setQueryData<ReviewQueueResponse>(reviewKeys.queue(), (queue) =>
        queue ? { ...queue, progress: result.progress } : queue,
      ),
    onSettled: (_result, _error, body) => {
      void qc.invalidateQueries({ queryKey: reviewKeys.all });
      // A verdict may reopen and assign: the lists, counts and the conversation itself change.
      if (body.reopen) void qc.invalidateQueries({ queryKey: conversationKeys.all });
      else void qc.invalidateQueries({ queryKey: conversationKeys.counts() });
    },
  });
}
