import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createBaton } from "../server/baton.ts";
import { loadConfig } from "../server/config.ts";
import { silentLogger } from "../server/logger.ts";
import { signBody } from "../server/messenger/signature.ts";
import { runLoadClient } from "./ingest.ts";
import { BENCH_BATON, BENCH_BOT, webhookMix } from "./webhook-mix.ts";

const SECRET = "bench-secret";
const PAGE = "SEARCHPAGE";
const MESSAGES_PER_CONVERSATION = 20;

/** What the bench searches for, as agents type it: each figure is printed under its key. */
const QUERIES: [key: string, q: string][] = [
  ["rare_word", "zanzibar"], // in about one message in 10,000
  ["common_word", "order"], // in most conversations
  ["customer_name", "kowalczyk"], // one customer in 24
  ["two_letters", "jo"], // the start of a name's word
  ["no_match", "xylophone"],
];

const FIRST = [
  "John",
  "Maria",
  "Amara",
  "Jonas",
  "Léa",
  "Sofia",
  "Ahmed",
  "Chen",
  "Joanna",
  "Pedro",
  "Ines",
  "Tom",
];
const LAST = [
  "Smith",
  "Kowalczyk",
  "García",
  "Nguyen",
  "Müller",
  "Rossi",
  "Dubois",
  "Okafor",
  "Tanaka",
  "Silva",
  "Novak",
  "Jensen",
  "Haddad",
  "Brown",
  "Ivanova",
  "Costa",
  "Yilmaz",
  "Lee",
  "Martin",
  "Öberg",
  "Fischer",
  "Kim",
  "Moreau",
  "Popescu",
];
const PHRASES = [
  "Hi, where is my order?",
  "The parcel was supposed to arrive yesterday.",
  "Can I change the delivery address?",
  "I would like a refund for the blue jacket.",
  "Thanks, that helped a lot!",
  "Do you ship to Canada?",
  "The size is too small, can I swap it?",
  "My discount code does not work at checkout.",
  "Your order has shipped and is on its way.",
  "Track my order",
  "Talk to a human",
  "When will the sneakers be back in stock?",
  "I was charged twice for the same order.",
  "Great, see you soon.",
  "Is the café crème mug dishwasher safe?",
  "Could you send me the invoice as a PDF?",
];

const sqlArray = (xs: readonly string[]) =>
  `array[${xs.map((x) => `'${x.replace(/'/g, "''")}'`).join(", ")}]`;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
const ms = (n: number) => Number(n.toFixed(1));
const summary = (latencies: number[]) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: ms(percentile(sorted, 50)), p99: ms(percentile(sorted, 99)) };
};

