import { useEffect, type ReactNode } from "react";
import { KnowledgeGaps } from "@/features/review/components/knowledge-gaps.tsx";
import { ReviewQueue } from "@/features/review/components/review-queue.tsx";
import { BotResolvedTabs, type ReviewTab } from "@/features/review/components/review-tabs.tsx";

export interface ReviewWorkspaceProps {
  tab: ReviewTab;
  /** The conversation as the app shows it (see ReviewQueue). */
  renderConversation?: (conversationId: string) => ReactNode;
  /** What the app adds beside the tabs (the account menu on phones). */
  headerExtra?: ReactNode;
}

/** Bot Resolved's review pages, in place of its list and conversation panes (loaded on demand by the app). */
export default function ReviewWorkspace({ tab, renderConversation, headerExtra }: ReviewWorkspaceProps) {
  useEffect(() => {
    const previous = document.title;
    document.title = `${tab === "review" ? "Review" : "Knowledge gaps"} · Baton`;
    return () => {
      document.title = previous;
    };
  }, [tab]);
  return (
    <main id="conversation" tabIndex={-1} className="flex min-h-0 min-w-0 flex-1 flex-col focus:outline-none">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-1 border-b border-line bg-surface px-4 py-2">
        <h1 className="text-base font-semibold">Bot Resolved</h1>
        <BotResolvedTabs current={tab} className="flex-1" />
        {headerExtra}
      </div>
      {tab === "review" ? <ReviewQueue renderConversation={renderConversation} /> : <KnowledgeGaps />}
    </main>
  );
}
