import { queryOptions, useQuery } from "@tanstack/react-query";
import { knowledgeGapsResponse } from "@contract/review.ts";
import { reviewRequest } from "@/features/review/api/review-request.ts";
import { reviewKeys } from "@/features/review/api/review-keys.ts";

const PATH = "/api/review/knowledge-gaps" as const;

/** The same list as CSV, for whoever maintains the bot (a plain link: the session cookie goes with it). */
export const KNOWLEDGE_GAPS_CSV_URL = `${PATH}?format=csv`;

/** GET /api/review/knowledge-gaps: the questions behind "missing knowledge" and "wrong answer" verdicts, by flow. */
export const knowledgeGapsOptions = () =>
  queryOptions({
    queryKey: reviewKeys.knowledgeGaps(),
    queryFn: ({ signal }) => reviewRequest(knowledgeGapsResponse, PATH, { signal }),
  });

export function useKnowledgeGaps() {
  return useQuery(knowledgeGapsOptions());
}
