import { queryOptions, useQuery } from "@tanstack/react-query";
import { unprocessableEventsResponse } from "@contract/auth.ts";
import { api } from "@/lib/api-client.ts";
import { adminKeys } from "@/shared/query-keys.ts";

/** GET /api/admin/unprocessable-events: webhook events Baton kept raw because it could not store them. */
const unprocessableEventsOptions = () =>
  queryOptions({
    queryKey: adminKeys.unprocessableEvents(),
    queryFn: ({ signal }) =>
      api("GET /api/admin/unprocessable-events", unprocessableEventsResponse, { signal }).then(
        (r) => r.items,
      ),
  });

export function useUnprocessableEvents() {
  return useQuery(unprocessableEventsOptions());
}
