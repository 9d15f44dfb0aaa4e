import { HUMAN_AGENT_WINDOW_MS, STANDARD_WINDOW_MS } from "../../contract/messaging-window.ts";
import type { Database, Queryable } from "../db/database.ts";

/**
 * The Insights rollups (migration 8): every UTC day summed once from the real tables, so a 90-day range over a year
 * of conversations reads a few hundred rows instead of hundreds of thousands. The sums are made by the same SQL for
 * one day or for all of them (the first read builds everything; after that only the days marked dirty, and the
 * days whose figures move with the clock alone: today and those within the quiet time).
 *
 * Attribution, so every figure is a plain sum over days:
 * - a conversation counts on the UTC day of its last activity (once, however long it ran), in one outcome class:
 *   handed off; else by its newest bot resolution: unresolved when reopened, confirmed, assumed once the quiet
 *   time passed, awaiting before; unresolved with none. Conversations the customer never wrote in are `excluded`;
 * - a resolution on the day it was resolved (resolutions, reopened within 7 days); the sample on its day;
 * - a customer message in its hour; a misbehaviour note on its day;
 * - durations (time to handoff, first human response, per agent) as histograms whose buckets are 10% wider each,
 *   so percentiles merge across days (to within 5% of the exact value).
 */

const DAY_MS = 24 * 60 * 60 * 1000;
/** `date` for the UTC day holding a bigint of milliseconds. */
const dayOf = (ms: string) => `(date '1970-01-01' + (${ms} / ${DAY_MS})::int)`;
/** The histogram bucket of a duration in ms: 0 under a second, then 10% wider each. */
const bucketSql = (v: string) =>
  `(case when (${v}) < 1000 then 0 else 1 + floor(ln((${v}) / 1000.0) / ln(1.1))::int end)`;
/** A bucket's middle (geometric), in ms: what a percentile read from the histogram reports. */
export const BUCKET_VALUE_SQL = (b: string) =>
  `(case when ${b} = 0 then 500 else round(1000 * power(1.1, ${b} - 0.5)) end)`;

/** The bucket of a duration, as bucketSql computes it (for tests and callers in JS). */
export function bucketOf(ms: number): number {
  return ms < 1000 ? 0 : 1 + Math.floor(Math.log(ms / 1000) / Math.log(1.1));
}
export function bucketValue(bucket: number): number {
  return bucket === 0 ? 500 : Math.round(1000 * Math.pow(1.1, bucket - 0.5));
}

const TABLES = [
  "insights_days",
  "insights_day_totals",
  "insights_day_hours",
  "insights_day_agents",
  "insights_day_durations",
] as const;

/**
 * Sums the days in [fromMs, toMs) (whole UTC days) again from the real tables, replacing what was there.
 * $1 from, $2 to, $3 now, $4 the quiet time.
 */
