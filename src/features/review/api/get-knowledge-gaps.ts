import { queryOptions, useQuery } from "@tanstack/react-query";
import { knowledgeGapsResponse } from "@contract/review.ts";
import { api } from "@/lib/api-client.ts";
import { reviewKeys } from "@/features/review/api/review-keys.ts";

/** The same list as CSV, for whoever maintains the bot (a plain link: the session cookie goes with it). */
export const KNOWLEDGE_GAPS_CSV_URL = "/api/review/knowledge-gaps?format=csv";

/** GET /api/review/knowledge-gaps: the questions behind "missing knowledge" and "wrong answer" verdicts, by flow. */
const knowledgeGapsOptions = () =>
  queryOptions({
    queryKey: reviewKeys.knowledgeGaps(),
    queryFn: ({ signal }) => api("GET /api/review/knowledge-gaps", knowledgeGapsResponse, { signal }),
  });

export function useKnowledgeGaps() {
  return useQuery(knowledgeGapsOptions());
}
