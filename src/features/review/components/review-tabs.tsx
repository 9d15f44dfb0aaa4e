import { roleAtLeast } from "@contract/auth.ts";
import { followLink, useSearchParam } from "@/lib/app-path.ts";
import { cn } from "@/lib/cn.ts";
import { useRole } from "@/shared/session-query.ts";
import { useUrlState } from "@/shared/url-state.ts";

export type BotResolvedTab = "conversations" | "review" | "gaps";
export type ReviewTab = Exclude<BotResolvedTab, "conversations">;

const tabs: { id: BotResolvedTab; label: string; url: string }[] = [
  { id: "conversations", label: "Conversations", url: "/?view=bot_resolved" },
  { id: "review", label: "Review", url: "/?view=bot_resolved&tab=review" },
  { id: "gaps", label: "Knowledge gaps", url: "/?view=bot_resolved&tab=gaps" },
];

function useMayReview(): boolean {
  const role = useRole();
  return role !== null && roleAtLeast(role, "manager");
}

/**
 * Which review page Bot Resolved shows (`?view=bot_resolved&tab=review|gaps`), or null for its conversation list.
 * Managers and admins only: for an agent it is always null, whatever the address says.
 */
export function useReviewTab(): ReviewTab | null {
  const { view } = useUrlState();
  const tab = useSearchParam("tab");
  const mayReview = useMayReview();
  if (!mayReview || view !== "bot_resolved") return null;
  return tab === "review" || tab === "gaps" ? tab : null;
}

/** Bot Resolved's pages for managers and admins: its conversations, the review queue, the knowledge gaps. */
export function BotResolvedTabs({ current, className }: { current: BotResolvedTab; className?: string }) {
  const mayReview = useMayReview();
  if (!mayReview) return null;
  return (
    <nav aria-label="Bot Resolved" className={cn("flex gap-1", className)}>
      {tabs.map((t) => (
        <a
          key={t.id}
          href={t.url}
          onClick={followLink(t.url)}
          aria-current={t.id === current ? "page" : undefined}
          className={cn(
            "rounded-md px-2.5 py-1 text-sm font-medium",
            t.id === current
              ? "bg-accent-soft text-accent-text"
              : "text-muted hover:bg-surface-3 hover:text-fg",
          )}
        >
          {t.label}
        </a>
      ))}
    </nav>
  );
}
