/** Query keys of the managers' review (src/features/review): the queue and the knowledge gaps. */
export const reviewKeys = {
  all: ["review"] as const,
  queue: () => [...reviewKeys.all, "queue"] as const,
  knowledgeGaps: () => [...reviewKeys.all, "knowledge-gaps"] as const,
};
