import { inboxView, type InboxView } from "@contract/conversation.ts";
import { views } from "@/shared/views.ts";

export interface ShortcutHelp {
  keys: string[];
  description: string;
}

export const shortcutHelp: ShortcutHelp[] = [
  { keys: ["j"], description: "Next conversation in the list" },
  { keys: ["k"], description: "Previous conversation in the list" },
  { keys: ["Enter"], description: "Open the highlighted conversation" },
  { keys: ["r"], description: "Focus the reply box" },
  { keys: ["e"], description: "Resolve the open conversation" },
  { keys: ["a"], description: "Assign the open conversation to me" },
  { keys: ["/"], description: "Search" },
  { keys: ["Esc"], description: "Leave the reply box or search" },
  { keys: ["1-5"], description: "Review queue: choose a verdict (j/k: next or previous item)" },
  ...views.map((v) => ({ keys: ["g", v.key], description: `Go to ${v.label}` })),
  { keys: ["?"], description: "Show these shortcuts" },
];

export function viewForKey(key: string): InboxView | null {
  const found = views.find((v) => v.key === key)?.view;
  return found && inboxView.safeParse(found).success ? found : null;
}
