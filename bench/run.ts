import { existsSync } from "node:fs";
import os from "node:os";
import { benchBurst } from "./burst.ts";
import { benchIngest } from "./ingest.ts";
import { benchInsights } from "./insights.ts";
import { benchLive } from "./live.ts";
import { benchSearch } from "./search.ts";

/** `npm run bench`: prints every figure; nothing here asserts a time, the machines are too noisy for that. */
const results: Record<string, number | string> = {};
const print = (figures: Record<string, number | string>) => {
  for (const [k, v] of Object.entries(figures)) {
    results[k] = v;
    console.log(`${k.padEnd(32)} ${v}`);
  }
};

console.log("Webhook ingest (embedded PGlite, HTTP on loopback, signed batches)");
print(await benchIngest());

console.log(
  `\nBroadcast burst (Baton in processes of its own; ${os.availableParallelism()} cores; PGlite x1, PostgreSQL x1 and x3 with BENCH_DATABASE_URL or TEST_DATABASE_URL)`,
);
print(await benchBurst());

console.log(
  `\nLive fan-out (embedded PGlite; 200 signed-in streams, a customer message every 100 ms; ${os.availableParallelism()} cores; aim p99 under 150 ms)`,
);
print(await benchLive());

console.log(
  `\nSearch (embedded PGlite; BENCH_SEARCH_MESSAGES messages, 1,000,000 unless set; 50 searches at once beside webhooks; ${os.availableParallelism()} cores)`,
);
print(await benchSearch({ messages: Number(process.env.BENCH_SEARCH_MESSAGES ?? 1_000_000) }));

console.log("\nInsights data (embedded PGlite, 1,000,000 conversations; aim under 300 ms)");
print(await benchInsights({ conversations: Number(process.env.BENCH_INSIGHTS_CONVERSATIONS ?? 1_000_000) }));

const browserBench = new URL("../e2e/bench/browser-bench.ts", import.meta.url);
if (existsSync(browserBench)) {
  console.log("\nBrowser (headless Chromium)");
  const mod = (await import(browserBench.href)) as {
    runBrowserBench: () => Promise<Record<string, number | string>>;
  };
  print(await mod.runBrowserBench());
}
