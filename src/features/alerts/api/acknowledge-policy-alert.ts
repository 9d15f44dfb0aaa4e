import { useMutation, useQueryClient } from "@tanstack/react-query";
import { policyAlertResult, type PolicyAlert } from "@contract/signals.ts";
import { api } from "@/lib/api-client.ts";
import { alertKeys } from "@/features/alerts/api/get-policy-alerts.ts";

/** POST /api/alerts/:id/acknowledge: the alert leaves the banner, for everyone (their next poll drops it too). */
export function useAcknowledgePolicyAlert() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      api("POST /api/alerts/:id/acknowledge", policyAlertResult, { params: { id } }).then((r) => r.alert),
    onSuccess: (alert) =>
      qc.setQueryData<PolicyAlert[]>(alertKeys.unacknowledged(), (list) =>
        list?.filter((a) => a.id !== alert.id),
      ),
    onSettled: () => qc.invalidateQueries({ queryKey: alertKeys.all }),
  });
}
