import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { LiveEvent } from "../contract/live.ts";
import { openDatabase } from "../server/db/database.ts";
import { signBody } from "../server/messenger/signature.ts";
import {
  createPostgresDatabase,
  INSTANCE_SECRET,
  openLiveStream,
  seedAccounts,
  signIn,
  startInstance,
  type Instance,
} from "../server/testing/instances.ts";

/**
 * The broadcast burst (issue 12): a shop's broadcast to N subscribers, as Meta's webhook then delivers it within
 * ten minutes: the bot's broadcast message (its echo), each subscriber's delivery and read receipts, and a 5% stream
 * of taps (quick replies, buttons) and typed replies. Deterministic from a seed.
 */

const BURST_PAGE = "BURSTPAGE";
const BOT_APP = "1001";
const TEN_MINUTES = 10 * 60_000;

function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Kind = "page_message" | "delivery" | "read" | "customer_message" | "customer_postback";

export interface BurstTraffic {
  /** Webhook bodies in the order Meta would send them (several entries, several events each). */
  bodies: string[];
  /** Each body's partition of the subscribers (all 0 unless the traffic was made with partitions). */
  bodyPartition: number[];
  /** The events of each body that are a customer's typed reply: [body index] -> mids. */
  repliesByBody: Map<number, string[]>;
  events: number;
  byKind: Record<Kind, number>;
  /** Every message mid sent (broadcast echoes, taps, replies): each must be stored exactly once. */
  mids: string[];
  /** The broadcast's message mids whose subscriber read it; the others' were delivered only. */
  readMids: string[];
  broadcastMids: string[];
  pageId: string;
}

/** A broadcast to `subscribers` and what follows it within ten minutes of simulated time, ending `endAt`. */
export function burstTraffic(
  subscribers: number,
  seed = 12,
  endAt = Date.now(),
  partitions = 1,
): BurstTraffic {
  const rand = prng(seed);
  const start = endAt - TEN_MINUTES;
  const byKind: Record<Kind, number> = {
    page_message: 0,
    delivery: 0,
    read: 0,
    customer_message: 0,
    customer_postback: 0,
  };
  const timed: { at: number; partition: number; event: Record<string, unknown>; reply: string | null }[] = [];
  const mids: string[] = [];
  const readMids: string[] = [];
  const broadcastMids: string[] = [];
  let partition = 0;
  const push = (kind: Kind, at: number, event: Record<string, unknown>, reply: string | null = null) => {
    byKind[kind] += 1;
    timed.push({ at, partition, event: { ...event, timestamp: at }, reply });
  };
  for (let i = 0; i < subscribers; i++) {
    const psid = `S${i}`;
    partition = i % partitions;
    const customer = { sender: { id: psid }, recipient: { id: BURST_PAGE } };
    // The broadcast goes out over the first two minutes (Meta's send rate), then receipts and answers follow.
    const sentAt = start + Math.floor((i / subscribers) * 120_000);
    const mid = `bc-${seed}-${i}`;
    mids.push(mid);
    broadcastMids.push(mid);
    push("page_message", sentAt, {
      sender: { id: BURST_PAGE },
      recipient: { id: psid },
      message: {
        is_echo: true,
        app_id: Number(BOT_APP),
        mid,
        text: "Black Friday: 30% off everything until midnight 🖤",
        quick_replies: [
          { content_type: "text", title: "Shop now", payload: "SHOP_NOW" },
          { content_type: "text", title: "Stop", payload: "UNSUBSCRIBE" },
        ],
      },
    });
    const deliveredAt = sentAt + 200 + Math.floor(rand() * 5_000);
    push("delivery", deliveredAt, { ...customer, delivery: { mids: [mid], watermark: deliveredAt } });
    if (rand() < 0.7) {
      const readAt = deliveredAt + Math.floor(rand() * (endAt - deliveredAt - 1_000));
      push("read", readAt, { ...customer, read: { watermark: readAt } });
      readMids.push(mid);
      if (rand() < 0.05 / 0.7) {
        const answeredAt = Math.min(endAt - 1, readAt + 1_000 + Math.floor(rand() * 30_000));
        const answer = `${rand() < 0.5 ? "tap" : "re"}-${seed}-${i}`;
        mids.push(answer);
        const r = rand();
        if (answer.startsWith("re"))
          push(
            "customer_message",
            answeredAt,
            { ...customer, message: { mid: answer, text: "Does the discount work on gift cards?" } },
            answer,
          );
        else if (r < 0.6)
          push("customer_message", answeredAt, {
            ...customer,
            message: { mid: answer, text: "Shop now", quick_reply: { payload: "SHOP_NOW" } },
          });
        else
          push("customer_postback", answeredAt, {
            ...customer,
            postback: { mid: answer, title: "See the deals", payload: "DEALS" },
          });
      }
    }
  }
  timed.sort((a, b) => a.at - b.at);
  // Meta batches: up to a few entries per POST, each with several events on the standby channel (the bot owns
  // the threads), in the order they happened. With partitions > 1 each POST holds one partition's subscribers only.
  const bodies: string[] = [];
  const bodyPartition: number[] = [];
  const repliesByBody = new Map<number, string[]>();
  const open = new Map<number, { size: number; batch: typeof timed }>();
  const flush = (partition: number) => {
    const pending = open.get(partition);
    if (!pending) return;
    open.delete(partition);
    const entries: { id: string; time: number; standby: Record<string, unknown>[] }[] = [];
    for (const t of pending.batch) {
      const last = entries.at(-1);
      if (last && last.standby.length < 8) last.standby.push(t.event);
      else entries.push({ id: BURST_PAGE, time: t.at, standby: [t.event] });
    }
    const replies = pending.batch.flatMap((t) => (t.reply ? [t.reply] : []));
    if (replies.length > 0) repliesByBody.set(bodies.length, replies);
    bodies.push(JSON.stringify({ object: "page", entry: entries }));
    bodyPartition.push(partition);
  };
  for (const t of timed) {
    const pending = open.get(t.partition) ?? { size: 1 + Math.floor(rand() * 20), batch: [] };
    open.set(t.partition, pending);
    pending.batch.push(t);
    if (pending.batch.length >= pending.size) flush(t.partition);
  }
  for (const partition of [...open.keys()]) flush(partition);
  return {
    bodies,
    bodyPartition,
    repliesByBody,
    events: timed.length,
    byKind,
    mids,
    readMids,
    broadcastMids,
    pageId: BURST_PAGE,
  };
}

