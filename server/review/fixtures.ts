import type { BotFlow, VerdictKind, VerdictReason } from "../../contract/review.ts";
import type { ConversationFlag } from "../../contract/conversation.ts";
import type { HandoffReason } from "../../contract/insights.ts";
import type { Queryable } from "../db/database.ts";
import { PAGE_ID } from "../testing/harness.ts";

/** Rows for the review and insights tests, written straight to the tables the engine fills. Times in ms. */

export interface SeedConversation {
  id: string;
  flags?: ConversationFlag[];
  flow?: BotFlow | null;
  createdAt: number;
  lastActivityAt: number;
  firstCustomerAt?: number | null;
  botFirstAt?: number | null;
  handoffAt?: number | null;
  handoffReason?: HandoffReason | null;
  firstHumanReplyAt?: number | null;
  firstHumanReplyBy?: string | null;
  status?: string;
}

export async function seedConversation(db: Queryable, c: SeedConversation): Promise<void> {
  await db.query(
    `insert into conversations (id, page_id, psid, customer_name, status, owner, flags, flagged, last_activity_at,
       last_customer_at, state, created_at, first_customer_at, bot_first_at, handoff_at, handoff_reason_kind,
       first_human_reply_at, first_human_reply_by, flow)
     values ($1, $2, $3, $4, $5, 'bot', $6::text[], $7, $8, $9, '{}', $10, $9, $11, $12, $13, $14, $15, $16)`,
    [
      c.id,
      PAGE_ID,
      `psid-${c.id}`,
      `Customer ${c.id}`,
      c.status ?? "bot_resolved",
      c.flags ?? [],
      (c.flags ?? []).length > 0,
      c.lastActivityAt,
      c.firstCustomerAt ?? null,
      c.createdAt,
      c.botFirstAt === undefined ? c.createdAt : c.botFirstAt,
      c.handoffAt ?? null,
      c.handoffReason ?? null,
      c.firstHumanReplyAt ?? null,
      c.firstHumanReplyBy ?? null,
      c.flow ?? null,
    ],
  );
}

export interface SeedResolution {
  id: string;
  conversationId: string;
  flow?: BotFlow;
  resolvedAt: number;
  confirmedAt?: number | null;
  reopenedAt?: number | null;
  lastCustomerText?: string | null;
  lastCustomerAsked?: boolean;
  sampledOn?: string | null;
}

export async function seedResolution(db: Queryable, r: SeedResolution): Promise<void> {
  await db.query(
    `insert into bot_resolutions (id, conversation_id, page_id, flow, resolved_at, confirmed_at, reopened_at,
       last_customer_text, last_customer_asked, sampled_on, sample_stratum)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::date, case when $10::date is null then null else $4 end)`,
    [
      r.id,
      r.conversationId,
      PAGE_ID,
      r.flow ?? "other",
      r.resolvedAt,
      r.confirmedAt ?? null,
      r.reopenedAt ?? null,
      r.lastCustomerText ?? null,
      r.lastCustomerAsked ?? false,
      r.sampledOn ?? null,
    ],
  );
}

export async function seedVerdict(
  db: Queryable,
  v: {
    resolutionId: string;
    verdict: VerdictKind;
    reason?: VerdictReason | null;
    at: number;
    reviewerId?: string;
  },
): Promise<void> {
  await db.query(
    "insert into review_verdicts (resolution_id, reviewer_id, at, verdict, reason, note) values ($1, $2, $3, $4, $5, null)",
    [v.resolutionId, v.reviewerId ?? "maya", v.at, v.verdict, v.reason ?? null],
  );
}

/** A message or system item in the timeline. */
export async function seedTimeline(
  db: Queryable,
  t: {
    id: string;
    conversationId: string;
    at: number;
    author: "customer" | "bot" | "agent" | "system";
    agentId?: string | null;
    event?: string;
  },
): Promise<void> {
  await db.query(
    `insert into timeline_items (id, conversation_id, at, kind, author, agent_id, text, item)
     values ($1, $2, $3, $4, $5, $6, 'x', $7::json)`,
    [
      t.id,
      t.conversationId,
      t.at,
      t.author === "system" ? "system" : "message",
      t.author,
      t.agentId ?? null,
      JSON.stringify(t.event ? { event: t.event } : {}),
    ],
  );
}
