import type { ConversationStatus } from "@contract/conversation.ts";
import { Badge, type BadgeProps } from "@/components/ui/badge.tsx";
import { statusLabel } from "@/shared/labels.ts";

const tone: Record<ConversationStatus, BadgeProps["tone"]> = {
  bot: "bot",
  bot_resolved: "bot",
  open: "warning",
  pending: "info",
  resolved: "success",
};

export function StatusBadge({ status }: { status: ConversationStatus }) {
  return <Badge tone={tone[status]}>{statusLabel[status]}</Badge>;
}
