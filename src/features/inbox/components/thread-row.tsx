import { memo } from "react";
import type { ConversationSummary, ThreadOwner } from "@contract/conversation.ts";
import { Avatar } from "@/components/ui/avatar.tsx";
import { Icon } from "@/components/ui/icon.tsx";
import { FlagBadge } from "@/components/domain/flag-badge.tsx";
import { OwnerBadge } from "@/components/domain/owner-badge.tsx";
import { StatusBadge } from "@/components/domain/status-badge.tsx";
import { cn } from "@/lib/cn.ts";
import { formatListTime } from "@/lib/format.ts";
import { authorLabel, flagLabel, ownerLabel, statusLabel } from "@/shared/labels.ts";
import { formatTimeLeft, useMessagingWindow } from "@/shared/messaging-window.ts";

export interface ThreadRowProps {
  conversation: ConversationSummary;
  selected: boolean;
  active: boolean;
  now: Date;
  onOpen: (id: string) => void;
}

function rowLabel(
  c: ConversationSummary,
  owner: ThreadOwner,
  closing: boolean,
  timeLeft: number | null,
  now: Date,
): string {
  const parts = [c.customer.name, statusLabel[c.status], `owner ${ownerLabel[owner]}`];
  if (c.unreadCount > 0) parts.push(`${c.unreadCount} unread`);
  if (c.assignee) parts.push(`assigned to ${c.assignee.name}`);
  for (const f of c.flags) parts.push(flagLabel[f]);
  if (closing && timeLeft !== null) parts.push(`window closes in ${formatTimeLeft(timeLeft)}`);
  if (c.lastMessage) parts.push(`${authorLabel[c.lastMessage.author]}: ${c.lastMessage.preview}`);
  parts.push(formatListTime(c.lastActivityAt, now));
  return parts.join(", ");
}

/** One conversation in the list: who, what was said last, when, status, owner, flags, unread and window. */
export const ThreadRow = memo(function ThreadRow({
  conversation: c,
  selected,
  active,
  now,
  onOpen,
}: ThreadRowProps) {
  // The window indicator counts down live (one shared timer), not from the snapshot the list was fetched with.
  const { timeLeft, closing, owner } = useMessagingWindow(c);
  const unread = c.unreadCount > 0;
  return (
    <div
      id={`row-${c.id}`}
      role="option"
      aria-selected={selected}
      aria-label={rowLabel(c, owner, closing, timeLeft, now)}
      onClick={() => onOpen(c.id)}
      className={cn(
        "relative flex h-full cursor-pointer gap-3 border-b border-line px-3 py-2.5",
        selected ? "bg-accent-soft" : "hover:bg-surface-2",
        active && "outline-2 -outline-offset-2 outline-ring",
      )}
    >
      {unread ? (
        <span
          aria-hidden="true"
          className="absolute top-1/2 left-1 h-2 w-2 -translate-y-1/2 rounded-full bg-accent"
        />
      ) : null}
      <Avatar name={c.customer.name} src={c.customer.avatarUrl} className="mt-0.5" />
      <div className="min-w-0 flex-1" aria-hidden="true">
        <div className="flex items-baseline gap-2">
          <span
            dir="auto"
            className={cn("min-w-0 flex-1 truncate text-sm", unread ? "font-semibold" : "font-medium")}
          >
            {c.customer.name}
          </span>
          {closing && timeLeft !== null ? (
            <span
              className="inline-flex shrink-0 items-center gap-0.5 rounded-full bg-warning-soft px-1.5 text-[11px] font-medium whitespace-nowrap text-warning"
              title="Messaging window closing"
            >
              <Icon name="hourglass" className="h-3 w-3" />
              {formatTimeLeft(timeLeft)}
            </span>
          ) : null}
          <span
            className={cn(
              "shrink-0 text-xs tabular-nums",
              unread ? "font-semibold text-accent-text" : "text-muted",
            )}
          >
            {formatListTime(c.lastActivityAt, now)}
          </span>
        </div>
        <p dir="auto" className={cn("mt-0.5 truncate text-[13px]", unread ? "text-fg" : "text-muted")}>
          {c.lastMessage ? (
            <>
              {c.lastMessage.author !== "customer" ? (
                <span className="font-medium">{authorLabel[c.lastMessage.author]}: </span>
              ) : null}
              {c.lastMessage.preview}
            </>
          ) : (
            <span className="italic">No messages yet</span>
          )}
        </p>
        <div className="mt-1.5 flex h-5 min-w-0 items-center gap-1 overflow-hidden">
          <StatusBadge status={c.status} />
          <OwnerBadge owner={owner} />
          {c.flags.map((f) => (
            <FlagBadge key={f} flag={f} compact />
          ))}
          {unread ? (
            <span className="ml-auto rounded-full bg-accent px-1.5 text-[11px] font-semibold text-accent-fg tabular-nums">
              {c.unreadCount}
            </span>
          ) : null}
        </div>
      </div>
    </div>
  );
});
