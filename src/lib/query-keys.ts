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
