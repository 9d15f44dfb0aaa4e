import { INBOX_URL, followLink } from "@/lib/app-path.ts";

/** What an agent sees at /insights (the server refuses them the figures anyway). */
export function ManagersOnlyNotice() {
  return (
    <div className="mx-auto mt-10 max-w-md rounded-2xl border border-line bg-surface p-6 text-center shadow-card">
      <h2 className="text-base font-semibold">Insights are for managers only</h2>
      <p className="mt-2 text-sm text-muted">
        How the bot and the team do is shown to managers and admins. Ask one of them if you need a figure.
      </p>
      <a
        href={INBOX_URL}
        onClick={followLink(INBOX_URL)}
        className="mt-4 inline-flex h-8 items-center rounded-md bg-accent px-3 text-sm font-medium text-accent-fg hover:brightness-110"
      >
        Back to the inbox
      </a>
    </div>
  );
}
