import type { QueueSource } from "@contract/review.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { cn } from "@/lib/cn.ts";
import { sourceLabels } from "@/features/review/labels.ts";

const tone = {
  flagged: "danger",
  assumed_question: "warning",
  reopened: "info",
  sample: "neutral",
} as const satisfies Record<QueueSource, "danger" | "warning" | "info" | "neutral">;

/** Why a resolution is in the queue. The random sample looks apart on purpose: it alone measures the bot honestly. */
export function SourceBadge({ source, className }: { source: QueueSource; className?: string }) {
  return (
    <Badge
      tone={tone[source]}
      className={cn(source === "sample" && "border border-dashed border-line-strong", className)}
    >
      {source === "sample" ? <span aria-hidden="true">🎲</span> : null}
      {sourceLabels[source]}
    </Badge>
  );
}
