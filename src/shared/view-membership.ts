import type { ConversationSummary, InboxView } from "@contract/conversation.ts";

/**
 * Whether a conversation is listed in a view, for the agent looking. The server decides what it returns;
 * the SPA uses this only to move a live-updated conversation in or out of lists it already holds, and the
 * mock backend uses it to answer. Keep it in step with server/api's view filter.
 */
export function viewIncludes(view: InboxView, c: ConversationSummary, agentId: string | null): boolean {
  switch (view) {
    case "open":
      return c.status === "open";
    case "mine":
      return (
        agentId !== null && c.assignee?.id === agentId && (c.status === "open" || c.status === "pending")
      );
    case "unassigned":
      return c.status === "open" && c.assignee === null;
    case "pending":
      return c.status === "pending";
    case "bot_resolved":
      return c.status === "bot_resolved";
    case "resolved":
      return c.status === "resolved";
    case "all":
      return true;
  }
}

/** Newest activity first; ties by id so the order is stable. */
export function compareByActivity(a: ConversationSummary, b: ConversationSummary): number {
  if (a.lastActivityAt === b.lastActivityAt) return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  return a.lastActivityAt < b.lastActivityAt ? 1 : -1;
}

/** The order the server lists a view in: the Bot Resolved review puts flagged conversations first. */
export function compareForView(view: InboxView): (a: ConversationSummary, b: ConversationSummary) => number {
  if (view !== "bot_resolved") return compareByActivity;
  return (a, b) => {
    const fa = a.flags.length > 0 ? 1 : 0;
    const fb = b.flags.length > 0 ? 1 : 0;
    return fa !== fb ? fb - fa : compareByActivity(a, b);
  };
}
