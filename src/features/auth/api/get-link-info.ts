import { queryOptions, useQuery } from "@tanstack/react-query";
import { linkInfo } from "@contract/auth.ts";
import { api } from "@/lib/api-client.ts";
import { authKeys } from "@/shared/query-keys.ts";

/**
 * POST /api/auth/link {token}: what a one-time link is for (setup, invitation, reset), before the form asks for a
 * password; 404 link_invalid when it expired or was used. A POST so the token never lands in a URL or a log.
 */
const linkInfoOptions = (token: string) =>
  queryOptions({
    queryKey: authKeys.link(token),
    queryFn: ({ signal }) =>
      api("POST /api/auth/link", linkInfo, {
        body: { token },
        signal,
        publicEndpoint: true,
      }),
    staleTime: Infinity,
    retry: false,
  });

export function useLinkInfo(token: string) {
  return useQuery(linkInfoOptions(token));
}
