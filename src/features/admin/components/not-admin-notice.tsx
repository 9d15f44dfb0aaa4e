import { INBOX_URL, followLink } from "@/lib/app-path.ts";

/** What a manager or agent sees at /admin (the server refuses the admin API to them anyway). */
export function NotAdminNotice() {
  return (
    <div className="mx-auto mt-10 max-w-md rounded-2xl border border-line bg-surface p-6 text-center shadow-card">
      <h2 className="text-base font-semibold">Only admins can open this page</h2>
      <p className="mt-2 text-sm text-muted">
        Agents, invitations and the audit log are managed by an admin of your team. Ask one if you need a
        change.
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
