import { lazy, Suspense, useCallback, useState } from "react";
import { cn } from "@/lib/cn.ts";
import { useSignedInAgent } from "@/shared/session-query.ts";
import { useSettings } from "@/shared/settings-query.ts";
import { useUrlState } from "@/shared/url-state.ts";
import { ViewNav } from "@/features/inbox/components/view-nav.tsx";
import { ConversationListPane, ConversationMainPane } from "@/app/inbox-panes.tsx";
import { useGlobalShortcuts } from "@/app/use-global-shortcuts.ts";
import { useLiveUpdates } from "@/app/use-live-updates.ts";
import { useReportToHost } from "@/embed/use-report-to-host.ts";

const ShortcutsDialog = lazy(() => import("@/app/shortcuts-dialog.tsx"));

const liveText = { connecting: "Connecting…", live: "Live", offline: "Reconnecting…" } as const;

/**
 * The full inbox inside a host's frame: the same views, list and conversation as Baton on its own, without what the
 * host owns (signing in and out, the account menu, the admin pages). Below 768 px the views become a select, below
 * 1024 px the list and the conversation take turns, as in the standalone shell.
 */
export function EmbeddedInbox({ hostName }: { hostName: string }) {
  const { view, conversationId, q } = useUrlState();
  const settings = useSettings();
  const me = useSignedInAgent();
  const live = useLiveUpdates();
  useReportToHost();
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useGlobalShortcuts(openHelp);

  return (
    <div className="flex h-full min-h-0 overflow-hidden">
      <a
        href="#conversation"
        className="sr-only-focusable absolute top-2 left-2 z-50 rounded bg-accent px-3 py-1.5 text-accent-fg"
      >
        Skip to conversation
      </a>
      <aside
        className="hidden w-52 shrink-0 flex-col border-r border-line bg-surface-2 md:flex"
        aria-label="Sidebar"
      >
        <div className="flex items-center gap-2 px-4 pt-4 pb-3">
          <img src="/baton.svg" alt="" className="h-7 w-7" />
          <div className="min-w-0">
            <p className="text-sm leading-tight font-bold">Baton</p>
            <p className="truncate text-[11px] text-muted">{settings.data?.pageName ?? "\u00a0"}</p>
          </div>
        </div>
        <div className="flex-1 overflow-y-auto px-2">
          <ViewNav current={view} />
        </div>
        <div className="flex flex-col gap-1 border-t border-line p-3 text-xs text-muted">
          <p className="flex items-center gap-2">
            <span
              aria-hidden="true"
              className={cn(
                "h-2 w-2 rounded-full",
                live === "live" ? "bg-success" : live === "offline" ? "bg-danger" : "bg-warning",
              )}
            />
            {liveText[live]}
          </p>
          <p className="truncate" title={me ? `${me.name}, signed in through ${hostName}` : undefined}>
            {me ? (
              <>
                <span className="font-medium text-fg">{me.name}</span> · via {hostName}
              </>
            ) : (
              "\u00a0"
            )}
          </p>
        </div>
      </aside>

      <ConversationListPane view={view} q={q} conversationId={conversationId} className="lg:w-[340px]" />

      <ConversationMainPane
        conversationId={conversationId}
        empty={
          <>
            <p className="font-medium text-fg">Pick a conversation</p>
            <p className="text-sm">
              Press <kbd className="font-mono">?</kbd> for every shortcut.
            </p>
          </>
        }
      />
      {helpOpen ? (
        <Suspense fallback={null}>
          <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
        </Suspense>
      ) : null}
    </div>
  );
}
