import { useEffect, useRef, type KeyboardEvent, type ReactNode } from "react";
import { goTo, useSearchParam } from "@/lib/app-path.ts";
import { cn } from "@/lib/cn.ts";
import { useSession } from "@/shared/session-query.ts";
import { AgentsPanel } from "@/features/admin/components/agents-panel.tsx";
import { AuditLog } from "@/features/admin/components/audit-log.tsx";
import { MessengerPanel } from "@/features/admin/components/messenger-panel.tsx";
import { NotAdminNotice } from "@/features/admin/components/not-admin-notice.tsx";
import { UnprocessableEvents } from "@/features/admin/components/unprocessable-events.tsx";
import { PageHeader } from "@/components/ui/page-header.tsx";

const tabs = [
  { id: "agents", label: "Agents" },
  { id: "audit", label: "Audit log" },
  { id: "events", label: "Unprocessable webhook events" },
  { id: "messenger", label: "Messenger" },
] as const;
type TabId = (typeof tabs)[number]["id"];

const isTab = (value: string | null): value is TabId => tabs.some((t) => t.id === value);

/**
 * /admin: the team's accounts and invitations, the audit log, webhook events Baton could not store, and what Baton
 * learned from Messenger (handoff buttons, the last webhook test). Admins only.
 * `accountMenu` is the app's account menu (features do not import each other).
 */
export function AdminPage({ accountMenu = null }: { accountMenu?: ReactNode }) {
  const session = useSession();
  const param = useSearchParam("tab");
  const tab: TabId = isTab(param) ? param : "agents";
  const tabRefs = useRef(new Map<TabId, HTMLButtonElement>());
  const me = session.data?.agent;

  useEffect(() => {
    const previous = document.title;
    document.title = "Admin · Baton";
    return () => {
      document.title = previous;
    };
  }, []);

  const select = (id: TabId, focus = false) => {
    goTo(id === "agents" ? "/admin" : `/admin?tab=${id}`, { replace: true });
    if (focus) tabRefs.current.get(id)?.focus();
  };
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const at = tabs.findIndex((t) => t.id === tab);
    const next =
      e.key === "ArrowRight"
        ? at + 1
        : e.key === "ArrowLeft"
          ? at - 1
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? tabs.length - 1
              : null;
    if (next === null) return;
    e.preventDefault();
    const target = tabs[(next + tabs.length) % tabs.length];
    if (target) select(target.id, true);
  };

  return (
    <div className="flex h-full min-h-0 flex-col bg-canvas">
      <PageHeader title="Admin">{accountMenu}</PageHeader>
      <main className="min-h-0 flex-1 overflow-y-auto">
        {me && me.role !== "admin" ? (
          <NotAdminNotice />
        ) : (
          <div className="mx-auto w-full max-w-6xl px-4 py-5 sm:px-6">
            <div
              role="tablist"
              aria-label="Admin sections"
              className="flex flex-wrap gap-x-1 border-b border-line"
            >
              {tabs.map((t) => (
                <button
                  key={t.id}
                  ref={(el) => {
                    if (el) tabRefs.current.set(t.id, el);
                    else tabRefs.current.delete(t.id);
                  }}
                  type="button"
                  role="tab"
                  id={`admin-tab-${t.id}`}
                  aria-selected={tab === t.id}
                  aria-controls={`admin-panel-${t.id}`}
                  tabIndex={tab === t.id ? 0 : -1}
                  onClick={() => select(t.id)}
                  onKeyDown={onTabKey}
                  className={cn(
                    "-mb-px shrink-0 cursor-pointer border-b-2 px-3 py-2 text-sm font-medium whitespace-nowrap",
                    tab === t.id
                      ? "border-accent text-accent-text"
                      : "border-transparent text-muted hover:text-fg",
                  )}
                >
                  {t.label}
                </button>
              ))}
            </div>
            <div
              role="tabpanel"
              id={`admin-panel-${tab}`}
              aria-labelledby={`admin-tab-${tab}`}
              className="pt-5"
            >
              {tab === "agents" && me ? <AgentsPanel meId={me.id} /> : null}
              {tab === "audit" ? <AuditLog /> : null}
              {tab === "events" ? <UnprocessableEvents /> : null}
              {tab === "messenger" ? <MessengerPanel /> : null}
            </div>
          </div>
        )}
      </main>
    </div>
  );
}
