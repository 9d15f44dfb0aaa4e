import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createBaton } from "../server/baton.ts";
import { loadConfig } from "../server/config.ts";
import { silentLogger } from "../server/logger.ts";
import { signBody } from "../server/messenger/signature.ts";
import { BENCH_BATON, BENCH_BOT, webhookMix } from "./webhook-mix.ts";

const SECRET = "bench-secret";

/** Runs the load generator in a second process, so client and server do not share one event loop. */
export function runLoadClient(
  file: string,
  url: string,
  concurrency: number,
): Promise<{ seconds: number; latencies: number[]; failures: number }> {
  const client = fileURLToPath(new URL("./load-client.ts", import.meta.url));
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--import", "tsx", client, file, url, String(concurrency)],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout) => {
        if (error) reject(error);
        else resolve(JSON.parse(stdout) as { seconds: number; latencies: number[]; failures: number });
      },
    );
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/**
 * Webhook ingest on the embedded database (PGlite in a folder, as `npm start` runs it), over real HTTP on
 * loopback with signature checks, against the same database's raw insert rate for the same batches.
 */
export async function benchIngest(
  options: { conversations?: number; concurrency?: number } = {},
): Promise<Record<string, number | string>> {
  const conversations = options.conversations ?? 1500;
  const concurrency = options.concurrency ?? 16;
  const { bodies, events } = webhookMix(conversations);
  const dir = mkdtempSync(join(tmpdir(), "baton-bench-"));
  const graphUrl = "http://127.0.0.1:9"; // profile lookups fail fast and stay off the measured path
  const baton = await createBaton({
    config: loadConfig({
      DATABASE_URL: process.env.BENCH_DB ?? join(dir, "db"),
      META_APP_SECRET: SECRET,
      BOT_APP_ID: BENCH_BOT,
      BATON_APP_ID: BENCH_BATON,
      GRAPH_API_URL: graphUrl,
      LOG_LEVEL: "silent",
      STATIC_DIR: "none",
    }),
    logger: silentLogger,
    sweepIntervalMs: 0,
  });
  try {
    const { url } = await baton.listen(0);
    const signed = bodies.map((b) => ({ body: b, signature: signBody(SECRET, b) }));

    // Warm up: JIT and the database's caches, on a separate page of traffic.
    const warm = webhookMix(60, 99).bodies.map((b) => b.replaceAll("BENCHPAGE", "WARMPAGE"));
    for (const b of warm)
      await fetch(`${url}/webhooks/messenger`, {
        method: "POST",
        body: b,
        headers: { "x-hub-signature-256": signBody(SECRET, b) },
      });

    const file = join(dir, "bodies.json");
    writeFileSync(file, JSON.stringify(signed));
    const run = await runLoadClient(file, `${url}/webhooks/messenger`, concurrency);
    const ingestSeconds = run.seconds;
    const failures = run.failures;
    const latencies = run.latencies.sort((a, b) => a - b);

    // The same events, the same batches, one transaction each: just the raw rows, no parsing or state.
    await baton.db.exec("create table bench_raw (id bigserial primary key, data jsonb not null)");
    const parsed = bodies.map(
      (b) => (JSON.parse(b) as { entry: { standby: unknown[] }[] }).entry[0]?.standby ?? [],
    );
    const r0 = performance.now();
    for (const batch of parsed) {
      await baton.db.transaction(async (tx) => {
        await tx.query("insert into bench_raw (data) select * from unnest($1::jsonb[])", [
          batch.map((e) => JSON.stringify(e)),
        ]);
      });
    }
    const rawSeconds = (performance.now() - r0) / 1000;

    const [stored] = await baton.db.query<{ n: number }>(
      "select count(*)::int as n from events where page_id = 'BENCHPAGE'",
    );
    const ingestRate = events / ingestSeconds;
    const rawRate = events / rawSeconds;
    return {
      "ingest.events": events,
      "ingest.posts": bodies.length,
      "ingest.conversations": conversations,
      "ingest.concurrency": concurrency,
      "ingest.failures": failures,
      "ingest.events_stored": stored?.n ?? 0,
      "ingest.events_per_s": Math.round(ingestRate),
      "ingest.p50_ms": Number(percentile(latencies, 50).toFixed(2)),
      "ingest.p99_ms": Number(percentile(latencies, 99).toFixed(2)),
      "raw_insert.events_per_s": Math.round(rawRate),
      "ingest.ratio_of_raw": Number((ingestRate / rawRate).toFixed(3)),
    };
  } finally {
    await baton.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
