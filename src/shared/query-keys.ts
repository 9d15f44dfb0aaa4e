import type { InboxView } from "@contract/conversation.ts";

/** Query keys shared by the features and the live stream router, so a live event finds every cached copy. */
export const conversationKeys = {
  all: ["conversations"] as const,
  lists: () => [...conversationKeys.all, "list"] as const,
  list: (view: InboxView, q: string) => [...conversationKeys.lists(), { view, q }] as const,
  counts: () => [...conversationKeys.all, "counts"] as const,
  details: () => [...conversationKeys.all, "detail"] as const,
  detail: (id: string) => [...conversationKeys.details(), id] as const,
};

export const agentKeys = { all: ["agents"] as const };
export const settingsKeys = { all: ["settings"] as const };
export const cannedReplyKeys = { all: ["canned-replies"] as const };

/** Who is signed in (GET /api/auth/session): server state, the only record of the session in the SPA. */
export const sessionKeys = { current: () => ["session"] as const };

/** What the server says before anyone signs in: the auth status and what a one-time link is for. */
export const authKeys = {
  all: ["auth"] as const,
  status: () => [...authKeys.all, "status"] as const,
  link: (token: string) => [...authKeys.all, "link", token] as const,
};

/** The admin page's data (src/features/admin). */
export const adminKeys = {
  all: ["admin"] as const,
  agents: () => [...adminKeys.all, "agents"] as const,
  invitations: () => [...adminKeys.all, "invitations"] as const,
  audit: () => [...adminKeys.all, "audit"] as const,
  unprocessableEvents: () => [...adminKeys.all, "unprocessable-events"] as const,
};

/** Keys that outlive a change of session: everything else belongs to the agent who was signed in. */
export function survivesSessionChange(queryKey: readonly unknown[]): boolean {
  return queryKey[0] === sessionKeys.current()[0] || queryKey[0] === authKeys.all[0];
}
