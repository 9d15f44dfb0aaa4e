import { memo } from "react";
import type { SystemEvent, SystemItem } from "@contract/timeline.ts";
import { Icon, type IconName } from "@/components/ui/icon.tsx";
import { cn } from "@/lib/cn.ts";
import { formatFull, formatTime } from "@/lib/format.ts";
import { systemLabel } from "@/features/conversation/describe.ts";

const icon: Record<SystemEvent, IconName> = {
  escalated: "handoff",
  no_bot_answer: "clock",
  bot_resolved: "bot",
  bot_replied_after_handoff: "flag",
  autoresponder_suspected: "flag",
  control_passed: "handoff",
  control_taken: "handoff",
  control_requested: "user",
  control_released: "circle",
  assigned: "user",
  resolved: "check",
  reopened: "reopen",
  roles_changed: "list",
  referral: "inbox",
  opt_in: "mail",
  feedback: "list",
};

const tone = (event: SystemEvent) =>
  event === "escalated" || event === "no_bot_answer"
    ? "border-warning/40 bg-warning-soft text-warning"
    : event === "bot_replied_after_handoff" || event === "autoresponder_suspected"
      ? "border-danger/40 bg-danger-soft text-danger"
      : event === "resolved" || event === "bot_resolved"
        ? "border-success/30 bg-success-soft text-success"
        : event === "referral" || event === "opt_in" || event === "feedback"
          ? "border-info/30 bg-info-soft text-info"
          : "border-line bg-surface-2 text-muted";

/** A system event (escalation, control changes, resolutions) as a centred note in the transcript. */
export const SystemNotice = memo(function SystemNotice({ item }: { item: SystemItem }) {
  return (
    <article aria-label={systemLabel(item)} className="flex justify-center px-4 py-1.5">
      <p
        aria-hidden="true"
        className={cn(
          "inline-flex max-w-[90%] items-center gap-2 rounded-full border px-3 py-1 text-xs font-medium",
          tone(item.event),
        )}
      >
        <Icon name={icon[item.event]} className="h-3.5 w-3.5 shrink-0" />
        <span dir="auto" className="min-w-0 [overflow-wrap:anywhere]">
          {item.text}
        </span>
        <time dateTime={item.at} title={formatFull(item.at)} className="shrink-0">
          {formatTime(item.at)}
        </time>
      </p>
    </article>
  );
});
