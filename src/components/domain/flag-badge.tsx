import type { ConversationFlag } from "@contract/conversation.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { Icon } from "@/components/ui/icon.tsx";
import { flagLabel } from "@/shared/labels.ts";

export function FlagBadge({ flag, compact = false }: { flag: ConversationFlag; compact?: boolean }) {
  const short = flag === "bot_replied_after_handoff" ? "Bot after handoff" : "Autoresponder?";
  return (
    <Badge tone="danger" title={flagLabel[flag]}>
      <Icon name="flag" className="h-3 w-3" />
      {compact ? <span aria-label={flagLabel[flag]}>{short}</span> : flagLabel[flag]}
    </Badge>
  );
}
