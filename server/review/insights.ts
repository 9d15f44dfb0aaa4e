import {
  handoffReason,
  outcomeClass,
  wilsonInterval,
  type HandoffReason,
  type InsightsQuery,
  type InsightsResponse,
  type OutcomeClass,
} from "../../contract/insights.ts";
import { botFlow, type BotFlow } from "../../contract/review.ts";
import type { Database } from "../db/database.ts";
import { BUCKET_VALUE_SQL, refreshInsights } from "./insights-rollup.ts";
import { getReviewSettings } from "./settings.ts";

/**
 * The managers' Insights page (issue 10): every figure of `insightsResponse`, computed by SQL over the day rollups
 * of server/review/insights-rollup.ts (summed from the real tables; brought up to date first), for a range of whole
 * UTC days. No rows are sampled or counted in JS: JS fills in empty days and divides. The same SQL runs on PGlite
 * and PostgreSQL.
 *
 * The cohort: conversations where the bot spoke, counted once, on the day of their last activity, when that day is
 * in the range; those the customer never wrote in (proactive broadcasts and reminders nobody answered) are left out.
 * Each gets one outcome, in this order: handed off; else by its newest bot resolution: unresolved when the customer
 * reopened it, confirmed, assumed once the quiet time passed, awaiting before; unresolved without one.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

const INSIGHTS_SQL = `
with percentiles as (
  -- Every duration metric's median and 90th percentile in one pass over the range's histograms (nearest rank).
  select metric,
    ${BUCKET_VALUE_SQL("min(bucket) filter (where cum >= ceil(0.5 * total))")} as median,
    ${BUCKET_VALUE_SQL("min(bucket) filter (where cum >= ceil(0.9 * total))")} as p90
  from (
    select metric, bucket, sum(n) over (partition by metric order by bucket) as cum,
      sum(n) over (partition by metric) as total
    from (
      select metric, bucket, sum(n) as n from insights_day_durations
      where day >= $1::date and day <= $2::date group by metric, bucket
    ) h
  ) c group by metric
)
select
  (select row_to_json(d) from (
    select coalesce(sum(conversations), 0)::int as conversations, coalesce(sum(excluded), 0)::int as excluded,
      coalesce(sum(confirmed), 0)::int as confirmed, coalesce(sum(assumed), 0)::int as assumed,
      coalesce(sum(awaiting), 0)::int as awaiting, coalesce(sum(handed_off), 0)::int as handed_off,
      coalesce(sum(conversations - confirmed - assumed - awaiting - handed_off), 0)::int as unresolved,
      coalesce(sum(reason_chip), 0)::int as chip, coalesce(sum(reason_typed_phrase), 0)::int as typed_phrase,
      coalesce(sum(reason_postback), 0)::int as postback, coalesce(sum(reason_no_bot_answer), 0)::int as no_bot_answer,
      coalesce(sum(reason_passed), 0)::int as passed, coalesce(sum(reason_other), 0)::int as other,
      coalesce(sum(durable), 0)::int as durable, coalesce(sum(answered_24h), 0)::int as answered_24h,
      coalesce(sum(answered_human_agent), 0)::int as answered_human_agent
    from insights_days where day >= $1::date and day <= $2::date) d) as totals,
  (select row_to_json(t) from (
    select coalesce(sum(resolutions), 0)::int as resolutions, coalesce(sum(reopened), 0)::int as reopened,
      coalesce(sum(sampled), 0)::int as sampled, coalesce(sum(reviewed), 0)::int as reviewed,
      coalesce(sum(false_resolutions), 0)::int as false_resolutions
    from insights_day_totals where day >= $1::date and day <= $2::date) t) as day_totals,
  (select coalesce(json_agg(json_build_object('day', day::text, 'replied', replied_after_handoff,
      'auto', autoresponder_suspected)), '[]')
   from insights_day_totals where day >= $1::date and day <= $2::date) as misbehaviour,
  (select coalesce(json_agg(json_build_object('day', day::text, 'n', n, 'resolved', resolved)), '[]') from (
    select day, sum(conversations)::int as n, sum(confirmed + assumed)::int as resolved
    from insights_days where day >= $1::date and day <= $2::date group by day) d) as by_day,
  (select coalesce(json_agg(json_build_object('flow', flow, 'n', n, 'resolved', resolved, 'handed', handed)), '[]') from (
    select flow, sum(conversations)::int as n, sum(confirmed + assumed)::int as resolved, sum(handed_off)::int as handed
    from insights_days where day >= $1::date and day <= $2::date group by flow having sum(conversations) > 0) f) as by_flow,
  (select coalesce(json_agg(json_build_object('w', w, 'h', hour, 'n', n)), '[]') from (
    select ((day - date '1970-01-01' + 3) % 7) as w, hour, sum(messages)::int as n
    from insights_day_hours where day >= $1::date and day <= $2::date group by 1, 2) v) as volume,
  (select json_build_object('median', median, 'p90', p90) from percentiles where metric = 'handoff') as time_to_handoff,
  (select json_build_object('median', median, 'p90', p90) from percentiles where metric = 'response') as first_response,
  (select coalesce(json_agg(json_build_object('id', a.id, 'name', a.name, 'handled', coalesce(h.handled, 0),
      'median', p.median) order by a.name, a.id), '[]')
   from agents a
   left join (select agent_id, sum(handled)::int as handled from insights_day_agents
     where day >= $1::date and day <= $2::date group by agent_id) h on h.agent_id = a.id
   left join percentiles p on p.metric = 'agent:' || a.id
   where h.agent_id is not null or p.metric is not null) as by_agent
`;

interface Row {
  totals: Record<
    | OutcomeClass
    | HandoffReason
    | "conversations"
    | "excluded"
    | "durable"
    | "answered_24h"
    | "answered_human_agent",
    number
  >;
  day_totals: {
    resolutions: number;
    reopened: number;
    sampled: number;
    reviewed: number;
    false_resolutions: number;
  };
  misbehaviour: { day: string; replied: number; auto: number }[];
  by_day: { day: string; n: number; resolved: number }[];
  by_flow: { flow: BotFlow; n: number; resolved: number; handed: number }[];
  volume: { w: number; h: number; n: number }[];
  time_to_handoff: { median: number | null; p90: number | null } | null;
  first_response: { median: number | null; p90: number | null } | null;
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
  db: Database,
  query: InsightsQuery,
  args: { now: number; quietMs?: number; maxStalenessMs?: number },
): Promise<InsightsResponse> {
  const fromMs = Date.parse(`${query.from}T00:00:00Z`);
  const toMs = Date.parse(`${query.to}T00:00:00Z`) + DAY_MS;
  const days = Math.round((toMs - fromMs) / DAY_MS);
  const quietMs = args.quietMs ?? (await getReviewSettings(db)).quietMs;
  await refreshInsights(db, { now: args.now, quietMs, maxStalenessMs: args.maxStalenessMs });
  const [raw] = await db.query<Row>(INSIGHTS_SQL, [query.from, query.to]);
  if (!raw) throw new Error("The insights query returned no row");
  const row: Row = {
    totals: json(raw.totals),
    day_totals: json(raw.day_totals),
    misbehaviour: json(raw.misbehaviour),
    by_day: json(raw.by_day),
    by_flow: json(raw.by_flow),
    volume: json(raw.volume),
    time_to_handoff: json(raw.time_to_handoff) ?? { median: null, p90: null },
    first_response: json(raw.first_response) ?? { median: null, p90: null },
    by_agent: json(raw.by_agent),
  };

  const t = row.totals;
  const cohort = t.conversations;
  const reported = ratio(t.confirmed + t.assumed, cohort);
  const s = row.day_totals;
  const falseRate = s.reviewed > 0 ? s.false_resolutions / s.reviewed : null;
  const interval = wilsonInterval(s.false_resolutions, s.reviewed);
  const verify = (rate: number | null) =>
    rate === null || falseRate === null ? null : rate * (1 - falseRate);
  const misByDay = new Map(row.misbehaviour.map((m) => [m.day, m]));
  const byDay = new Map(row.by_day.map((d) => [d.day, d]));
  const volume = new Map(row.volume.map((v) => [`${v.w}:${v.h}`, v.n]));
  const dayList = Array.from({ length: days }, (_, d) => dayAfter(fromMs, d));

  return {
    range: { from: query.from, to: query.to, days },
    cohort: { conversations: cohort, excludedBroadcasts: t.excluded },
    outcomes: outcomeClass.options.map((outcome) => ({
      outcome,
      conversations: t[outcome],
      rate: ratio(t[outcome], cohort),
    })),
    reportedResolutionRate: reported,
    handoffRate: ratio(t.handed_off, cohort),
    handoffsByReason: handoffReason.options.map((reason) => ({ reason, conversations: t[reason] })),
    misbehaviourByDay: dayList.map((day) => ({
      day,
      repliedAfterHandoff: misByDay.get(day)?.replied ?? 0,
      autoresponderSuspected: misByDay.get(day)?.auto ?? 0,
    })),
    durability: {
      resolutions: s.resolutions,
      reopenedWithin7Days: s.reopened,
      reopenRate: ratio(s.reopened, s.resolutions),
      durableResolutionRate: ratio(t.durable, cohort),
    },
    falseResolution: {
      sampled: s.sampled,
      reviewed: s.reviewed,
      falseResolutions: s.false_resolutions,
      rate: falseRate,
      low: interval?.low ?? null,
      high: interval?.high ?? null,
    },
    resolutionRateByDay: dayList.map((day) => {
      const d = byDay.get(day);
      const rate = d && d.n > 0 ? ratio(d.resolved, d.n) : null;
      return { day, conversations: d?.n ?? 0, reported: rate, verified: verify(rate) };
    }),
    verifiedResolutionRate: verify(cohort > 0 ? reported : null),
    timeToHandoff: { medianMs: ms(row.time_to_handoff?.median), p90Ms: ms(row.time_to_handoff?.p90) },
    humanFirstResponse: {
      medianMs: ms(row.first_response?.median),
      p90Ms: ms(row.first_response?.p90),
      handoffs: t.handed_off,
      within24h: t.answered_24h,
      withinHumanAgentWindow: t.answered_human_agent,
      never: t.handed_off - t.answered_24h - t.answered_human_agent,
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
