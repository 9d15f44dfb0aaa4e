import type { Agent, InboxView, AuthorKind } from "../../contract/conversation.ts";
import { inboxView } from "../../contract/conversation.ts";
import type { ConversationPage, TimelinePage, ViewCounts } from "../../contract/api.ts";
import type { WindowPolicy } from "../../contract/messaging-window.ts";
import type { MessengerSettings, PolicyAlert } from "../../contract/signals.ts";
import type {
  Attachment,
  DeliveryState,
  QuickReplyOption,
  SystemEvent,
  TimelineItem,
} from "../../contract/timeline.ts";
import type { Database, Queryable } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { listLearnedHandoffButtons } from "./handoff-buttons.ts";
import { searchPlan } from "../../contract/search.ts";
import { SEARCH_TIMEOUT_MS, searchConversationIds, withSearchBudget } from "./search.ts";
import { toSummary, type ConversationRow } from "./summary.ts";
import { binder, viewAfterSql, viewCountsSql, viewOrderSql, viewWhereSql } from "./view-sql.ts";

/** Read side: what the API lists and shows. */

export { effectiveOwner, toSummary, type ConversationRow } from "./summary.ts";

const SUMMARY_COLUMNS = `c.id, c.page_id, c.psid, c.customer_name, c.avatar_url, c.status, c.owner, c.flags, c.escalated_at,
  c.escalation_reason, c.last_message_preview, c.last_message_author, c.last_message_at, c.last_activity_at,
  c.last_customer_at, c.unread_count, c.handoff_item_id, c.version, c.assignee_id, a.name as assignee_name, a.role as assignee_role,
  c.referral`;

const iso = (ms: number) => new Date(ms).toISOString();

interface Cursor {
  flagged: boolean;
  at: number;
  id: string;
}
const encodeCursor = (c: Cursor) =>
  Buffer.from(JSON.stringify([c.flagged ? 1 : 0, c.at, c.id])).toString("base64url");

/**
 * The JSON inside a cursor, or undefined. Cursors are only ever what the encoders above produce: anything else
 * (a fraction, 1e999, a number past bigint, a NUL in the id, other base64 spellings) is refused here with a 400
 * rather than handed to SQL.
 */
