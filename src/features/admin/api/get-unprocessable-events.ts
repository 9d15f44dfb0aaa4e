import { queryOptions, useQuery } from "@tanstack/react-query";
import { unprocessableEventsResponse } from "@contract/auth.ts";
import { apiRequest } from "@/lib/api-client.ts";
import { adminKeys } from "@/shared/query-keys.ts";

/** GET /api/admin/unprocessable-events: webhook events Baton kept raw because it could not store them. */
export const unprocessableEventsOptions = () =>
  queryOptions({
    queryKey: adminKeys.unprocessableEvents(),
    queryFn: ({ signal }) =>
      apiRequest(unprocessableEventsResponse, "/api/admin/unprocessable-events", { signal }).then(
        (r) => r.items,
      ),
  });

export function useUnprocessableEvents() {
  return useQuery(unprocessableEventsOptions());
}