async function sumDays(
  tx: Queryable,
  fromMs: number,
  toMs: number,
  now: number,
  quietMs: number,
): Promise<void> {
  const params = [fromMs, toMs, now, quietMs];
  for (const table of TABLES) {
    await tx.query(
      `delete from ${table} where day >= ${dayOf("$1::bigint")} and day < ${dayOf("$2::bigint")}`,
      [fromMs, toMs],
    );
  }
  const conversations = `
    select c.id, coalesce(c.flow, 'other') as flow, ${dayOf("c.last_activity_at")} as day,
      c.first_customer_at, c.handoff_at, c.handoff_reason_kind, c.first_human_reply_at, c.first_human_reply_by,
      case when c.first_human_reply_at >= c.handoff_at then c.first_human_reply_at - c.handoff_at end as response_ms,
      case
        when c.handoff_at is not null then 'handed_off'
        when lr.resolved_at is null or lr.reopened_at is not null then 'unresolved'
        when lr.confirmed_at is not null then 'confirmed'
        when $3::bigint - lr.resolved_at >= $4::bigint then 'assumed'
        else 'awaiting'
      end as outcome,
      exists (select 1 from bot_resolutions d where d.conversation_id = c.id and d.reopened_at is null) as durable
    from conversations c
    left join lateral (
      select r.resolved_at, r.confirmed_at, r.reopened_at from bot_resolutions r
      where r.conversation_id = c.id order by r.resolved_at desc, r.id desc limit 1
    ) lr on true
    where c.bot_first_at is not null and c.last_activity_at >= $1::bigint and c.last_activity_at < $2::bigint`;

  await tx.query(
    `create temporary table insights_scratch (
       id text, flow text, day date, first_customer_at bigint, handoff_at bigint, handoff_reason_kind text,
       first_human_reply_at bigint, first_human_reply_by text, response_ms bigint, outcome text, durable boolean
     ) on commit drop`,
  );
  await tx.query(`insert into insights_scratch ${conversations}`, params);

  await tx.query(
    `insert into insights_days (day, flow, conversations, excluded, confirmed, assumed, awaiting, handed_off,
       reason_chip, reason_typed_phrase, reason_postback, reason_no_bot_answer, reason_passed, reason_other, durable,
       answered_24h, answered_human_agent)
     select day, flow,
       count(*) filter (where first_customer_at is not null),
       count(*) filter (where first_customer_at is null),
       count(*) filter (where first_customer_at is not null and outcome = 'confirmed'),
       count(*) filter (where first_customer_at is not null and outcome = 'assumed'),
       count(*) filter (where first_customer_at is not null and outcome = 'awaiting'),
       count(*) filter (where first_customer_at is not null and outcome = 'handed_off'),
       count(*) filter (where first_customer_at is not null and outcome = 'handed_off' and handoff_reason_kind = 'chip'),
       count(*) filter (where first_customer_at is not null and outcome = 'handed_off' and handoff_reason_kind = 'typed_phrase'),
       count(*) filter (where first_customer_at is not null and outcome = 'handed_off' and handoff_reason_kind = 'postback'),
       count(*) filter (where first_customer_at is not null and outcome = 'handed_off' and handoff_reason_kind = 'no_bot_answer'),
       count(*) filter (where first_customer_at is not null and outcome = 'handed_off' and handoff_reason_kind = 'passed'),
       count(*) filter (where first_customer_at is not null and outcome = 'handed_off'
         and (handoff_reason_kind is null or handoff_reason_kind = 'other')),
       count(*) filter (where first_customer_at is not null and durable),
       count(*) filter (where first_customer_at is not null and outcome = 'handed_off' and response_ms <= ${STANDARD_WINDOW_MS}),
       count(*) filter (where first_customer_at is not null and outcome = 'handed_off'
         and response_ms > ${STANDARD_WINDOW_MS} and response_ms <= ${HUMAN_AGENT_WINDOW_MS})
     from insights_scratch group by day, flow`,
  );

  await tx.query(
    `insert into insights_day_durations (day, metric, bucket, n)
     select day, metric, bucket, count(*) from (
       select day, 'handoff' as metric, ${bucketSql("handoff_at - first_customer_at")} as bucket from insights_scratch
       where first_customer_at is not null and outcome = 'handed_off' and handoff_at >= first_customer_at
       union all
       select day, 'response', ${bucketSql("response_ms")} from insights_scratch
       where first_customer_at is not null and outcome = 'handed_off' and response_ms is not null
       union all
       select day, 'agent:' || first_human_reply_by, ${bucketSql("response_ms")} from insights_scratch
       where first_customer_at is not null and outcome = 'handed_off' and response_ms is not null
         and first_human_reply_by is not null
     ) d group by day, metric, bucket`,
  );

  await tx.query(
    `insert into insights_day_agents (day, agent_id, handled)
     select s.day, t.agent_id, count(distinct s.id)
     from insights_scratch s join timeline_items t on t.conversation_id = s.id
     where s.first_customer_at is not null and t.kind = 'message' and t.author = 'agent' and t.agent_id is not null
     group by s.day, t.agent_id`,
  );

  await tx.query(
    `insert into insights_day_hours (day, hour, messages)
     select ${dayOf("t.at")}, ((t.at / 3600000) % 24)::int, count(*)
     from timeline_items t
     where t.kind = 'message' and t.author = 'customer' and t.at >= $1::bigint and t.at < $2::bigint
     group by 1, 2`,
    [fromMs, toMs],
  );

  await tx.query(
    `insert into insights_day_totals (day, resolutions, reopened, replied_after_handoff, autoresponder_suspected,
       sampled, reviewed, false_resolutions)
     select day, sum(resolutions), sum(reopened), sum(replied), sum(auto), sum(sampled), sum(reviewed), sum(falses)
     from (
       select ${dayOf("r.resolved_at")} as day, count(*) as resolutions,
         count(*) filter (where r.reopened_at is not null and r.reopened_at - r.resolved_at <= $3::bigint) as reopened,
         0 as replied, 0 as auto, 0 as sampled, 0 as reviewed, 0 as falses
       from bot_resolutions r
       join conversations c on c.id = r.conversation_id and c.first_customer_at is not null
       where r.resolved_at >= $1::bigint and r.resolved_at < $2::bigint
       group by 1
       union all
       select ${dayOf("t.at")}, 0, 0,
         count(distinct t.conversation_id) filter (where t.item->>'event' = 'bot_replied_after_handoff'),
         count(distinct t.conversation_id) filter (where t.item->>'event' = 'autoresponder_suspected'), 0, 0, 0
       from timeline_items t
       where t.kind = 'system' and t.item->>'event' in ('bot_replied_after_handoff', 'autoresponder_suspected')
         and t.at >= $1::bigint and t.at < $2::bigint
       group by 1
       union all
       select r.sampled_on, 0, 0, 0, 0, count(*), count(cur.verdict),
         count(*) filter (where cur.verdict in ('false_resolution', 'should_have_escalated'))
       from bot_resolutions r
       left join lateral (
         select v.verdict from review_verdicts v where v.resolution_id = r.id order by v.at desc, v.id desc limit 1
       ) cur on true
       where r.sampled_on >= ${dayOf("$1::bigint")} and r.sampled_on < ${dayOf("$2::bigint")}
       group by 1
     ) t group by day`,
    [fromMs, toMs, 7 * DAY_MS],
  );
}

