import type { ThreadOwner } from "@contract/conversation.ts";
import { Badge, type BadgeProps } from "@/components/ui/badge.tsx";
import { Icon, type IconName } from "@/components/ui/icon.tsx";
import { ownerLabel } from "@/shared/labels.ts";

const tone: Record<ThreadOwner, BadgeProps["tone"]> = {
  bot: "bot",
  baton: "accent",
  page_inbox: "page",
  idle: "neutral",
};
const icon: Record<ThreadOwner, IconName> = { bot: "bot", baton: "users", page_inbox: "mail", idle: "clock" };

/** Which app owns the Messenger thread right now. */
export function OwnerBadge({ owner }: { owner: ThreadOwner }) {
  return (
    <Badge tone={tone[owner]} title={`Thread owner: ${ownerLabel[owner]}`}>
      <Icon name={icon[owner]} className="h-3 w-3" />
      <span className="sr-only">Owner: </span>
      {ownerLabel[owner]}
    </Badge>
  );
}