/** Posts pre-signed webhooks from a second process (bench/load-client.ts), as Meta's servers would. */
function postWebhooks(
  bodies: string[],
  url: string,
  dir: string,
  concurrency: number,
): Promise<{ latencies: number[]; failures: number }> {
  const file = join(dir, `webhooks-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(bodies.map((body) => ({ body, signature: signBody(SECRET, body) }))));
  return runLoadClient(file, url, concurrency);
}

/**
 * Search over `messages` messages (issue 12) on the embedded database (PGlite in a folder, as `npm start` runs it):
 * the messages and their conversations are written by SQL (generate_series, a seeded random()), the trigram indexes
 * built after them as a restore would, and then every search goes through the HTTP API with a signed-in session.
 * Prints each query's p50/p99 alone, then the webhook p50/p99 from a second process with and without 50 searches
 * in flight at once (the searches' own p50/p99 meanwhile beside them).
 */
export async function benchSearch(
  options: { messages?: number; runs?: number; concurrentSearches?: number } = {},
): Promise<Record<string, number | string>> {
  const messages = options.messages ?? 1_000_000;
  const runs = options.runs ?? 20;
  const concurrentSearches = options.concurrentSearches ?? 50;
  const conversations = Math.max(1, Math.round(messages / MESSAGES_PER_CONVERSATION));
  const dir = mkdtempSync(join(tmpdir(), "baton-search-bench-"));
  const baton = await createBaton({
    config: loadConfig({
      DATABASE_URL: process.env.BENCH_SEARCH_DB ?? join(dir, "db"),
      META_APP_SECRET: SECRET,
      BOT_APP_ID: BENCH_BOT,
      BATON_APP_ID: BENCH_BATON,
      GRAPH_API_URL: "http://127.0.0.1:9", // profile lookups fail fast and stay off the measured path
      LOG_LEVEL: "silent",
      STATIC_DIR: "none",
    }),
    logger: silentLogger,
    sweepIntervalMs: 0,
  });
  try {
    const figures: Record<string, number | string> = {
      "search.messages": messages,
      "search.conversations": conversations,
    };
    /** Records a figure; BENCH_SEARCH_VERBOSE=1 prints each as it comes (a run over a million messages is long). */
    const note = (key: string, value: number | string) => {
      figures[key] = value;
      if (process.env.BENCH_SEARCH_VERBOSE) console.error(`${key} ${value}`);
    };
    const db = baton.db;
    const f0 = performance.now();
    // The indexes are built once after the rows, as a restore does: kept up row by row, a million inserts take far longer.
    const indexes = await db.query<{ name: string; def: string }>(
      "select indexname as name, indexdef as def from pg_indexes where indexname in ('timeline_search', 'conversations_search')",
    );
    for (const i of indexes) await db.exec(`drop index ${i.name}`);
    const now = Date.now();
    await db.exec(`
      select setseed(0.12);
      insert into conversations (id, page_id, psid, customer_name, status, owner, last_activity_at, state, created_at)
        select '${PAGE}-S' || i, '${PAGE}', 'S' || i,
          (${sqlArray(FIRST)})[1 + i % ${FIRST.length}] || ' ' || (${sqlArray(LAST)})[1 + (i / ${FIRST.length}) % ${LAST.length}],
          (array['open', 'pending', 'bot_resolved', 'resolved'])[1 + i % 4], 'bot',
          ${now} - (i::bigint * 60000), '{}', ${now} - (i::bigint * 60000) - 3600000
        from generate_series(1, ${conversations}) i;
      insert into timeline_items (id, conversation_id, at, kind, author, text, item)
        select 'sm' || n, '${PAGE}-S' || (1 + n / ${MESSAGES_PER_CONVERSATION}),
          ${now} - ((1 + n / ${MESSAGES_PER_CONVERSATION})::bigint * 60000) - 3600000 + (n % ${MESSAGES_PER_CONVERSATION}) * 1000,
          'message', case when n % 2 = 0 then 'customer' else 'bot' end,
          (${sqlArray(PHRASES)})[1 + floor(random() * ${PHRASES.length})::int] || ' '
            || (${sqlArray(PHRASES)})[1 + floor(random() * ${PHRASES.length})::int]
            || case when random() < 0.0001 then ' Shipping to Zanzibar?' else '' end
            || ' #' || (100000 + floor(random() * 900000))::int,
          '{}'
        from generate_series(0, ${messages - 1}) n;
    `);
    note("search.fill_s", ms((performance.now() - f0) / 1000));
    const i0 = performance.now();
    await db.exec("set maintenance_work_mem = '256MB'");
    for (const i of indexes) await db.exec(i.def);
    await db.exec("analyze conversations; analyze timeline_items");
    note("search.index_build_s", ms((performance.now() - i0) / 1000));

    const { url } = await baton.listen(0);
    await baton.upsertAccounts([
      { id: "sam", name: "Sam Lee", email: "sam@example.com", role: "agent", password: "bench-password-1" },
    ]);
    const { token } = await baton.auth.sessions.create({
      agentId: "sam",
      via: "cookie",
      now: Date.now(),
      ip: null,
      userAgent: "bench",
    });
    const cookie = `${baton.auth.cookie.name}=${token}`;
    let failedSearches = 0;
    let lastSearchError = "";
    const search = async (q: string): Promise<number> => {
      const s = performance.now();
      try {
        const res = await fetch(`${url}/api/conversations?view=all&limit=100&q=${encodeURIComponent(q)}`, {
          headers: { cookie },
        });
        await res.arrayBuffer();
        if (res.status !== 200) failedSearches++;
      } catch (error) {
        failedSearches++;
        lastSearchError = String(error instanceof Error && error.cause ? error.cause : error);
      }
      return performance.now() - s;
    };

    for (const [, q] of QUERIES) await search(q); // warm up
    for (const [key, q] of QUERIES) {
      const latencies: number[] = [];
      for (let r = 0; r < runs; r++) latencies.push(await search(q));
      const { p50, p99 } = summary(latencies);
      note(`search.${key}.p50_ms`, p50);
      note(`search.${key}.p99_ms`, p99);
    }

    // Webhooks alone, then the same amount of webhooks while 50 agents search at once, back to back.
    const mix = (seed: number) =>
      webhookMix(20, seed).bodies.map((b) => b.replaceAll("BENCHPAGE", `WEBHOOKPAGE${seed}`));
    const alone = await postWebhooks(mix(1), `${url}/webhooks/messenger`, dir, 4);
    const quiet = summary(alone.latencies);
    note("search.webhook_alone.p50_ms", quiet.p50);
    note("search.webhook_alone.p99_ms", quiet.p99);

    let webhooksDone = false;
    const during: number[] = [];
    const searchers = Array.from({ length: concurrentSearches }, async (_, a) => {
      for (let k = a; !webhooksDone; k++) {
        const query = QUERIES[k % QUERIES.length];
        if (query) during.push(await search(query[1]));
      }
    });
    const loaded = await postWebhooks(mix(2), `${url}/webhooks/messenger`, dir, 4);
    webhooksDone = true;
    await Promise.all(searchers);
    const busy = summary(loaded.latencies);
    const searching = summary(during);
    note("search.concurrent_searches", concurrentSearches);
    note("search.webhook_during.p50_ms", busy.p50);
    note("search.webhook_during.p99_ms", busy.p99);
    note("search.webhook_during.posts", loaded.latencies.length);
    note("search.webhook_failures", alone.failures + loaded.failures);
    note("search.during.searches", during.length);
    note("search.during.p50_ms", searching.p50);
    note("search.during.p99_ms", searching.p99);
    note("search.failed_searches", failedSearches);
    if (lastSearchError) note("search.last_error", lastSearchError);
    return figures;
  } finally {
    await baton.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures = await benchSearch({ messages: Number(process.env.BENCH_SEARCH_MESSAGES ?? 1_000_000) });
  for (const [k, v] of Object.entries(figures)) console.log(`${k.padEnd(36)} ${v}`);
}
