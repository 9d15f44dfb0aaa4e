import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../server/db/database.ts";
import { migrate } from "../server/db/migrations.ts";
import { insightsData } from "../server/review/insights.ts";
import { refreshInsights } from "../server/review/insights-rollup.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);

/**
 * The Insights page's data time (issue 10) on the embedded database (PGlite in a folder, as `npm start` runs it),
 * over `conversations` conversations spread over the last year, with their bot resolutions, the review sample and its
 * verdicts, two customer messages each, the agents' replies and the bot's misbehaviour notes. Rows are made by SQL
 * (generate_series, a seeded random()) so filling takes minutes, not the days real webhooks would. The data time
 * is a whole `insightsData` call with the rollups at most INSIGHTS_MAX_STALENESS_MS old (as a page opened twice a
 * minute sees it); summing today again, what the first read after that costs on top, is printed apart.
 */
export async function benchInsights(
  options: { conversations?: number; runs?: number } = {},
): Promise<Record<string, number | string>> {
  const n = options.conversations ?? 1_000_000;
  const runs = options.runs ?? 5;
  const dir = mkdtempSync(join(tmpdir(), "baton-insights-bench-"));
  const db = await openDatabase(process.env.BENCH_INSIGHTS_DB ?? join(dir, "db"));
  try {
    await migrate(db);
    const f0 = performance.now();
    await db.exec(`
      select setseed(0.42);
      insert into agents (id, name, role, created_at)
        select 'agent' || a, 'Agent ' || a, 'agent', 0 from generate_series(1, 8) a;

      create temporary table bench_c as
        select i, ${NOW}::bigint - (random() * 365 * ${DAY_MS})::bigint as created, random() as r1, random() as r2,
          random() as r3, random() as r4
        from generate_series(1, ${n}) i;

      insert into conversations (id, page_id, psid, customer_name, status, owner, flags, flagged, last_activity_at,
          last_customer_at, state, created_at, first_customer_at, bot_first_at, handoff_at, handoff_reason_kind,
          first_human_reply_at, first_human_reply_by, flow)
        select 'c' || i, 'BENCHPAGE', 'psid' || i, 'Customer ' || i,
          case when r2 < 0.2 then 'open' else 'bot_resolved' end, 'bot',
          case when r3 < 0.02 then '{bot_replied_after_handoff}'::text[] else '{}'::text[] end, r3 < 0.02,
          created + (r4 * 2 * ${DAY_MS})::bigint,
          case when r1 < 0.9 then created + 60000 end,
          '{}', created,
          case when r1 < 0.9 then created + 60000 end,
          case when r1 < 0.97 then created end,
          case when r2 < 0.2 and r1 < 0.9 then created + 300000 end,
          case when r2 < 0.2 and r1 < 0.9 then (array['chip', 'typed_phrase', 'postback', 'no_bot_answer', 'passed'])[1 + (i % 5)] end,
          case when r2 < 0.16 and r1 < 0.9 then created + 300000 + (r4 * 30 * 3600000)::bigint end,
          case when r2 < 0.16 and r1 < 0.9 then 'agent' || (1 + i % 8) end,
          (array['abandoned_cart', 'shipping', 'welcome', 'review', 'broadcast', 'other'])[1 + (i % 6)]
        from bench_c;

      insert into bot_resolutions (id, conversation_id, page_id, flow, resolved_at, confirmed_at, reopened_at,
          last_customer_text, last_customer_asked, sampled_on, sample_stratum)
        select 'r' || i, 'c' || i, 'BENCHPAGE', (array['abandoned_cart', 'shipping', 'welcome', 'review', 'broadcast', 'other'])[1 + (i % 6)],
          created + 120000,
          case when r3 < 0.25 then created + 180000 end,
          case when r3 > 0.9 then created + 120000 + (r4 * 7 * ${DAY_MS})::bigint end,
          'Where is my order ' || i || '?', r4 < 0.4,
          case when r4 > 0.95 then (to_timestamp((created + 120000) / 1000) at time zone 'UTC')::date end,
          case when r4 > 0.95 then (array['abandoned_cart', 'shipping', 'welcome', 'review', 'broadcast', 'other'])[1 + (i % 6)] end
        from bench_c where r2 >= 0.2 and r1 < 0.97;

      insert into review_verdicts (resolution_id, reviewer_id, at, verdict, reason)
        select 'r' || i, 'agent1', created + ${DAY_MS},
          case when r3 < 0.12 then 'false_resolution' when r3 < 0.15 then 'should_have_escalated' else 'correct' end,
          case when r3 < 0.12 then 'missing_knowledge' end
        from bench_c where r2 >= 0.2 and r1 < 0.97 and r4 > 0.96;

      insert into timeline_items (id, conversation_id, at, kind, author, text, item)
        select 'm' || i || '-' || k, 'c' || i, created + 60000 + k * (r4 * 3600000)::bigint, 'message', 'customer', 'Hello', '{}'
        from bench_c, generate_series(0, 1) k where r1 < 0.9;

      insert into timeline_items (id, conversation_id, at, kind, author, agent_id, text, item)
        select 'a' || i, 'c' || i, created + 300000 + (r4 * 30 * 3600000)::bigint, 'message', 'agent', 'agent' || (1 + i % 8), 'On it', '{}'
        from bench_c where r2 < 0.16 and r1 < 0.9;

      insert into timeline_items (id, conversation_id, at, kind, author, text, item)
        select 's' || i, 'c' || i, created + 400000, 'system', 'system', 'The bot replied after the handoff',
          '{"event":"bot_replied_after_handoff"}'
        from bench_c where r3 < 0.02;

      drop table bench_c;
      analyze;
    `);
    const fillSeconds = (performance.now() - f0) / 1000;
    // The first read sums every day once (what the migration's first start does on a live database).
    const b0 = performance.now();
    await refreshInsights(db, { now: NOW, quietMs: 60 * 60 * 1000 });
    const buildSeconds = (performance.now() - b0) / 1000;

    const today = new Date(NOW).toISOString().slice(0, 10);
    const daysBack = (d: number) => new Date(NOW - (d - 1) * DAY_MS).toISOString().slice(0, 10);
    const time = async (days: number) => {
      const query = { from: daysBack(days), to: today };
      await insightsData(db, query, { now: NOW }); // warm: plans and pages
      const times: number[] = [];
      let cohort = 0;
      for (let i = 0; i < runs; i++) {
        const t0 = performance.now();
        const data = await insightsData(db, query, { now: NOW });
        times.push(performance.now() - t0);
        cohort = data.cohort.conversations;
      }
      times.sort((a, b) => a - b);
      return { median: times[Math.floor(times.length / 2)] ?? 0, cohort };
    };
    const d28 = await time(28);
    const d90 = await time(90);
    // Summing today again: what a read costs on top once the rollups are older than the staleness allowed.
    const refreshTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      await refreshInsights(db, { now: NOW, quietMs: 60 * 60 * 1000, maxStalenessMs: 0 });
      refreshTimes.push(performance.now() - t0);
    }
    refreshTimes.sort((a, b) => a - b);
    return {
      "insights.conversations": n,
      "insights.fill_s": Number(fillSeconds.toFixed(1)),
      "insights.rollup_build_s": Number(buildSeconds.toFixed(1)),
      "insights.28d_cohort": d28.cohort,
      "insights.28d_ms": Number(d28.median.toFixed(1)),
      "insights.90d_cohort": d90.cohort,
      "insights.90d_ms": Number(d90.median.toFixed(1)),
      "insights.today_refresh_ms": Number((refreshTimes[Math.floor(runs / 2)] ?? 0).toFixed(1)),
    };
  } finally {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