/** Marks the UTC days holding these times for summing again; the engine calls it in the ingest transaction. */
export async function markInsightsDirty(
  tx: Queryable,
  times: readonly (number | null | undefined)[],
): Promise<void> {
  const days = [
    ...new Set(times.filter((t): t is number => typeof t === "number").map((t) => Math.floor(t / DAY_MS))),
  ];
  if (days.length === 0) return;
  await tx.query(
    `insert into insights_dirty_days (day) select date '1970-01-01' + d from unnest($1::int[]) as d
     on conflict (day) do nothing`,
    [days],
  );
}

/** How old the rollups may be before a read brings them up to date: the Insights page is not a live view. */
const INSIGHTS_MAX_STALENESS_MS = 30_000;

/**
 * Brings the rollups up to date: everything on the first call, then the dirty days and the ones the clock alone
 * changes (today, and back over the quiet time, when awaiting resolutions become assumed), unless that was done less
 * than `maxStalenessMs` ago (the figures are then at most that old).
 */
export async function refreshInsights(
  db: Database,
  args: { now: number; quietMs: number; maxStalenessMs?: number | undefined },
): Promise<void> {
  const today = Math.floor(args.now / DAY_MS);
  const [built] = await db.query<{ built_at: number }>(
    "select built_at from insights_rollup_state where id = 1",
  );
  const maxStaleness = args.maxStalenessMs ?? INSIGHTS_MAX_STALENESS_MS;
  if (built && args.now >= built.built_at && args.now - built.built_at < maxStaleness) return;
  if (!built) {
    await db.transaction(async (tx) => {
      await tx.query("delete from insights_dirty_days");
      await sumDays(tx, 0, (today + 1) * DAY_MS, args.now, args.quietMs);
      await tx.query(
        "insert into insights_rollup_state (id, built_at) values (1, $1) on conflict (id) do update set built_at = excluded.built_at",
        [args.now],
      );
    });
    return;
  }
  const dirty = await db.query<{ d: number }>(
    "select (day - date '1970-01-01')::int as d from insights_dirty_days order by day",
  );
  const days = new Set(dirty.map((r) => r.d));
  for (let d = Math.floor((args.now - args.quietMs) / DAY_MS); d <= today; d++) days.add(d);
  for (const d of [...days].sort((a, b) => a - b)) {
    await db.transaction(async (tx) => {
      await tx.query("delete from insights_dirty_days where day = date '1970-01-01' + $1::int", [d]);
      await sumDays(tx, d * DAY_MS, (d + 1) * DAY_MS, args.now, args.quietMs);
    });
  }
  await db.query("update insights_rollup_state set built_at = $1 where id = 1", [args.now]);
}
