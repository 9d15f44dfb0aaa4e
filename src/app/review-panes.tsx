import { lazy, Suspense, type ReactNode } from "react";
import { Spinner } from "@/components/ui/spinner.tsx";
import { ConversationPane } from "@/features/conversation/components/conversation-pane.tsx";
import type { ReviewTab } from "@/features/review/components/review-tabs.tsx";

// Only managers review: the queue loads on demand, so the inbox's first load stays small.
const ReviewWorkspace = lazy(() => import("@/features/review/components/review-workspace.tsx"));

const readOnly = () => true;
const noFooter = () => null;
/** The reviewed conversation as the inbox shows it, read-only: the verdict bar is its footer's place. */
const reviewedConversation = (id: string) => (
  <ConversationPane key={id} conversationId={id} readOnly={readOnly} footer={noFooter} />
);

/** Bot Resolved's review pages (managers and admins), in place of the list and conversation panes. */
export function ReviewPanes({ tab, headerExtra }: { tab: ReviewTab; headerExtra?: ReactNode }) {
  return (
    <Suspense
      fallback={
        <main className="flex flex-1 items-center justify-center">
          <Spinner label="Loading the review" />
        </main>
      }
    >
      <ReviewWorkspace tab={tab} renderConversation={reviewedConversation} headerExtra={headerExtra} />
    </Suspense>
  );
}
