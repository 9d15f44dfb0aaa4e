import type { ReactNode } from "react";
import { followLink, INBOX_URL } from "@/lib/app-path.ts";

/** The header of a page beside the inbox (Admin, Insights): the way back to the inbox, the page's title, its menu. */
export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="flex items-center gap-3 border-b border-line bg-surface px-4 py-2.5 sm:px-6">
      <a
        href={INBOX_URL}
        onClick={followLink(INBOX_URL)}
        className="flex items-center gap-2 rounded-md px-1.5 py-1 text-sm text-muted hover:bg-surface-3 hover:text-fg"
      >
        <span aria-hidden="true">←</span> Inbox
      </a>
      <img src="/baton.svg" alt="" className="h-6 w-6" />
      <h1 className="min-w-0 flex-1 truncate text-base font-semibold">{title}</h1>
      {children}
    </header>
  );
}
