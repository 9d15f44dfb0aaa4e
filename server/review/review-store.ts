import type { WindowPolicy } from "../../contract/messaging-window.ts";
import {
  botFlow,
  REOPEN_WINDOW_MS,
  type BotFlow,
  type BotResolution,
  type KnowledgeGap,
  type KnowledgeGapsResponse,
  type QueueSource,
  type ReviewItem,
  type ReviewProgress,
  type ReviewQueueResponse,
  type Verdict,
  type VerdictKind,
  type VerdictReason,
  type VerdictResult,
} from "../../contract/review.ts";
import type { Database, Queryable } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { getConversationRows, toSummary } from "../conversations/queries.ts";
import { markInsightsDirty } from "./insights-rollup.ts";
import { resolutionKindAt } from "./resolution.ts";
import { drawSample } from "./sample.ts";
import { getReviewSettings, updateReviewSettings, type ReviewSettings } from "./settings.ts";

/**
 * The managers' review (issue 10), storage side: the queue, verdicts with their history, progress against the goal,
 * the knowledge gaps, and the random daily sample. SQL only through `Queryable`, like the rest of the server.
 */

const DAY_MS = 24 * 60 * 60 * 1000;
const iso = (ms: number) => new Date(ms).toISOString();
/** "2026-11-25" for the UTC day holding ms. */
const dayOf = (ms: number) => iso(ms).slice(0, 10);
const startOfDay = (ms: number) => Math.floor(ms / DAY_MS) * DAY_MS;
/** Monday 00:00 UTC of the week holding ms. */
function startOfWeek(ms: number): number {
  const day = startOfDay(ms);
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // 0 = Monday
  return day - weekday * DAY_MS;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* The random daily sample.                                                                                       */
/* ------------------------------------------------------------------------------------------------------------ */

/**
 * Draws the random sample of every day that has ended within the last `days` days and was not drawn yet. A day is
 * drawn once (review_sample_days claims it in the same transaction), after it ended, so what lands in it cannot be
 * steered by acting once the sample is known.
 */
export async function drawDailySamples(
  db: Database,
  args: { now: number; secret: string; days?: number; share?: number },
): Promise<{ day: string; sampled: number }[]> {
  const share = args.share ?? (await getReviewSettings(db)).sampleShare;
  const today = startOfDay(args.now);
  const out: { day: string; sampled: number }[] = [];
  for (let d = today - (args.days ?? 7) * DAY_MS; d < today; d += DAY_MS) {
    const day = dayOf(d);
    const drawn = await db.transaction(async (tx) => {
      const claimed = await tx.query<{ day: string }>(
        `insert into review_sample_days (day, drawn_at, share, resolutions, sampled) values ($1::date, $2, $3, 0, 0)
         on conflict (day) do nothing returning day::text as day`,
        [day, args.now, share],
      );
      if (claimed.length === 0) return null;
      const candidates = await tx.query<{ id: string; flow: BotFlow }>(
        "select id, flow from bot_resolutions where resolved_at >= $1 and resolved_at < $2",
        [d, d + DAY_MS],
      );
      const sample = drawSample(candidates, { day, secret: args.secret, share });
      if (sample.length > 0) {
        await tx.query(
          `update bot_resolutions r set sampled_on = $1::date, sample_stratum = s.stratum
           from unnest($2::text[], $3::text[]) as s(id, stratum) where r.id = s.id`,
          [day, sample.map((s) => s.id), sample.map((s) => s.stratum)],
        );
      }
      await markInsightsDirty(tx, [d]);
      await tx.query("update review_sample_days set resolutions = $2, sampled = $3 where day = $1::date", [
        day,
        candidates.length,
        sample.length,
      ]);
      return sample.length;
    });
    if (drawn !== null) out.push({ day, sampled: drawn });
  }
  return out;
}

/* ------------------------------------------------------------------------------------------------------------ */
/* The queue.                                                                                                     */
/* ------------------------------------------------------------------------------------------------------------ */

interface ResolutionRow {
  id: string;
  conversation_id: string;
  flow: BotFlow;
  resolved_at: number;
  confirmed_at: number | null;
  reopened_at: number | null;
  last_customer_text: string | null;
  last_customer_asked: boolean;
}

const RESOLUTION_COLUMNS = `r.id, r.conversation_id, r.flow, r.resolved_at, r.confirmed_at, r.reopened_at,
  r.last_customer_text, r.last_customer_asked`;

function toResolution(r: ResolutionRow, now: number, quietMs: number): BotResolution {
  return {
    id: r.id,
    conversationId: r.conversation_id,
    flow: r.flow,
    kind: resolutionKindAt(
      { resolvedAt: r.resolved_at, confirmedAt: r.confirmed_at, reopenedAt: r.reopened_at },
      now,
      quietMs,
    ),
    resolvedAt: iso(r.resolved_at),
    confirmedAt: r.confirmed_at !== null ? iso(r.confirmed_at) : null,
    reopenedAt: r.reopened_at !== null ? iso(r.reopened_at) : null,
    lastCustomerText: r.last_customer_text,
    lastCustomerAsked: r.last_customer_asked,
  };
}

/** How many days back the queue looks: older resolutions are history, not work. */
const QUEUE_DAYS = 30;

/**
 * Why a resolution is in the queue, the first that applies: drawn into the random sample (shown as such even when a
 * rule would also have picked it, so the sample is reviewed like any other and stays the honest measure); its
 * conversation is flagged (its newest resolution); reopened within 7 days; assumed although the customer's last
 * message asked something.
 */
export function queueSourceSql(p: { now: string; quiet: string; window: string }): string {
  return `case
    when r.sampled_on is not null then 'sample'
    when cardinality(c.flags) > 0 and r.id = (select r2.id from bot_resolutions r2 where r2.conversation_id = r.conversation_id
      order by r2.resolved_at desc, r2.id desc limit 1) then 'flagged'
    when r.reopened_at is not null and r.reopened_at - r.resolved_at <= ${p.window} then 'reopened'
    when r.last_customer_asked and r.confirmed_at is null and coalesce(r.reopened_at, ${p.now}) - r.resolved_at >= ${p.quiet}
      then 'assumed_question'
  end`;
}

export async function reviewProgress(
  db: Queryable,
  now: number,
  settings?: ReviewSettings,
): Promise<ReviewProgress> {
  const s = settings ?? (await getReviewSettings(db));
  const [row] = await db.query<{ today: number; week: number }>(
    `select count(distinct resolution_id) filter (where at >= $1)::int as today,
            count(distinct resolution_id)::int as week
     from review_verdicts where at >= $2 and at <= $3`,
    [startOfDay(now), startOfWeek(now), now],
  );
  return {
    reviewedToday: row?.today ?? 0,
    reviewedThisWeek: row?.week ?? 0,
    dailyGoal: s.dailyGoal,
    weeklyGoal: s.weeklyGoal,
  };
}

/**
 * What is left to review, oldest first: the targeted sources and the day's random sample, each with its source,
 * never a resolution that already has a verdict. Draws the samples of the days that ended first.
 */
export async function reviewQueue(
  db: Database,
  args: { now: number; policy: WindowPolicy; secret: string; limit?: number },
): Promise<ReviewQueueResponse> {
  const settings = await getReviewSettings(db);
  await drawDailySamples(db, { now: args.now, secret: args.secret, share: settings.sampleShare });
  const rows = await db.query<ResolutionRow & { source: QueueSource }>(
    `select * from (
       select ${RESOLUTION_COLUMNS}, ${queueSourceSql({ now: "$1", quiet: "$2", window: "$3" })} as source
       from bot_resolutions r join conversations c on c.id = r.conversation_id
       where r.resolved_at >= $4
         and not exists (select 1 from review_verdicts v where v.resolution_id = r.id)
     ) q where source is not null
     order by resolved_at, id limit $5`,
    [args.now, settings.quietMs, REOPEN_WINDOW_MS, args.now - QUEUE_DAYS * DAY_MS, args.limit ?? 50],
  );
  const conversations = new Map(
    (await getConversationRows(db, [...new Set(rows.map((r) => r.conversation_id))])).map((c) => [c.id, c]),
  );
  const items: ReviewItem[] = [];
  for (const r of rows) {
    const conversation = conversations.get(r.conversation_id);
    if (!conversation) continue;
    items.push({
      resolution: toResolution(r, args.now, settings.quietMs),
      conversation: toSummary(conversation, new Date(args.now), args.policy),
      source: r.source,
      verdicts: [],
    });
  }
  return { items, progress: await reviewProgress(db, args.now, settings) };
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Verdicts.                                                                                                      */
/* ------------------------------------------------------------------------------------------------------------ */

class ResolutionNotFoundError extends AppError {
  constructor() {
    super(404, "not_found", "There is no such bot resolution.");
  }
}

interface VerdictRow {
  resolution_id: string;
  verdict: VerdictKind;
  reason: VerdictReason | null;
  note: string | null;
  reviewer_id: string;
  reviewer_name: string | null;
  at: number;
}

/** Every verdict given on a resolution, newest (the current one) first. */
async function verdictHistory(db: Queryable, resolutionId: string): Promise<Verdict[]> {
  const rows = await db.query<VerdictRow>(
    `select v.resolution_id, v.verdict, v.reason, v.note, v.reviewer_id, a.name as reviewer_name, v.at
     from review_verdicts v left join agents a on a.id = v.reviewer_id
     where v.resolution_id = $1 order by v.at desc, v.id desc`,
    [resolutionId],
  );
  return rows.map((v) => ({
    resolutionId: v.resolution_id,
    verdict: v.verdict,
    reason: v.reason,
    note: v.note,
    reviewer: { id: v.reviewer_id, name: v.reviewer_name ?? v.reviewer_id },
    at: iso(v.at),
  }));
}

/**
 * Records a verdict: a new row every time, so a changed verdict keeps the earlier ones. Reopening and assigning the
 * conversation is the caller's (the conversation service), in the same request.
 */
export async function recordVerdict(
  db: Queryable,
  v: {
    resolutionId: string;
    verdict: VerdictKind;
    reason: VerdictReason | null;
    note: string | null;
    reviewerId: string;
    at: number;
  },
  args: { now: number; policy: WindowPolicy; source?: QueueSource },
): Promise<VerdictResult> {
  const settings = await getReviewSettings(db);
  const [r] = await db.query<ResolutionRow & { source: QueueSource | null; sampled_ms: number | null }>(
    `select ${RESOLUTION_COLUMNS}, ${queueSourceSql({ now: "$2", quiet: "$3", window: "$4" })} as source,
       (r.sampled_on - date '1970-01-01')::bigint * ${DAY_MS} as sampled_ms
     from bot_resolutions r join conversations c on c.id = r.conversation_id where r.id = $1`,
    [v.resolutionId, args.now, settings.quietMs, REOPEN_WINDOW_MS],
  );
  if (!r) throw new ResolutionNotFoundError();
  await db.query(
    "insert into review_verdicts (resolution_id, reviewer_id, at, verdict, reason, note) values ($1, $2, $3, $4, $5, $6)",
    [v.resolutionId, v.reviewerId, v.at, v.verdict, v.reason, v.note],
  );
  // The false-resolution rate of the sample's day changes with its verdicts.
  await markInsightsDirty(db, [r.sampled_ms]);
  const [conversation] = await getConversationRows(db, [r.conversation_id]);
  if (!conversation) throw new ResolutionNotFoundError();
  return {
    item: {
      resolution: toResolution(r, args.now, settings.quietMs),
      conversation: toSummary(conversation, new Date(args.now), args.policy),
      // A resolution a manager opened from elsewhere (not in the queue) is reviewed as a flagged-or-not targeted one.
      source: args.source ?? r.source ?? "flagged",
      verdicts: await verdictHistory(db, v.resolutionId),
    },
    progress: await reviewProgress(db, args.now, settings),
  };
}

/** Sets the team's reviewing goal; the rest of the settings stay. */
export async function setReviewGoal(
  db: Queryable,
  goal: { dailyGoal: number; weeklyGoal: number },
  by: string,
  now: number,
): Promise<ReviewProgress> {
  const settings = await updateReviewSettings(db, goal, by, now);
  return reviewProgress(db, now, settings);
}

/* ------------------------------------------------------------------------------------------------------------ */
/* Knowledge gaps.                                                                                                */
/* ------------------------------------------------------------------------------------------------------------ */

/**
 * The customer questions behind the current verdicts whose reason is missing knowledge or a wrong answer, newest
 * first within each flow, the flows in the contract's order. A verdict changed to another reason leaves the list.
 */
export async function knowledgeGaps(
  db: Queryable,
  range: { fromMs?: number; toMs?: number } = {},
): Promise<KnowledgeGapsResponse> {
  const rows = await db.query<{
    resolution_id: string;
    conversation_id: string;
    flow: BotFlow;
    question: string;
    reason: "wrong_answer" | "missing_knowledge";
    note: string | null;
    at: number;
  }>(
    `select r.id as resolution_id, r.conversation_id, r.flow, r.last_customer_text as question, cur.reason, cur.note, cur.at
     from (
       select distinct on (v.resolution_id) v.resolution_id, v.reason, v.note, v.at
       from review_verdicts v
       where v.resolution_id in (select g.resolution_id from review_verdicts g where g.reason in ('wrong_answer', 'missing_knowledge'))
       order by v.resolution_id, v.at desc, v.id desc
     ) cur join bot_resolutions r on r.id = cur.resolution_id
     where cur.reason in ('wrong_answer', 'missing_knowledge') and r.last_customer_text is not null
       and r.last_customer_text <> '' and cur.at >= $1 and cur.at < $2
     order by cur.at desc, r.id`,
    [range.fromMs ?? 0, range.toMs ?? Number.MAX_SAFE_INTEGER],
  );
  const groups = new Map<BotFlow, KnowledgeGap[]>();
  for (const r of rows) {
    const list = groups.get(r.flow) ?? [];
    list.push({
      resolutionId: r.resolution_id,
      conversationId: r.conversation_id,
      flow: r.flow,
      question: r.question,
      reason: r.reason,
      note: r.note,
      at: iso(r.at),
    });
    groups.set(r.flow, list);
  }
  return {
    groups: botFlow.options.flatMap((flow) => {
      const gaps = groups.get(flow);
      return gaps ? [{ flow, gaps }] : [];
    }),
  };
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, a quote or a line break, quotes doubled. A cell a
 * spreadsheet would run as a formula (starting with = + - @, or a tab or carriage return) gets an apostrophe first.
 */
export function csvCell(value: string | null): string {
  let s = value ?? "";
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const KNOWLEDGE_GAP_CSV_HEADER = [
  "flow",
  "question",
  "reason",
  "note",
  "at",
  "conversation_id",
  "resolution_id",
] as const;

/** The knowledge gaps as CSV: a header, one line per gap, CRLF line ends. */
export function knowledgeGapsCsv(response: KnowledgeGapsResponse): string {
  const lines = [KNOWLEDGE_GAP_CSV_HEADER.join(",")];
  for (const group of response.groups) {
    for (const g of group.gaps) {
      lines.push(
        [g.flow, g.question, g.reason, g.note, g.at, g.conversationId, g.resolutionId].map(csvCell).join(","),
      );
    }
  }
  return `${lines.join("\r\n")}\r\n`;
}
