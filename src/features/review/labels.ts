import type { QueueSource } from "@contract/review.ts";

/** Why a resolution is in the queue, as the reviewer reads it. */
export const sourceLabels: Record<QueueSource, string> = {
  flagged: "Flagged",
  assumed_question: "Assumed, ended on a question",
  reopened: "Reopened",
  sample: "Random sample",
};
