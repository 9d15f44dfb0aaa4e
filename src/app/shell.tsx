import { lazy, Suspense, useCallback, useState } from "react";
import { Icon } from "@/components/ui/icon.tsx";
import { ADMIN_URL, followLink, INSIGHTS_URL } from "@/lib/app-path.ts";
import { useRole } from "@/shared/session-query.ts";
import { useSettings } from "@/shared/settings-query.ts";
import { useUrlState } from "@/shared/url-state.ts";
import { PolicyAlertBanner } from "@/features/alerts/components/policy-alert-banner.tsx";
import { AgentMenu } from "@/features/auth/components/agent-menu.tsx";
import { ViewNav } from "@/features/inbox/components/view-nav.tsx";
import { PreferencesPanel } from "@/app/preferences-panel.tsx";
import { useDocumentTitle } from "@/app/use-document-title.ts";
import { ConversationListPane, ConversationMainPane } from "@/app/inbox-panes.tsx";
import { useGlobalShortcuts } from "@/app/use-global-shortcuts.ts";
import { useLiveUpdates } from "@/app/use-live-updates.ts";
import { ReconnectingNotice } from "@/app/reconnecting-notice.tsx";

const ShortcutsDialog = lazy(() => import("@/app/shortcuts-dialog.tsx"));

/** The three panes: views, the conversation list, and the open conversation. */
export function Shell() {
  const { view, conversationId, q } = useUrlState();
  const settings = useSettings();
  const live = useLiveUpdates();
  const role = useRole();
  const isAdmin = role === "admin";
  const seesInsights = role === "manager" || role === "admin";
  useDocumentTitle();
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);
  useGlobalShortcuts(openHelp);

  return (
    <div className="flex h-full min-h-0 flex-col overflow-hidden">
      <a
        href="#conversation"
        className="sr-only-focusable absolute top-2 left-2 z-50 rounded bg-accent px-3 py-1.5 text-accent-fg"
      >
        Skip to conversation
      </a>
      {/* Meta's policy alerts (managers and admins), above the panes until someone acknowledges them. */}
      <PolicyAlertBanner />
      <div className="flex min-h-0 flex-1 overflow-hidden">
        <aside
          className="hidden w-56 shrink-0 flex-col border-r border-line bg-surface-2 md:flex"
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
            {seesInsights ? (
              <nav aria-label="Administration" className="mt-4 border-t border-line pt-3">
                <a
                  href={INSIGHTS_URL}
                  onClick={followLink(INSIGHTS_URL)}
                  className="flex items-center gap-2.5 rounded-lg px-2.5 py-1.5 text-sm text-fg hover:bg-surface-3"
                >
                  <Icon name="list" className="h-4 w-4 text-muted" />
                  Insights
                </a>
                {isAdmin ? (
                  <a
                    href={ADMIN_URL}
                    onClick={followLink(ADMIN_URL)}
                    className="flex items-center gap-2.5 rounded-lg px-2.5 py-1.5 text-sm text-fg hover:bg-surface-3"
                  >
                    <Icon name="users" className="h-4 w-4 text-muted" />
                    Admin
                  </a>
                ) : null}
              </nav>
            ) : null}
          </div>
          <div className="flex flex-col gap-3 border-t border-line p-3">
            <PreferencesPanel live={live} onShowShortcuts={openHelp} />
            <AgentMenu />
          </div>
        </aside>

        <ConversationListPane
          view={view}
          q={q}
          conversationId={conversationId}
          className="lg:w-[360px]"
          headerExtra={
            // Phones have no sidebar: the account menu (sign out, the admin page) sits here.
            <div className="self-center md:hidden">
              <AgentMenu placement="down" compact />
            </div>
          }
        />

        <ConversationMainPane
          conversationId={conversationId}
          empty={
            <>
              <p className="text-3xl" aria-hidden="true">
                💬
              </p>
              <p className="font-medium text-fg">Pick a conversation</p>
              <p className="text-sm">
                Use <kbd className="font-mono">j</kbd>/<kbd className="font-mono">k</kbd> and{" "}
                <kbd className="font-mono">Enter</kbd>, or press <kbd className="font-mono">?</kbd> for every
                shortcut.
              </p>
            </>
          }
        />
      </div>
      <ReconnectingNotice live={live} />
      {helpOpen ? (
        <Suspense fallback={null}>
          <ShortcutsDialog open={helpOpen} onClose={() => setHelpOpen(false)} />
        </Suspense>
      ) : null}
    </div>
  );
}
