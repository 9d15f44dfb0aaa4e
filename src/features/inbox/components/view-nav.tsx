import type { InboxView } from "@contract/conversation.ts";
import { Icon, type IconName } from "@/components/ui/icon.tsx";
import { cn } from "@/lib/cn.ts";
import { navigate, urlFor } from "@/shared/url-state.ts";
import { views } from "@/shared/views.ts";
import { useViewCounts } from "@/features/inbox/api/get-view-counts.ts";

const icons: Record<InboxView, IconName> = {
  open: "inbox",
  mine: "user",
  unassigned: "circle",
  pending: "clock",
  bot_resolved: "bot",
  resolved: "check",
  all: "list",
};

/** The views sidebar: each view with its count; the current one is marked for assistive tech. */
export function ViewNav({ current }: { current: InboxView }) {
  const counts = useViewCounts();
  return (
    <nav aria-label="Views">
      <ul className="flex flex-col gap-0.5">
        {views.map((v) => {
          const count = counts.data?.[v.view];
          const active = v.view === current;
          return (
            <li key={v.view}>
              <a
                href={urlFor({ view: v.view, conversationId: null, q: "" })}
                aria-current={active ? "page" : undefined}
                onClick={(e) => {
                  if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
                  e.preventDefault();
                  navigate({ view: v.view, conversationId: null, q: "" });
                }}
                className={cn(
                  "group flex items-center gap-2.5 rounded-lg px-2.5 py-1.5 text-sm",
                  active ? "bg-accent-soft font-semibold text-accent-text" : "text-fg hover:bg-surface-3",
                )}
              >
                <Icon
                  name={icons[v.view]}
                  className={cn("h-4 w-4", active ? "text-accent-text" : "text-muted")}
                />
                <span className="flex-1 truncate">{v.label}</span>{" "}
                {count !== undefined ? (
                  <span className={cn("tabular-nums text-xs", active ? "text-accent-text" : "text-muted")}>
                    {count.toLocaleString()}
                    <span className="sr-only"> conversations</span>
                  </span>
                ) : null}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
