import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { insightsResponse, type InsightsQuery } from "@contract/insights.ts";
import { api } from "@/lib/api-client.ts";

/** The Insights page's cache (its own key family: dropped with the rest when the session changes). */
const insightsKeys = {
  all: ["insights"] as const,
  range: (query: InsightsQuery) => [...insightsKeys.all, query.from, query.to] as const,
};

/** GET /api/insights?from=&to=: every figure of the Insights page for a range of days (managers and admins). */
const insightsOptions = (query: InsightsQuery) =>
  queryOptions({
    queryKey: insightsKeys.range(query),
    queryFn: ({ signal }) =>
      api("GET /api/insights", insightsResponse, { signal, query: { from: query.from, to: query.to } }),
    // Figures of past days change slowly: keep a range a minute, and keep the last one on screen while the next loads.
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });

export function useInsights(query: InsightsQuery) {
  return useQuery(insightsOptions(query));
}
