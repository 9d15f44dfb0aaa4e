import type { InboxView } from "../../contract/conversation.ts";
import { viewRules, type ViewCondition, type ViewOrderKey } from "../../contract/views.ts";

/**
 * The inbox views of contract/views.ts as SQL over `conversations c`. Every value is a bound parameter: the text
 * holds only column names and placeholders. Ids sort by the database's collation, which is C for Baton's databases
 * (the order contract/views.ts compares ids in); view-parity.test.ts checks both agree.
 */

/** Appends a value to the query's parameters and returns its placeholder. */
export type Bind = (value: unknown) => string;

export function binder(params: unknown[]): Bind {
  return (value) => {
    params.push(value);
    return `$${params.length}`;
  };
}

const column: Record<ViewOrderKey, string> = {
  flagged: "c.flagged",
  lastActivityAt: "c.last_activity_at",
  id: "c.id",
};

function conditionSql(condition: ViewCondition, viewerId: string | null, bind: Bind): string {
  switch (condition.field) {
    case "status":
      // One status as an equality, so PostgreSQL reads the status index in the view's order.
      return condition.in.length === 1
        ? `c.status = ${bind(condition.in[0])}`
        : `c.status = any(${bind(condition.in)}::text[])`;
    case "assignee":
      if (condition.is === "nobody") return "c.assignee_id is null";
      return viewerId === null ? "false" : `c.assignee_id = ${bind(viewerId)}`;
    case "flagged":
      return `c.flagged = ${bind(condition.is)}`;
  }
}

/** The `where` condition of a view, for the agent `viewerId`. */
export function viewWhereSql(view: InboxView, viewerId: string | null, bind: Bind): string {
  const conditions = viewRules[view].where.map((c) => conditionSql(c, viewerId, bind));
  return conditions.length > 0 ? conditions.map((c) => `(${c})`).join(" and ") : "true";
}

/** The `order by` list of a view (every key descending). */
export function viewOrderSql(view: InboxView): string {
  return viewRules[view].orderBy.map((key) => `${column[key]} desc`).join(", ");
}

/** A place in a view's order: the values of its sort keys for the last conversation of a page. */
export type ViewPosition = Record<ViewOrderKey, unknown>;

/** The conversations after `after` in a view's order. Every key descends, so one row comparison says it. */
export function viewAfterSql(view: InboxView, after: ViewPosition, bind: Bind): string {
  const keys = viewRules[view].orderBy;
  const columns = keys.map((k) => column[k]).join(", ");
  const values = keys.map((k) => bind(after[k])).join(", ");
  return `(${columns}) < (${values})`;
}

/** Every view's count in one pass over the conversations: `count(*) filter (where …) as <view>` per view. */
export function viewCountsSql(views: readonly InboxView[], viewerId: string | null, bind: Bind): string {
  return views
    .map((view) => `count(*) filter (where ${viewWhereSql(view, viewerId, bind)})::int as "${view}"`)
    .join(",\n       ");
}
