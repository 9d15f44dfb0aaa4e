/** `npx tsx sim/seed/measure-seed.ts [count] [database]`: seeds a fresh Baton and prints where the time goes. */
import { Hono } from "hono";
import { createBaton } from "../../server/baton.ts";
import { loadConfig } from "../../server/config.ts";
import { DemoClock } from "../sim-clock.ts";
import { SimWorld } from "../world.ts";
import { batonDesk, deskSessions } from "./baton-desk.ts";
import { seedHistory } from "./seed-history.ts";
import { seedReviews } from "./seed-reviews.ts";
import { queueSourceSql } from "../../server/review/review-store.ts";
import { DEMO_AGENTS } from "../customers/journeys.ts";

const count = Number(process.argv[2] ?? 100);
const endAt = Date.now();
const clock = new DemoClock(endAt - 29 * 86_400_000);
const config = loadConfig({
  DATABASE_URL: process.argv[3] ?? "memory:",
  PAGE_ID: "104857600123456",
  GRAPH_API_URL: "http://127.0.0.1:9/graph",
  LOG_LEVEL: "warn",
  STATIC_DIR: "nope",
});
const top = new Hono();
let failures = 0;
const stats: Record<string, { n: number; ms: number }> = {};
function timed<A extends unknown[], R>(name: string, f: (...a: A) => Promise<R>): (...a: A) => Promise<R> {
  return async (...a: A) => {
    const t = performance.now();
    try {
      return await f(...a);
    } finally {
      const s = (stats[name] ??= { n: 0, ms: 0 });
      s.n++;
      s.ms += performance.now() - t;
    }
  };
}
const baton = await createBaton({
  config,
  clock,
  simulator: true,
  fetch: async (input, init) => top.request(input instanceof Request ? input : String(input), init),
  sweepIntervalMs: 0,
});
await baton.upsertAccounts(DEMO_AGENTS.map((a) => ({ ...a })));
const world = new SimWorld({
  clock,
  pageId: "104857600123456",
  pageName: "Lumen & Loom",
  appSecret: config.META_APP_SECRET,
  botAppId: config.BOT_APP_ID,
  batonAppId: config.BATON_APP_ID,
  batonToken: config.META_PAGE_TOKEN,
  deliver: timed("webhook", async (raw: string, headers: Record<string, string>) => {
    const res = await baton.app.request("/webhooks/messenger", { method: "POST", body: raw, headers });
    if (res.status !== 200 && failures++ < 2)
      console.log(
        "\nwebhook answered",
        res.status,
        (await res.text()).slice(0, 500),
        raw.length,
        (JSON.parse(raw) as { entry: unknown[] }).entry.length,
      );
    return { status: res.status };
  }),
  publicUrl: "http://127.0.0.1:9/graph",
  batchLagMs: 600_000,
});
top.route("/graph", world.graph);
const report = await seedHistory({
  world,
  desk: (() => {
    const d = batonDesk(baton.app, "104857600123456", () => baton.sweepTimers(), deskSessions(baton.auth));
    return {
      reply: timed("reply", d.reply),
      assign: timed("assign", d.assign),
      resolve: timed("resolve", d.resolve),
      markRead: timed("read", d.markRead),
      sweepTimers: timed("sweep", d.sweepTimers),
    };
  })(),
  count,
  agents: DEMO_AGENTS.map((a) => a.id),
  endAt,
  onProgress: (p) => process.stdout.write(`\r${Math.round(p * 100)}%`),
});
console.log("\n", { ...report, skipped: report.skipped.length }, report.skipped.slice(0, 8));
const reviewsStarted = performance.now();
const reviews = await seedReviews({
  db: baton.db,
  secret: config.SESSION_SECRET,
  policy: { humanAgentTagEnabled: config.HUMAN_AGENT_TAG },
  endAt,
});
console.log("reviews", reviews, `${Math.round(performance.now() - reviewsStarted)} ms`);
console.log(
  "queue sources",
  await baton.db.query(
    `select source, count(*)::int as n from (select ${queueSourceSql({ now: "$1", quiet: "3600000", window: "604800000" })} as source
     from bot_resolutions r join conversations c on c.id = r.conversation_id
     where not exists (select 1 from review_verdicts v where v.resolution_id = r.id)) q group by source`,
    [endAt],
  ),
  await baton.db.query(
    "select flow, count(*)::int as n, count(confirmed_at)::int as confirmed, count(reopened_at)::int as reopened from bot_resolutions group by flow",
  ),
);
const counts = await baton.db.query("select status, count(*)::int as n from conversations group by status");
console.log(counts, stats);
console.log(await baton.db.query("select flags, count(*)::int as n from conversations group by flags"));
console.log(
  "events",
  await baton.db.query("select count(*)::int as n from events"),
  "items",
  await baton.db.query("select count(*)::int as n from timeline_items"),
);
await baton.close();
