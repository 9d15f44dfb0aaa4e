import { infiniteQueryOptions, useInfiniteQuery } from "@tanstack/react-query";
import { auditPage } from "@contract/auth.ts";
import { api } from "@/lib/api-client.ts";
import { adminKeys } from "@/shared/query-keys.ts";

const AUDIT_PAGE_SIZE = 25;

/** GET /api/admin/audit?cursor=&limit=: newest first, one page at a time. */
const auditLogOptions = () =>
  infiniteQueryOptions({
    queryKey: adminKeys.audit(),
    queryFn: ({ pageParam, signal }) =>
      api("GET /api/admin/audit", auditPage, {
        signal,
        query: { cursor: pageParam, limit: AUDIT_PAGE_SIZE },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });

export function useAuditLog() {
  return useInfiniteQuery(auditLogOptions());
}
