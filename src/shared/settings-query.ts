import { queryOptions, useQuery } from "@tanstack/react-query";
import { settingsResponse } from "@contract/api.ts";
import { api } from "@/lib/api-client.ts";
import { settingsKeys } from "@/shared/query-keys.ts";

/** GET /api/settings: the Page's name and whether the HUMAN_AGENT tag may be used. */
export const settingsQueryOptions = () =>
  queryOptions({
    queryKey: settingsKeys.all,
    queryFn: ({ signal }) => api("GET /api/settings", settingsResponse, { signal }),
    staleTime: 10 * 60_000,
  });

export function useSettings() {
  return useQuery(settingsQueryOptions());
}