function cursorJson(raw: string): unknown {
  if (!/^[A-Za-z0-9_-]+$/.test(raw)) return undefined;
  try {
    return JSON.parse(Buffer.from(raw, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}
const cursorId = (v: unknown): v is string => typeof v === "string" && !v.includes("\u0000");

function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  const v = cursorJson(raw);
  if (
    Array.isArray(v) &&
    v.length === 3 &&
    (v[0] === 0 || v[0] === 1) &&
    Number.isSafeInteger(v[1]) &&
    cursorId(v[2])
  ) {
    const cursor = { flagged: v[0] === 1, at: Number(v[1]), id: v[2] };
    if (encodeCursor(cursor) === raw) return cursor;
  }
  throw new InvalidCursorError("cursor");
}
class InvalidCursorError extends AppError {
  constructor(param: string) {
    const message = "The cursor is not one this server gave out.";
    super(400, "invalid_request", message, { issues: [{ path: param, message }] });
  }
}

export async function listConversations(
  db: Database,
  args: {
    view: InboxView;
    q?: string;
    cursor?: string;
    limit: number;
    agentId: string | null;
    now: Date;
    policy: WindowPolicy;
    /** How long a search may run (search.ts); SEARCH_TIMEOUT_MS unless given. */
    searchTimeoutMs?: number;
  },
): Promise<ConversationPage> {
  const cursor = decodeCursor(args.cursor);
  const search = args.q ? searchPlan(args.q) : null;
  if (search?.kind === "nothing") return { items: [], nextCursor: null };
  const after = cursor ? { flagged: cursor.flagged, lastActivityAt: cursor.at, id: cursor.id } : null;
  const list = async (q: Queryable, deadline?: number) => {
    const params: unknown[] = [];
    const bind = binder(params);
    const where = [viewWhereSql(args.view, args.agentId, bind)];
    if (search) {
      const scope = { view: args.view, agentId: args.agentId, after, rows: args.limit + 1 };
      const ids = await searchConversationIds(q, search, scope, deadline ?? Infinity);
      where.push(`c.id = any(${bind(ids)}::text[])`);
    }
    if (after) where.push(viewAfterSql(args.view, after, bind));
    return q.query<ConversationRow & { flagged: boolean }>(
      `select ${SUMMARY_COLUMNS}, c.flagged from conversations c left join agents a on a.id = c.assignee_id
       where ${where.join(" and ")}
       order by ${viewOrderSql(args.view)}
       limit ${bind(args.limit + 1)}`,
      params,
    );
  };
  const rows = search
    ? await withSearchBudget(db, args.searchTimeoutMs ?? SEARCH_TIMEOUT_MS, list)
    : await list(db);
  const page = rows.slice(0, args.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toSummary(r, args.now, args.policy)),
    nextCursor:
      rows.length > args.limit && last
        ? encodeCursor({ flagged: last.flagged, at: last.last_activity_at, id: last.id })
        : null,
  };
}

export async function countViews(db: Queryable, agentId: string | null): Promise<ViewCounts> {
  const params: unknown[] = [];
  const [row] = await db.query<Record<InboxView, number>>(
    `select ${viewCountsSql(inboxView.options, agentId, binder(params))} from conversations c`,
    params,
  );
  return row ?? { open: 0, mine: 0, unassigned: 0, pending: 0, bot_resolved: 0, resolved: 0, all: 0 };
}

export async function getConversationRow(db: Queryable, id: string): Promise<ConversationRow | null> {
  const [row] = await db.query<ConversationRow>(
    `select ${SUMMARY_COLUMNS} from conversations c left join agents a on a.id = c.assignee_id where c.id = $1`,
    [id],
  );
  return row ?? null;
}

export async function getConversationRows(db: Queryable, ids: readonly string[]): Promise<ConversationRow[]> {
  if (ids.length === 0) return [];
  return db.query<ConversationRow>(
    `select ${SUMMARY_COLUMNS} from conversations c left join agents a on a.id = c.assignee_id where c.id = any($1::text[])`,
    [ids],
  );
}

interface TimelineRow {
  id: string;
  at: number;
  kind: "message" | "system";
  mid: string | null;
  client_id: string | null;
  author: AuthorKind;
  delivery: DeliveryState | null;
  error: string | null;
  text: string | null;
  reactions: { reaction: string; emoji: string }[];
  item: {
    attachments?: Attachment[];
    quickReplies?: QuickReplyOption[];
    quickReplyPayload?: string | null;
    postback?: { title: string; payload: string | null } | null;
    replyToMid?: string | null;
    appId?: string | null;
    tag?: string | null;
    event?: SystemEvent;
    storyReply?: { url: string | null; id: string | null };
    edited?: { at: number; originalText: string | null; count: number };
    deleted?: boolean;
  };
  agent_id: string | null;
  agent_name: string | null;
  agent_role: Agent["role"] | null;
}

const TIMELINE_COLUMNS = `t.id, t.at, t.kind, t.mid, t.client_id, t.author, t.delivery, t.error, t.text, t.reactions, t.item,
  t.agent_id, a.name as agent_name, a.role as agent_role`;

function toTimelineItem(r: TimelineRow): TimelineItem {
  const agent = r.agent_id
    ? { id: r.agent_id, name: r.agent_name ?? r.agent_id, role: r.agent_role ?? "agent" }
    : null;
  if (r.kind === "system") {
    return {
      kind: "system",
      id: r.id,
      at: iso(r.at),
      event: r.item.event ?? "escalated",
      text: r.text ?? "",
      agent,
    };
  }
  return {
    kind: "message",
    id: r.id,
    mid: r.mid,
    clientId: r.client_id,
    author: r.author,
    agent,
    appId: r.item.appId ?? null,
    at: iso(r.at),
    text: r.text,
    attachments: r.item.attachments ?? [],
    quickReplies: r.item.quickReplies ?? [],
    quickReplyPayload: r.item.quickReplyPayload ?? null,
    postback: r.item.postback ?? null,
    replyToMid: r.item.replyToMid ?? null,
    reactions: r.reactions,
    delivery: r.delivery ?? "sent",
    error: r.error,
    tag: r.item.tag ?? null,
    ...(r.item.storyReply ? { storyReply: r.item.storyReply } : {}),
    ...(r.item.edited
      ? {
          edited: {
            at: iso(r.item.edited.at),
            originalText: r.item.edited.originalText,
            count: r.item.edited.count,
          },
        }
      : {}),
    ...(r.item.deleted ? { deleted: true } : {}),
  };
}

const encodeTimelineCursor = (at: number, id: string) =>
  Buffer.from(JSON.stringify([at, id])).toString("base64url");
function decodeTimelineCursor(raw: string): [number, string] {
  const v = cursorJson(raw);
  if (Array.isArray(v) && v.length === 2 && Number.isSafeInteger(v[0]) && cursorId(v[1])) {
    const at = Number(v[0]);
    if (encodeTimelineCursor(at, v[1]) === raw) return [at, v[1]];
  }
  throw new InvalidCursorError("before");
}

/** A page of the timeline, oldest first, ending just before `before` (or at the newest item). */
export async function timelinePage(
  db: Queryable,
  conversationId: string,
  args: { before?: string; limit: number },
): Promise<TimelinePage> {
  const params: unknown[] = [conversationId];
  let where = "t.conversation_id = $1";
  if (args.before) {
    const [at, id] = decodeTimelineCursor(args.before);
    params.push(at, id);
    where += " and (t.at, t.id) < ($2, $3)";
  }
  params.push(args.limit + 1);
  const rows = await db.query<TimelineRow>(
    `select ${TIMELINE_COLUMNS} from timeline_items t left join agents a on a.id = t.agent_id
     where ${where} order by t.at desc, t.id desc limit $${params.length}`,
    params,
  );
  const page = rows.slice(0, args.limit).reverse();
  const oldest = page[0];
  return {
    items: page.map(toTimelineItem),
    olderCursor: rows.length > args.limit && oldest ? encodeTimelineCursor(oldest.at, oldest.id) : null,
  };
}

export async function timelineItemsById(
  db: Queryable,
  ids: readonly string[],
): Promise<(TimelineItem & { conversationId: string })[]> {
  if (ids.length === 0) return [];
  const rows = await db.query<TimelineRow & { conversation_id: string }>(
    `select ${TIMELINE_COLUMNS}, t.conversation_id from timeline_items t left join agents a on a.id = t.agent_id
     where t.id = any($1::text[]) order by t.at, t.id`,
    [ids],
  );
  return rows.map((r) => ({ ...toTimelineItem(r), conversationId: r.conversation_id }));
}

export interface PolicyAlertRow {
  id: number;
  page_id: string;
  action: string;
  reason: string | null;
  at: number;
  acknowledged_by: string | null;
  acknowledged_by_name: string | null;
  acknowledged_at: number | null;
}

export const POLICY_ALERT_SELECT = `select p.id, p.page_id, p.action, p.reason, p.at, p.acknowledged_by, a.name as acknowledged_by_name, p.acknowledged_at
  from policy_alerts p left join agents a on a.id = p.acknowledged_by`;

/** `acknowledgedBy` is the agent's name (their id when the account is gone). */
export function toPolicyAlert(r: PolicyAlertRow): PolicyAlert {
  return {
    id: String(r.id),
    pageId: r.page_id,
    action: r.action,
    reason: r.reason,
    at: iso(Number(r.at)),
    acknowledgedBy: r.acknowledged_by_name ?? r.acknowledged_by,
    acknowledgedAt: r.acknowledged_at !== null ? iso(Number(r.acknowledged_at)) : null,
  };
}

/** Meta's policy alerts nobody acknowledged yet, newest first. */
export async function listPolicyAlerts(db: Queryable): Promise<PolicyAlert[]> {
  const rows = await db.query<PolicyAlertRow>(
    `${POLICY_ALERT_SELECT} where p.acknowledged_at is null order by p.at desc, p.id desc limit 200`,
  );
  return rows.map(toPolicyAlert);
}

/** What Baton learned from the bot and last heard from Meta's Test button, and the configured payloads and phrases. */
export async function messengerSettings(
  db: Queryable,
  config: { handoffPayloads: readonly string[]; handoffPhrases: readonly string[] },
): Promise<MessengerSettings> {
  const meta = await db.query<{ key: string; value: string }>(
    "select key, value from app_meta where key in ('last_webhook_test_at', 'last_webhook_test_field')",
  );
  const value = (key: string) => meta.find((m) => m.key === key)?.value ?? null;
  const testAt = Number(value("last_webhook_test_at"));
  return {
    learnedHandoffButtons: await listLearnedHandoffButtons(db),
    lastWebhookTestAt: value("last_webhook_test_at") !== null && Number.isFinite(testAt) ? iso(testAt) : null,
    lastWebhookTestField: value("last_webhook_test_field"),
    handoffPayloads: [...config.handoffPayloads],
    handoffPhrases: [...config.handoffPhrases],
  };
}
