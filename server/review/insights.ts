import { HUMAN_AGENT_WINDOW_MS, STANDARD_WINDOW_MS } from "../../contract/messaging-window.ts";
import {
  handoffReason,
  outcomeClass,
  wilsonInterval,
  type HandoffReason,
  type InsightsQuery,
  type InsightsResponse,
  type OutcomeClass,
} from "../../contract/insights.ts";
import { botFlow, REOPEN_WINDOW_MS, type BotFlow } from "../../contract/review.ts";
import type { Queryable } from "../db/database.ts";
import { getReviewSettings } from "./settings.ts";

/**
 * The managers' Insights page (issue 10): every figure of `insightsResponse`, computed by one SQL statement over the
 * real tables for a range of whole UTC days (no rows sampled or counted in JS: JS only fills in empty days and
 * divides). The same SQL runs on PGlite and PostgreSQL.
 *
 * The cohort: conversations where the bot spoke before the range ended and that were active in it (their last
 * activity is not before the range), minus those the customer never wrote in (proactive broadcasts and reminders
 * nobody answered). Each cohort conversation gets one outcome, in this order: handed off (a human was asked for or
 * needed before the range ended), then by its newest bot resolution before the range ended: unresolved when the
 * customer reopened it, confirmed, assumed once the quiet time passed, awaiting before; unresolved without one.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

const SQL = `
with base as (
  select c.id, c.flow, c.first_customer_at, c.handoff_at, c.handoff_reason_kind, c.first_human_reply_at,
         c.first_human_reply_by, c.last_activity_at
  from conversations c
  where c.bot_first_at is not null and c.last_activity_at >= $1::bigint and c.bot_first_at < $2::bigint
),
cohort as (
  select * from base where first_customer_at is not null and first_customer_at < $2::bigint
),
classified as (
  select co.*,
    case
      when co.handoff_at is not null and co.handoff_at < $2::bigint then 'handed_off'
      when lr.resolved_at is null or lr.reopened_at is not null then 'unresolved'
      when lr.confirmed_at is not null then 'confirmed'
      when $3::bigint - lr.resolved_at >= $4::bigint then 'assumed'
      else 'awaiting'
    end as outcome,
    floor((least(co.last_activity_at, $2::bigint - 1) - $1::bigint) / ${DAY_MS})::int as day_index
  from cohort co
  left join lateral (
    select r.resolved_at, r.confirmed_at, r.reopened_at from bot_resolutions r
    where r.conversation_id = co.id and r.resolved_at < $2::bigint
    order by r.resolved_at desc, r.id desc limit 1
  ) lr on true
),
handoffs as (
  select *, case when first_human_reply_at >= handoff_at then first_human_reply_at - handoff_at end as response_ms
  from classified where outcome = 'handed_off'
),
durability as (
  select count(*)::int as resolutions,
    count(*) filter (where r.reopened_at is not null and r.reopened_at - r.resolved_at <= $5::bigint)::int as reopened,
    count(distinct r.conversation_id)
      filter (where r.reopened_at is null or r.reopened_at - r.resolved_at > $5::bigint)::int as durable_conversations
  from bot_resolutions r join cohort co on co.id = r.conversation_id
  where r.resolved_at >= $1::bigint and r.resolved_at < $2::bigint
),
sample as (
  select count(*)::int as sampled, count(cur.verdict)::int as reviewed,
    count(*) filter (where cur.verdict in ('false_resolution', 'should_have_escalated'))::int as false_resolutions
  from bot_resolutions r
  left join lateral (
    select v.verdict from review_verdicts v where v.resolution_id = r.id order by v.at desc, v.id desc limit 1
  ) cur on true
  where r.sampled_on >= $6::date and r.sampled_on <= $7::date
),
agents_handled as (
  select t.agent_id, count(distinct t.conversation_id)::int as handled
  from timeline_items t
  where t.kind = 'message' and t.author = 'agent' and t.at >= $1::bigint and t.at < $2::bigint and t.agent_id is not null
  group by t.agent_id
),
agents_response as (
  select first_human_reply_by as agent_id,
    percentile_cont(0.5) within group (order by response_ms) as median_ms
  from handoffs where response_ms is not null and first_human_reply_by is not null
  group by first_human_reply_by
)
select
  (select count(*)::int from base) as base,
  (select count(*)::int from cohort) as cohort,
  (select coalesce(json_agg(json_build_object('k', outcome, 'n', n)), '[]') from
    (select outcome, count(*)::int as n from classified group by outcome) o) as outcomes,
  (select coalesce(json_agg(json_build_object('k', reason, 'n', n)), '[]') from
    (select coalesce(handoff_reason_kind, 'other') as reason, count(*)::int as n from handoffs group by 1) h) as handoff_reasons,
  (select coalesce(json_agg(json_build_object('d', d, 'replied', replied, 'auto', auto)), '[]') from (
    select floor((t.at - $1::bigint) / ${DAY_MS})::int as d,
      count(distinct t.conversation_id) filter (where t.item->>'event' = 'bot_replied_after_handoff')::int as replied,
      count(distinct t.conversation_id) filter (where t.item->>'event' = 'autoresponder_suspected')::int as auto
    from timeline_items t
    where t.kind = 'system' and t.item->>'event' in ('bot_replied_after_handoff', 'autoresponder_suspected')
      and t.at >= $1::bigint and t.at < $2::bigint
    group by 1) m) as misbehaviour,
  (select row_to_json(durability) from durability) as durability,
  (select row_to_json(sample) from sample) as sample,
  (select coalesce(json_agg(json_build_object('d', day_index, 'n', n, 'resolved', resolved)), '[]') from (
    select day_index, count(*)::int as n,
      count(*) filter (where outcome in ('confirmed', 'assumed'))::int as resolved
    from classified group by day_index) d) as by_day,
  (select json_build_object(
     'median', percentile_cont(0.5) within group (order by handoff_at - first_customer_at),
     'p90', percentile_cont(0.9) within group (order by handoff_at - first_customer_at))
   from handoffs where handoff_at >= first_customer_at) as time_to_handoff,
  (select json_build_object(
     'median', percentile_cont(0.5) within group (order by response_ms),
     'p90', percentile_cont(0.9) within group (order by response_ms),
     'handoffs', (select count(*)::int from handoffs),
     'within24h', count(*) filter (where response_ms <= ${STANDARD_WINDOW_MS}),
     'withinHumanAgentWindow', count(*) filter (where response_ms > ${STANDARD_WINDOW_MS} and response_ms <= ${HUMAN_AGENT_WINDOW_MS}))
   from handoffs where response_ms is not null) as first_response,
  (select coalesce(json_agg(json_build_object('w', w, 'h', h, 'n', n)), '[]') from (
    select ((t.at / ${DAY_MS} + 3) % 7)::int as w, ((t.at / 3600000) % 24)::int as h, count(*)::int as n
    from timeline_items t
    where t.kind = 'message' and t.author = 'customer' and t.at >= $1::bigint and t.at < $2::bigint
    group by 1, 2) v) as volume,
  (select coalesce(json_agg(json_build_object('flow', flow, 'n', n, 'resolved', resolved, 'handed', handed)), '[]') from (
    select coalesce(flow, 'other') as flow, count(*)::int as n,
      count(*) filter (where outcome in ('confirmed', 'assumed'))::int as resolved,
      count(*) filter (where outcome = 'handed_off')::int as handed
    from classified group by 1) f) as by_flow,
  (select coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'handled', coalesce(h.handled, 0),
      'median', r.median_ms) order by a.name, a.id), '[]')
   from agents a
   left join agents_handled h on h.agent_id = a.id
   left join agents_response r on r.agent_id = a.id
   where h.agent_id is not null or r.agent_id is not null) as by_agent
`;

interface Row {
  base: number;
  cohort: number;
  outcomes: { k: OutcomeClass; n: number }[];
  handoff_reasons: { k: HandoffReason; n: number }[];
  misbehaviour: { d: number; replied: number; auto: number }[];
  durability: { resolutions: number; reopened: number; durable_conversations: number };
  sample: { sampled: number; reviewed: number; false_resolutions: number };
  by_day: { d: number; n: number; resolved: number }[];
  time_to_handoff: { median: number | null; p90: number | null };
  first_response: {
    median: number | null;
    p90: number | null;
    handoffs: number;
    within24h: number;
    withinHumanAgentWindow: number;
  };
  volume: { w: number; h: number; n: number }[];
  by_flow: { flow: BotFlow; n: number; resolved: number; handed: number }[];
  by_agent: { id: string; name: string; handled: number; median: number | null }[];
}

/** node-postgres hands json back parsed; a driver that hands back text is parsed here. */
function json<T>(v: T | string): T {
  return typeof v === "string" ? (JSON.parse(v) as T) : v;
}

