import type { ConversationSummary } from "@contract/conversation.ts";
import { useUrlState } from "@/shared/url-state.ts";
import { viewLabel } from "@/shared/views.ts";
import { ConversationPane } from "@/features/conversation/components/conversation-pane.tsx";
import { ThreadList } from "@/features/inbox/components/thread-list.tsx";
import { ReopenForHuman } from "@/features/review/components/reopen-for-human.tsx";
import { useLiveUpdates } from "@/app/use-live-updates.ts";
import { useReportToHost } from "@/embed/use-report-to-host.ts";

const botClosed = (c: ConversationSummary) => c.status === "bot_resolved";
const reviewFooter = (c: ConversationSummary) => <ReopenForHuman conversation={c} />;

/**
 * One conversation in a narrow column beside the host's own page (about 400 px: a customer's order in a shop admin):
 * the whole transcript and the reply box, the same ConversationPane as the inbox. Without a conversation (the host
 * has not picked one, or the agent went back), the list of the current view to pick from.
 */
export function SidePanel({ hostName }: { hostName: string }) {
  const { view, conversationId, q } = useUrlState();
  useLiveUpdates();
  useReportToHost();

  return (
    <div className="flex h-full min-h-0 min-w-0 flex-col bg-canvas">
      {conversationId ? (
        <main id="conversation" className="flex min-h-0 min-w-0 flex-1 flex-col">
          <ConversationPane
            key={conversationId}
            conversationId={conversationId}
            readOnly={botClosed}
            footer={reviewFooter}
          />
        </main>
      ) : (
        <main aria-label="Conversation list" className="flex min-h-0 flex-1 flex-col bg-surface">
          <div className="border-b border-line px-3 pt-3 pb-2">
            <h1 className="text-base font-semibold">{viewLabel(view)}</h1>
            <p className="text-xs text-muted">Pick a conversation here, or open a customer in {hostName}.</p>
          </div>
          <ThreadList view={view} q={q} selectedId={null} />
        </main>
      )}
    </div>
  );
}
