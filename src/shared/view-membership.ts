import type { ConversationSummary, InboxView } from "@contract/conversation.ts";
import { compareInView, inView, viewSubjectOf } from "@contract/views.ts";

/**
 * Whether a conversation is listed in a view, for the agent looking: contract/views.ts's rule, the one the server's
 * SQL is built from. The SPA uses it to move a live-updated conversation in or out of lists it already holds, and the
 * mock backend to answer.
 */
export function viewIncludes(view: InboxView, c: ConversationSummary, agentId: string | null): boolean {
  return inView(view, viewSubjectOf(c), agentId);
}

/** The order the server lists a view in (contract/views.ts): negative when `a` comes first. */
export function compareForView(view: InboxView): (a: ConversationSummary, b: ConversationSummary) => number {
  const compare = compareInView(view);
  return (a, b) => compare(viewSubjectOf(a), viewSubjectOf(b));
}