const ratio = (k: number, n: number) => (n > 0 ? Math.min(1, k / n) : 0);
const ms = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v));

/** The UTC day `d` days after `from` ("2026-11-25"). */
const dayAfter = (fromMs: number, d: number) => new Date(fromMs + d * DAY_MS).toISOString().slice(0, 10);

export async function insightsData(
  db: Queryable,
  query: InsightsQuery,
  args: { now: number; quietMs?: number },
): Promise<InsightsResponse> {
  const fromMs = Date.parse(`${query.from}T00:00:00Z`);
  const toMs = Date.parse(`${query.to}T00:00:00Z`) + DAY_MS;
  const days = Math.round((toMs - fromMs) / DAY_MS);
  const quietMs = args.quietMs ?? (await getReviewSettings(db)).quietMs;
  const [raw] = await db.query<Row>(SQL, [
    fromMs,
    toMs,
    args.now,
    quietMs,
    REOPEN_WINDOW_MS,
    query.from,
    query.to,
  ]);
  if (!raw) throw new Error("The insights query returned no row");
  const row: Row = {
    ...raw,
    outcomes: json(raw.outcomes),
    handoff_reasons: json(raw.handoff_reasons),
    misbehaviour: json(raw.misbehaviour),
    durability: json(raw.durability),
    sample: json(raw.sample),
    by_day: json(raw.by_day),
    time_to_handoff: json(raw.time_to_handoff),
    first_response: json(raw.first_response),
    volume: json(raw.volume),
    by_flow: json(raw.by_flow),
    by_agent: json(raw.by_agent),
  };

  const cohort = row.cohort;
  const outcomeCount = (o: OutcomeClass) => row.outcomes.find((x) => x.k === o)?.n ?? 0;
  const reported = ratio(outcomeCount("confirmed") + outcomeCount("assumed"), cohort);
  const s = row.sample;
  const falseRate = s.reviewed > 0 ? s.false_resolutions / s.reviewed : null;
  const interval = wilsonInterval(s.false_resolutions, s.reviewed);
  const verify = (rate: number | null) =>
    rate === null || falseRate === null ? null : rate * (1 - falseRate);

  const misByDay = new Map(row.misbehaviour.map((m) => [m.d, m]));
  const byDay = new Map(row.by_day.map((d) => [d.d, d]));
  const volume = new Map(row.volume.map((v) => [`${v.w}:${v.h}`, v.n]));
  const fr = row.first_response;
  const handoffs = fr.handoffs ?? outcomeCount("handed_off");
  const answered = fr.within24h + fr.withinHumanAgentWindow;

  return {
    range: { from: query.from, to: query.to, days },
    cohort: { conversations: cohort, excludedBroadcasts: row.base - cohort },
    outcomes: outcomeClass.options.map((outcome) => ({
      outcome,
      conversations: outcomeCount(outcome),
      rate: ratio(outcomeCount(outcome), cohort),
    })),
    reportedResolutionRate: reported,
    handoffRate: ratio(outcomeCount("handed_off"), cohort),
    handoffsByReason: handoffReason.options.map((reason) => ({
      reason,
      conversations: row.handoff_reasons.find((h) => h.k === reason)?.n ?? 0,
    })),
    misbehaviourByDay: Array.from({ length: days }, (_, d) => ({
      day: dayAfter(fromMs, d),
      repliedAfterHandoff: misByDay.get(d)?.replied ?? 0,
      autoresponderSuspected: misByDay.get(d)?.auto ?? 0,
    })),
    durability: {
      resolutions: row.durability.resolutions,
      reopenedWithin7Days: row.durability.reopened,
      reopenRate: ratio(row.durability.reopened, row.durability.resolutions),
      durableResolutionRate: ratio(row.durability.durable_conversations, cohort),
    },
    falseResolution: {
      sampled: s.sampled,
      reviewed: s.reviewed,
      falseResolutions: s.false_resolutions,
      rate: falseRate,
      low: interval?.low ?? null,
      high: interval?.high ?? null,
    },
    resolutionRateByDay: Array.from({ length: days }, (_, d) => {
      const day = byDay.get(d);
      const rate = day && day.n > 0 ? ratio(day.resolved, day.n) : null;
      return { day: dayAfter(fromMs, d), conversations: day?.n ?? 0, reported: rate, verified: verify(rate) };
    }),
    verifiedResolutionRate: verify(cohort > 0 ? reported : null),
    timeToHandoff: { medianMs: ms(row.time_to_handoff.median), p90Ms: ms(row.time_to_handoff.p90) },
    humanFirstResponse: {
      medianMs: ms(fr.median),
      p90Ms: ms(fr.p90),
      handoffs,
      within24h: fr.within24h,
      withinHumanAgentWindow: fr.withinHumanAgentWindow,
      never: handoffs - answered,
    },
    volumeByHour: Array.from({ length: 7 * 24 }, (_, i) => {
      const weekday = Math.floor(i / 24);
      const hour = i % 24;
      return { weekday, hour, messages: volume.get(`${weekday}:${hour}`) ?? 0 };
    }),
    byFlow: botFlow.options.flatMap((flow) => {
      const f = row.by_flow.find((x) => x.flow === flow);
      return f ? [{ flow, conversations: f.n, botResolved: f.resolved, handedOff: f.handed }] : [];
    }),
    byAgent: row.by_agent.map((a) => ({
      agentId: a.id,
      name: a.name,
      handled: a.handled,
      medianFirstResponseMs: ms(a.median),
    })),
  };
}
