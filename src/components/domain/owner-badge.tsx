import type { ThreadOwner } from "@contract/conversation.ts";
import { Badge, type BadgeProps } from "@/components/ui/badge.tsx";
import { ownerLabel } from "@/lib/labels.ts";

const tone: Record<ThreadOwner, BadgeProps["tone"]> = { bot: "bot", baton: "accent", page_inbox: "page", idle: "neutral" };
const icon: Record<ThreadOwner, string> = { bot: "🤖", baton: "●", page_inbox: "✉", idle: "◌" };

/** Which app owns the Messenger thread right now. */
export function OwnerBadge({ owner }: { owner: ThreadOwner }) {
  return (
    <Badge tone={tone[owner]} title={`Thread owner: ${ownerLabel[owner]}`}>
      <span aria-hidden="true">{icon[owner]}</span>
      <span className="sr-only">Owner: </span>
      {ownerLabel[owner]}
    </Badge>
  );
}
