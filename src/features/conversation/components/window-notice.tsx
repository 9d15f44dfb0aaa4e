import type { MessagingWindow } from "@contract/conversation.ts";
import { CLOSING_SOON_MS, windowTimeLeft } from "@contract/messaging-window.ts";
import { cn } from "@/lib/cn.ts";
import { formatTimeLeft } from "@/shared/messaging-window.ts";

export interface WindowNoticeProps {
  window: MessagingWindow;
  now: Date;
  /** The customer's last words, quoted when the window is about to close. */
  lastCustomerText: string | null;
}

/** Says before the agent types whether a reply can go out, and how (standard window, HUMAN_AGENT tag, or not at all). */
export function WindowNotice({ window, now, lastCustomerText }: WindowNoticeProps) {
  const left = windowTimeLeft(window, now);
  const closing = left !== null && left < CLOSING_SOON_MS;
  let tone = "bg-success-soft text-success";
  let text: string;
  if (window.kind === "closed") {
    tone = "bg-danger-soft text-danger";
    text = `You can't reply: ${window.reason ?? "the messaging window is closed."}`;
  } else if (window.kind === "human_agent") {
    tone = closing ? "bg-warning-soft text-warning" : "bg-info-soft text-info";
    text = `The 24-hour window has passed: your reply will be sent with the HUMAN_AGENT tag${left !== null ? ` · ${formatTimeLeft(left)} left` : ""}.`;
  } else {
    if (closing) tone = "bg-warning-soft text-warning";
    text =
      left !== null
        ? `Messaging window open · ${formatTimeLeft(left)} left${closing ? " — reply soon" : ""}.`
        : "Messaging window open.";
  }
  return (
    <div
      id="window-notice"
      className={cn("rounded-md px-3 py-1.5 text-xs font-medium", tone)}
      data-window={window.kind}
    >
      <p>{text}</p>
      {closing && lastCustomerText ? (
        <blockquote
          dir="auto"
          className="mt-1 border-l-2 border-current pl-2 font-normal italic [overflow-wrap:anywhere] opacity-90"
        >
          <span className="sr-only">The customer's last message: </span>“
          {lastCustomerText.length > 240 ? `${lastCustomerText.slice(0, 240)}…` : lastCustomerText}”
        </blockquote>
      ) : null}
    </div>
  );
}
