import { queryOptions, useQuery } from "@tanstack/react-query";
import { policyAlertsResponse } from "@contract/signals.ts";
import { api } from "@/lib/api-client.ts";

/** Query keys of Meta's policy alerts (src/features/alerts). */
export const alertKeys = {
  all: ["alerts"] as const,
  unacknowledged: () => [...alertKeys.all, "unacknowledged"] as const,
};

/** How often the banner asks again while the tab stays open (it also asks when the tab gets the focus back). */
const ALERTS_POLL_MS = 60_000;

/** GET /api/alerts (managers and admins): Meta's policy alerts about the Page's app that nobody acknowledged. */
const policyAlertsOptions = () =>
  queryOptions({
    queryKey: alertKeys.unacknowledged(),
    queryFn: ({ signal }) => api("GET /api/alerts", policyAlertsResponse, { signal }).then((r) => r.alerts),
    refetchInterval: ALERTS_POLL_MS,
    refetchOnWindowFocus: "always",
  });

export function usePolicyAlerts(enabled: boolean) {
  return useQuery({ ...policyAlertsOptions(), enabled });
}
