import { queryOptions, useQuery } from "@tanstack/react-query";
import { authStatus } from "@contract/auth.ts";
import { api } from "@/lib/api-client.ts";
import { authKeys } from "@/shared/query-keys.ts";

/** GET /api/auth/status: public, read before anything else (the Page's name, setup required, the demo team). */
const authStatusOptions = () =>
  queryOptions({
    queryKey: authKeys.status(),
    queryFn: ({ signal }) => api("GET /api/auth/status", authStatus, { signal, publicEndpoint: true }),
    staleTime: 10 * 60_000,
  });

export function useAuthStatus() {
  return useQuery(authStatusOptions());
}
