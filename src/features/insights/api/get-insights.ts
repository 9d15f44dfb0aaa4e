import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { apiError } from "@contract/api.ts";
import { insightsResponse, type InsightsQuery, type InsightsResponse } from "@contract/insights.ts";
import { ApiRequestError, authorizedFetch } from "@/lib/api-client.ts";

/** The Insights page's cache (its own key family: dropped with the rest when the session changes). */
export const insightsKeys = {
  all: ["insights"] as const,
  range: (query: InsightsQuery) => [...insightsKeys.all, query.from, query.to] as const,
};

/**
 * GET /api/insights?from=&to=, answered as the contract says or thrown as an ApiRequestError. Written on
 * authorizedFetch while the typed client's route table (contract/routes.ts) has no insights route yet; once it has,
 * this is `api("GET /api/insights", insightsResponse, { signal, query })`.
 */
async function getInsights(query: InsightsQuery, signal: AbortSignal): Promise<InsightsResponse> {
  const params = new URLSearchParams({ from: query.from, to: query.to });
  const response = await authorizedFetch(`${window.location.origin}/api/insights?${params.toString()}`, {
    headers: { accept: "application/json" },
    signal,
  });
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) {
    const failure = apiError.safeParse(json);
    if (failure.success) {
      const { code, message, issues } = failure.data.error;
      throw new ApiRequestError(response.status, code, message, json, issues);
    }
    throw new ApiRequestError(response.status, "http_error", `The server answered ${response.status}.`, json);
  }
  const parsed = insightsResponse.safeParse(json);
  if (!parsed.success) throw new Error(`Unexpected answer from /api/insights: ${parsed.error.message}`);
  return parsed.data;
}

/** Every figure of the Insights page for a range of days (managers and admins). */
export const insightsOptions = (query: InsightsQuery) =>
  queryOptions({
    queryKey: insightsKeys.range(query),
    queryFn: ({ signal }) => getInsights(query, signal),
    // Figures of past days change slowly: keep a range a minute, and keep the last one on screen while the next loads.
    staleTime: 60_000,
    placeholderData: keepPreviousData,
  });

export function useInsights(query: InsightsQuery) {
  return useQuery(insightsOptions(query));
}