/**
 * What the database holds of a burst afterwards. Messages (the broadcast's echoes, taps, replies) are logged events
 * and timeline items: each sent mid must be there exactly once. Receipts need not be logged one by one (they may
 * be watermarks): each must show on the broadcast's message, read where a read was sent, delivered elsewhere.
 */
export async function countBurst(
  databaseUrl: string,
  traffic: BurstTraffic,
): Promise<{ lost: number; duplicated: number; receiptsBehind: number }> {
  const db = await openDatabase(databaseUrl);
  try {
    const messageKinds = ["page_message", "customer_message", "customer_postback"] as const;
    const kinds = await db.query<{ kind: string; n: number }>(
      "select kind, count(*)::int as n from events where page_id = $1 and kind = any($2::text[]) group by kind",
      [traffic.pageId, messageKinds],
    );
    const stored = new Map(kinds.map((k) => [k.kind, k.n]));
    const [items] = await db.query<{ rows: number; distinct: number }>(
      `select count(*)::int as rows, count(distinct mid)::int as distinct from timeline_items where mid = any($1::text[])`,
      [traffic.mids],
    );
    const states = await db.query<{ delivery: string | null; n: number }>(
      "select delivery, count(*)::int as n from timeline_items where mid = any($1::text[]) group by delivery",
      [traffic.broadcastMids],
    );
    const state = new Map(states.map((r) => [r.delivery, r.n]));
    const read = state.get("read") ?? 0;
    const deliveredOrRead = read + (state.get("delivered") ?? 0);
    const receiptsBehind =
      Math.max(0, traffic.readMids.length - read) +
      Math.max(0, traffic.broadcastMids.length - deliveredOrRead);
    let lost = 0;
    let duplicated = 0;
    for (const kind of messageKinds) {
      const n = stored.get(kind) ?? 0;
      lost += Math.max(0, traffic.byKind[kind] - n);
      duplicated += Math.max(0, n - traffic.byKind[kind]);
    }
    lost = Math.max(lost, traffic.mids.length - (items?.distinct ?? 0)) + receiptsBehind;
    duplicated += items ? items.rows - items.distinct : 0;
    return { lost, duplicated, receiptsBehind };
  } finally {
    await db.close();
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const AGENT = {
  id: "sam",
  name: "Sam Lee",
  email: "sam@example.com",
  role: "agent",
  password: "sam-password-1",
} as const;

interface BurstRun {
  events_per_s: number;
  webhook_p50_ms: number;
  webhook_p99_ms: number;
  reply_visible_p50_ms: number;
  reply_visible_p99_ms: number;
  non_200: number;
  seconds: number;
}

/**
 * Replays the burst as fast as the instances accept it (round robin, `concurrency` POSTs in flight, from this
 * process: Baton runs in its own processes), with an agent's live stream open on every instance, then counts what
 * the database holds.
 */
async function replay(
  instances: Instance[],
  traffic: BurstTraffic,
  concurrency: number,
  partitioned: boolean,
): Promise<BurstRun> {
  const [first] = instances;
  if (!first) throw new Error("no instance");
  const cookie = await signIn(first, AGENT.email, AGENT.password);
  const streams = await Promise.all(instances.map((i) => openLiveStream(i, cookie, { keep: false })));
  await Promise.all(streams.map((s) => s.next((e) => e.type === "hello")));

  // A reply's 200 and its arrival on each stream, by mid; whichever comes first waits for the other.
  const acceptedAt = new Map<string, number>();
  const seenAt = new Map<string, number[]>();
  const visible: number[] = [];
  const watched = new Set([...traffic.repliesByBody.values()].flat());
  const onEvent = (event: LiveEvent) => {
    if (event.type !== "conversation") return;
    const now = performance.now();
    for (const item of event.items) {
      if (item.kind !== "message" || !item.mid || !watched.has(item.mid)) continue;
      const accepted = acceptedAt.get(item.mid);
      if (accepted !== undefined) visible.push(Math.max(0, now - accepted));
      else seenAt.set(item.mid, [...(seenAt.get(item.mid) ?? []), now]);
    }
  };
  const unwatch = streams.map((s) => s.watch(onEvent));

  const signed = traffic.bodies.map((body) => ({ body, signature: signBody(INSTANCE_SECRET, body) }));
  const latencies: number[] = [];
  let non200 = 0;
  let next = 0;
  let turn = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (;;) {
        const index = next++;
        const item = signed[index];
        if (!item) return;
        // Meta re-delivers what got no 200; so does this sender, to the next instance.
        for (;;) {
          // Round robin, as a load balancer spreads them; or, for partitioned traffic, each partition's own.
          const instance =
            (partitioned
              ? instances[traffic.bodyPartition[index] ?? 0]
              : instances[turn++ % instances.length]) ?? first;
          const s = performance.now();
          const ok = await fetch(`${instance.url}/webhooks/messenger`, {
            method: "POST",
            body: item.body,
            headers: { "content-type": "application/json", "x-hub-signature-256": item.signature },
          }).then(
            async (res) => {
              await res.arrayBuffer();
              return res.status === 200;
            },
            () => false,
          );
          const done = performance.now();
          latencies.push(done - s);
          if (ok) {
            for (const mid of traffic.repliesByBody.get(index) ?? []) {
              acceptedAt.set(mid, done);
              for (const seen of seenAt.get(mid) ?? []) visible.push(Math.max(0, seen - done));
              seenAt.delete(mid);
            }
            break;
          }
          non200 += 1;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  // Every reply reaches every stream (NOTIFY on commit); wait for the last ones before closing them.
  const expectedSightings = watched.size * streams.length;
  for (let i = 0; i < 600 && visible.length < expectedSightings; i++)
    await new Promise((r) => setTimeout(r, 100));
  for (const u of unwatch) u();
  for (const s of streams) s.close();
  latencies.sort((a, b) => a - b);
  visible.sort((a, b) => a - b);
  const round = (n: number) => Number(n.toFixed(1));
  return {
    events_per_s: Math.round(traffic.events / seconds),
    webhook_p50_ms: round(percentile(latencies, 50)),
    webhook_p99_ms: round(percentile(latencies, 99)),
    reply_visible_p50_ms: round(percentile(visible, 50)),
    reply_visible_p99_ms: round(percentile(visible, 99)),
    non_200: non200,
    seconds: round(seconds),
  };
}

/**
 * `npm run bench`'s broadcast burst: on embedded PGlite with one instance, and (with BENCH_DATABASE_URL or
 * TEST_DATABASE_URL) on PostgreSQL with one and three instances, each on a fresh database. BENCH_BURST_SUBSCRIBERS
 * sizes it (100,000 by default); BENCH_CPU_PROF=<dir> writes each instance's CPU profile there.
 */
export async function benchBurst(
  options: { subscribers?: number; concurrency?: number; configurations?: string[] } = {},
): Promise<Record<string, number | string>> {
  const subscribers = options.subscribers ?? Number(process.env.BENCH_BURST_SUBSCRIBERS ?? 100_000);
  const concurrency = options.concurrency ?? Number(process.env.BENCH_BURST_CONCURRENCY ?? 32);
  const postgres = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const wanted =
    options.configurations ??
    (process.env.BENCH_BURST_CONFIGS ?? "pglite_x1,postgres_x1,postgres_x3").split(",");
  const traffic = burstTraffic(subscribers);
  const partitionedTraffic = wanted.includes("postgres_x3_partitioned")
    ? burstTraffic(subscribers, 12, Date.now(), 3)
    : traffic;
  const cpuProf = process.env.BENCH_CPU_PROF;
  const figures: Record<string, number | string> = {
    "burst.subscribers": subscribers,
    "burst.events": traffic.events,
    "burst.posts": traffic.bodies.length,
    "burst.replies": [...traffic.repliesByBody.values()].flat().length,
    "burst.concurrency": concurrency,
  };
  // Profile lookups fail fast (nothing listens there) and stay off the measured path, as in bench/ingest.ts.
  const graphUrl = "http://127.0.0.1:9";
  const configurations: {
    name: string;
    count: number;
    database: () => Promise<{ url: string; drop(): Promise<void> }>;
  }[] = [
    {
      name: "pglite_x1",
      count: 1,
      database: async () => {
        const dir = mkdtempSync(join(tmpdir(), "baton-burst-"));
        return { url: join(dir, "db"), drop: async () => rmSync(dir, { recursive: true, force: true }) };
      },
    },
    ...(postgres
      ? [1, 3].map((count) => ({
          name: `postgres_x${count}`,
          count,
          database: () => createPostgresDatabase(postgres, "baton_burst"),
        }))
      : []),
    // Not a load balancer's traffic: each instance gets the POSTs of its own third of the subscribers, which is
    // what ingest partitioned by conversation would achieve (no two instances locking the same rows). Only on
    // request (BENCH_BURST_CONFIGS=postgres_x3_partitioned), to size that proposal.
    ...(postgres
      ? [
          {
            name: "postgres_x3_partitioned",
            count: 3,
            database: () => createPostgresDatabase(postgres, "baton_burst"),
          },
        ]
      : []),
  ];
  for (const configuration of configurations.filter((c) => wanted.includes(c.name))) {
    const database = await configuration.database();
    // Accounts first: an embedded database belongs to the one process that opens it.
    await seedAccounts(database.url, [AGENT]);
    const instances: Instance[] = [];
    try {
      for (let i = 0; i < configuration.count; i++)
        instances.push(
          await startInstance({
            databaseUrl: database.url,
            graphUrl,
            env: { LOG_LEVEL: "error" },
            ...(cpuProf ? { execArgv: ["--cpu-prof", `--cpu-prof-dir=${cpuProf}`] } : {}),
          }),
        );
      const partitioned = configuration.name.endsWith("_partitioned");
      const run = await replay(
        instances,
        partitioned ? partitionedTraffic : traffic,
        concurrency,
        partitioned,
      );
      for (const [k, v] of Object.entries(run)) figures[`burst.${configuration.name}.${k}`] = v;
      await Promise.all(instances.splice(0).map((i) => i.stop()));
      const counted = await countBurst(database.url, partitioned ? partitionedTraffic : traffic);
      figures[`burst.${configuration.name}.lost`] = counted.lost;
      figures[`burst.${configuration.name}.duplicated`] = counted.duplicated;
    } finally {
      await Promise.all(instances.map((i) => i.stop()));
      await database.drop();
    }
  }
  return figures;
}
