import { queryOptions, useQuery } from "@tanstack/react-query";
import { messengerSettings } from "@contract/signals.ts";
import { api } from "@/lib/api-client.ts";
import { adminKeys } from "@/shared/query-keys.ts";

/** GET /api/admin/messenger: learned handoff buttons, the handoff configuration and the last webhook test. */
const messengerSettingsOptions = () =>
  queryOptions({
    queryKey: [...adminKeys.all, "messenger"] as const,
    queryFn: ({ signal }) => api("GET /api/admin/messenger", messengerSettings, { signal }),
  });

export function useMessengerSettings() {
  return useQuery(messengerSettingsOptions());
}
