import type { ReactNode } from "react";
import { inboxView, type ConversationSummary, type InboxView } from "@contract/conversation.ts";
import { cn } from "@/lib/cn.ts";
import { navigate } from "@/shared/url-state.ts";
import { viewLabel, views } from "@/shared/views.ts";
import { ConversationPane } from "@/features/conversation/components/conversation-pane.tsx";
import { useViewCounts } from "@/features/inbox/api/get-view-counts.ts";
import { SearchBox } from "@/features/inbox/components/search-box.tsx";
import { ThreadList } from "@/features/inbox/components/thread-list.tsx";
import { ReopenForHuman } from "@/features/review/components/reopen-for-human.tsx";
import { ReviewIntro } from "@/features/review/components/review-intro.tsx";
import { BotResolvedTabs, useReviewTab } from "@/features/review/components/review-tabs.tsx";
import { ReviewPanes } from "@/app/review-panes.tsx";

const botClosed = (c: ConversationSummary) => c.status === "bot_resolved";
const reviewFooter = (c: ConversationSummary) => <ReopenForHuman conversation={c} />;

/**
 * The conversation list pane: the view's name and count, a view picker on phones (no sidebar there), search, the
 * Bot Resolved intro and the list. Standalone and embedded inboxes both use it; `headerExtra` is what the caller
 * adds beside the count (the account menu on phones).
 */
export function ConversationListPane(props: {
  view: InboxView;
  q: string;
  conversationId: string | null;
  className?: string;
  headerExtra?: ReactNode;
}) {
  const { view, q, conversationId } = props;
  const counts = useViewCounts();
  // Bot Resolved's review pages take the place of both panes (ConversationMainPane shows them).
  const reviewTab = useReviewTab();
  if (reviewTab) return null;
  return (
    <section
      aria-label="Conversation list"
      className={cn(
        "min-h-0 w-full shrink-0 flex-col border-r border-line bg-surface lg:flex",
        props.className,
        conversationId ? "hidden" : "flex",
      )}
    >
      <div className="flex flex-col gap-2 border-b border-line px-3 pt-3 pb-2">
        <div className="flex items-baseline justify-between gap-2">
          <h1 className="text-base font-semibold">{viewLabel(view)}</h1>
          <span className="flex-1 text-right text-xs text-muted tabular-nums">
            {counts.data ? `${counts.data[view].toLocaleString()} conversations` : ""}
          </span>
          {props.headerExtra}
        </div>
        <label className="flex items-center gap-2 text-xs text-muted md:hidden">
          View
          <select
            value={view}
            onChange={(e) => navigate({ view: inboxView.parse(e.target.value), conversationId: null, q: "" })}
            className="flex-1 rounded border border-line bg-surface px-1 py-1 text-sm text-fg"
          >
            {views.map((v) => (
              <option key={v.view} value={v.view}>
                {v.label}
              </option>
            ))}
          </select>
        </label>
        <SearchBox q={q} />
      </div>
      {view === "bot_resolved" ? (
        <>
          <BotResolvedTabs current="conversations" className="border-b border-line px-2 py-1.5" />
          <ReviewIntro />
        </>
      ) : null}
      <ThreadList view={view} q={q} selectedId={conversationId} />
    </section>
  );
}

/** The open conversation (read-only with the review footer when the bot closed it), or what to do when none is open. */
export function ConversationMainPane(props: { conversationId: string | null; empty: ReactNode }) {
  const { conversationId } = props;
  const reviewTab = useReviewTab();
  if (reviewTab) return <ReviewPanes tab={reviewTab} />;
  return (
    <main
      id="conversation"
      tabIndex={-1}
      className={cn(
        "min-h-0 min-w-0 flex-1 flex-col focus:outline-none lg:flex",
        conversationId ? "flex" : "hidden",
      )}
    >
      {conversationId ? (
        <ConversationPane
          key={conversationId}
          conversationId={conversationId}
          readOnly={botClosed}
          footer={reviewFooter}
        />
      ) : (
        <div className="flex flex-1 flex-col items-center justify-center gap-2 p-8 text-center text-muted">
          {props.empty}
        </div>
      )}
    </main>
  );
}
