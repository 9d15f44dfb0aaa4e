import type { InboxView } from "@contract/conversation.ts";

export interface ViewDefinition {
  view: InboxView;
  label: string;
  /** The letter after `g` that switches to this view. */
  key: string;
  description: string;
}

export const views: ViewDefinition[] = [
  { view: "open", label: "Open", key: "o", description: "Needs a human" },
  { view: "mine", label: "Mine", key: "m", description: "Assigned to you" },
  { view: "unassigned", label: "Unassigned", key: "u", description: "Open, nobody assigned" },
  { view: "pending", label: "Pending", key: "p", description: "Waiting on the customer" },
  { view: "bot_resolved", label: "Bot Resolved", key: "b", description: "Closed by the bot" },
  { view: "resolved", label: "Resolved", key: "r", description: "Closed by an agent" },
  { view: "all", label: "All", key: "a", description: "Every conversation" },
];

export function viewLabel(view: InboxView): string {
  return views.find((v) => v.view === view)?.label ?? view;
}
