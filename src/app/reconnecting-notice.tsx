import type { LiveStatus } from "@/lib/live-stream.ts";

/**
 * Says "Reconnecting…" while the live stream is down (its heartbeat stopped or the connection dropped): what is on
 * screen may be stale until the stream is back. The status region stays mounted, empty while the stream is live, so
 * screen readers announce the change politely at every width. It is seen only where the sidebar (whose live status
 * says the same) is hidden, below md, and at the top, clear of the composer an agent may be typing in.
 */
export function ReconnectingNotice({ live }: { live: LiveStatus }) {
  return (
    <div
      role="status"
      aria-live="polite"
      className="pointer-events-none fixed top-2 left-1/2 z-40 -translate-x-1/2 md:sr-only"
    >
      {live === "offline" ? (
        <p className="flex items-center gap-2 rounded-full border border-line bg-surface-3 px-3 py-1.5 text-xs font-medium text-fg shadow-md">
          <span aria-hidden="true" className="h-2 w-2 animate-pulse rounded-full bg-warning" />
          Reconnecting…
        </p>
      ) : null}
    </div>
  );
}
