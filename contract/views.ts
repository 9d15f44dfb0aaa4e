import type { ConversationStatus, ConversationSummary, InboxView } from "./conversation.ts";

/**
 * The inbox views, defined once: which conversations each lists and in what order. The server derives its SQL from
 * these rules (server/conversations/view-sql.ts), the browser and the mock backend the predicate and comparator below;
 * server/conversations/view-parity.test.ts checks on PGlite and PostgreSQL that both put every conversation in the
 * same views, in the same order.
 */

/** What a view may look at. Conditions are all required (and); an empty list takes every conversation. */
export type ViewCondition =
  | { field: "status"; in: readonly ConversationStatus[] }
  /** "viewer": assigned to the agent looking (nobody's view when no agent looks); "nobody": unassigned. */
  | { field: "assignee"; is: "viewer" | "nobody" }
  /** Whether the conversation carries any flag (the bot replied after a handoff, an autoresponder). */
  | { field: "flagged"; is: boolean };

/** A sort key. Every key sorts descending: flagged first, newest activity first, then the greater id. */
export type ViewOrderKey = "flagged" | "lastActivityAt" | "id";

export interface ViewRule {
  where: readonly ViewCondition[];
  /** Ends with "id", so the order is total and a cursor names one place in it. */
  orderBy: readonly ViewOrderKey[];
}

const byActivity = ["lastActivityAt", "id"] as const;

export const viewRules: Readonly<Record<InboxView, ViewRule>> = {
  open: { where: [{ field: "status", in: ["open"] }], orderBy: byActivity },
  mine: {
    where: [
      { field: "assignee", is: "viewer" },
      { field: "status", in: ["open", "pending"] },
    ],
    orderBy: byActivity,
  },
  unassigned: {
    where: [
      { field: "assignee", is: "nobody" },
      { field: "status", in: ["open"] },
    ],
    orderBy: byActivity,
  },
  pending: { where: [{ field: "status", in: ["pending"] }], orderBy: byActivity },
  // The Bot Resolved review puts flagged conversations first.
  bot_resolved: { where: [{ field: "status", in: ["bot_resolved"] }], orderBy: ["flagged", ...byActivity] },
  resolved: { where: [{ field: "status", in: ["resolved"] }], orderBy: byActivity },
  all: { where: [], orderBy: byActivity },
};

/** A conversation as the views see it. */
export interface ViewSubject {
  id: string;
  status: ConversationStatus;
  assigneeId: string | null;
  flagged: boolean;
  /** Epoch milliseconds. */
  lastActivityAt: number;
}

export function viewSubjectOf(c: ConversationSummary): ViewSubject {
  return {
    id: c.id,
    status: c.status,
    assigneeId: c.assignee?.id ?? null,
    flagged: c.flags.length > 0,
    lastActivityAt: Date.parse(c.lastActivityAt),
  };
}

function meets(condition: ViewCondition, s: ViewSubject, viewerId: string | null): boolean {
  switch (condition.field) {
    case "status":
      return condition.in.includes(s.status);
    case "assignee":
      return condition.is === "nobody"
        ? s.assigneeId === null
        : viewerId !== null && s.assigneeId === viewerId;
    case "flagged":
      return s.flagged === condition.is;
  }
}

/** Whether a view lists the conversation, for the agent `viewerId` (null: no agent, so "mine" is empty). */
export function inView(view: InboxView, s: ViewSubject, viewerId: string | null): boolean {
  return viewRules[view].where.every((c) => meets(c, s, viewerId));
}

/** Descending on one key: negative when `a` comes first. */
function compareKey(key: ViewOrderKey, a: ViewSubject, b: ViewSubject): number {
  switch (key) {
    case "flagged":
      return Number(b.flagged) - Number(a.flagged);
    case "lastActivityAt":
      return b.lastActivityAt - a.lastActivityAt;
    case "id":
      // Code-unit order, as PostgreSQL's C collation orders ASCII ids.
      return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
  }
}

/** The order a view lists conversations in: negative when `a` comes before `b`. */
export function compareInView(view: InboxView): (a: ViewSubject, b: ViewSubject) => number {
  const keys = viewRules[view].orderBy;
  return (a, b) => {
    for (const key of keys) {
      const d = compareKey(key, a, b);
      if (d !== 0) return d;
    }
    return 0;
  };
}
