import type { LiveStatus } from "@/lib/live-stream.ts";
import { usePreferencesStore, type ThemePreference } from "@/lib/preferences-store.ts";
import { cn } from "@/lib/cn.ts";

const liveText: Record<LiveStatus, string> = {
  connecting: "Connecting…",
  live: "Live",
  offline: "Reconnecting…",
};

/** Live status, escalation notifications and theme, at the foot of the sidebar. */
export function PreferencesPanel({
  live,
  onShowShortcuts,
}: {
  live: LiveStatus;
  onShowShortcuts: () => void;
}) {
  const notify = usePreferencesStore((s) => s.notifyOnEscalation);
  const setNotify = usePreferencesStore((s) => s.setNotifyOnEscalation);
  const theme = usePreferencesStore((s) => s.theme);
  const setTheme = usePreferencesStore((s) => s.setTheme);
  return (
    <div className="flex flex-col gap-2 text-xs text-muted">
      <p className="flex items-center gap-2" role="status">
        <span
          aria-hidden="true"
          className={cn(
            "h-2 w-2 rounded-full",
            live === "live" ? "bg-success" : live === "offline" ? "bg-danger" : "bg-warning",
          )}
        />
        {liveText[live]}
      </p>
      <label className="flex cursor-pointer items-center gap-2">
        <input
          type="checkbox"
          checked={notify}
          onChange={async (e) => {
            const on = e.target.checked;
            if (on && typeof Notification !== "undefined" && Notification.permission === "default")
              await Notification.requestPermission();
            setNotify(on);
          }}
          className="accent-accent"
        />
        Notify me of new escalations
      </label>
      <label className="flex items-center gap-2">
        Theme
        <select
          value={theme}
          onChange={(e) => setTheme(e.target.value as ThemePreference)}
          className="rounded border border-line bg-surface px-1 py-0.5 text-fg"
        >
          <option value="system">System</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
      </label>
      <button
        type="button"
        onClick={onShowShortcuts}
        className="cursor-pointer self-start text-accent-text hover:underline"
      >
        Keyboard shortcuts (?)
      </button>
    </div>
  );
}
