import { useEffect, useId, useRef, useState } from "react";
import type { PolicyAlert } from "@contract/signals.ts";
import { Button } from "@/components/ui/button.tsx";
import { Icon } from "@/components/ui/icon.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { cn } from "@/lib/cn.ts";
import { formatFull } from "@/lib/format.ts";
import { useRole } from "@/shared/session-query.ts";
import { useAcknowledgePolicyAlert } from "@/features/alerts/api/acknowledge-policy-alert.ts";
import { usePolicyAlerts } from "@/features/alerts/api/get-policy-alerts.ts";

/** What Meta did, in a sentence an agent's manager understands, and how loud to say it. */
function alertHeadline(action: string): { text: string; tone: "danger" | "warning" | "success" } {
  switch (action.toLowerCase()) {
    case "block":
      return { text: "Meta blocked this Page's app: replies may fail.", tone: "danger" };
    case "warning":
      return { text: "Meta warned this Page's app: replies may fail if it goes on.", tone: "warning" };
    case "unblock":
      return { text: "Meta lifted the block on this Page's app: replies can go out again.", tone: "success" };
    default:
      return {
        text: `Meta sent a policy notice (“${action}”) about this Page's app: replies may fail.`,
        tone: "warning",
      };
  }
}

const toneClass = {
  danger: "border-danger/50 bg-danger-soft",
  warning: "border-warning/50 bg-warning-soft",
  success: "border-success/40 bg-success-soft",
} as const;
const headlineClass = { danger: "text-danger", warning: "text-warning", success: "text-success" } as const;

function AlertRow({
  alert,
  onAcknowledge,
  acknowledging,
  error,
  buttonRef,
}: {
  alert: PolicyAlert;
  onAcknowledge: () => void;
  acknowledging: boolean;
  error: string | null;
  buttonRef: (el: HTMLButtonElement | null) => void;
}) {
  const id = useId();
  const { text, tone } = alertHeadline(alert.action);
  return (
    <div
      role="alert"
      className={cn(
        "flex flex-wrap items-start gap-x-3 gap-y-2 border-b px-4 py-2.5 text-sm",
        toneClass[tone],
      )}
    >
      <Icon name="alert" className={cn("mt-0.5 h-4 w-4 shrink-0", headlineClass[tone])} />
      <div className="min-w-0 flex-1 basis-64">
        <p id={`${id}-headline`} className={cn("font-semibold", headlineClass[tone])}>
          {text}
        </p>
        {alert.reason ? (
          <p dir="auto" className="mt-0.5 text-fg [overflow-wrap:anywhere]">
            {alert.reason}
          </p>
        ) : null}
        <p className="mt-0.5 text-xs text-muted">
          Since <time dateTime={alert.at}>{formatFull(alert.at)}</time>. Check Page quality in Meta Business
          Suite and the app's alerts in the App Dashboard.
        </p>
        {error ? (
          <p className="mt-1 text-xs font-medium text-danger">Could not acknowledge it: {error}</p>
        ) : null}
      </div>
      <Button
        ref={buttonRef}
        size="sm"
        variant="secondary"
        onClick={onAcknowledge}
        disabled={acknowledging}
        aria-describedby={`${id}-headline`}
      >
        {acknowledging ? "Acknowledging…" : "Acknowledge"}
      </Button>
    </div>
  );
}

/**
 * Meta's policy alerts about the Page's app (warned, blocked), above the panes for managers and admins until someone
 * acknowledges them. Agents see nothing and never ask. Polled every minute and whenever the tab gets the focus back.
 */
export function PolicyAlertBanner() {
  const role = useRole();
  const allowed = role === "manager" || role === "admin";
  const alerts = usePolicyAlerts(allowed);
  const acknowledge = useAcknowledgePolicyAlert();
  const [acknowledgedLast, setAcknowledgedLast] = useState(false);
  const buttons = useRef(new Map<string, HTMLButtonElement>());
  const dismissRef = useRef<HTMLButtonElement>(null);
  const list = alerts.data ?? [];

  useEffect(() => {
    if (acknowledgedLast) dismissRef.current?.focus();
  }, [acknowledgedLast]);

  if (!allowed) return null;

  const onAcknowledge = (alert: PolicyAlert) => {
    const next = list.find((a) => a.id !== alert.id);
    setAcknowledgedLast(false);
    acknowledge.mutate(alert.id, {
      // The button that had the focus goes away: the focus moves to the next alert, or to the confirmation.
      onSuccess: () => {
        if (next) buttons.current.get(next.id)?.focus();
        else setAcknowledgedLast(true);
      },
    });
  };

  if (list.length === 0) {
    if (!acknowledgedLast) return null;
    return (
      <div
        role="status"
        className="flex flex-wrap items-center gap-3 border-b border-line bg-surface-2 px-4 py-2 text-sm"
      >
        <Icon name="check" className="h-4 w-4 text-success" />
        <p className="min-w-0 flex-1">Acknowledged. Baton shows a new alert if Meta sends another.</p>
        <Button ref={dismissRef} size="sm" variant="ghost" onClick={() => setAcknowledgedLast(false)}>
          Dismiss
        </Button>
      </div>
    );
  }

  return (
    <section aria-label="Alerts from Meta" className="shrink-0">
      {list.map((a) => (
        <AlertRow
          key={a.id}
          alert={a}
          onAcknowledge={() => onAcknowledge(a)}
          acknowledging={acknowledge.isPending && acknowledge.variables === a.id}
          error={
            acknowledge.isError && acknowledge.variables === a.id ? errorMessage(acknowledge.error) : null
          }
          buttonRef={(el) => {
            if (el) buttons.current.set(a.id, el);
            else buttons.current.delete(a.id);
          }}
        />
      ))}
    </section>
  );
}
