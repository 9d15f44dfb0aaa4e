import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { upsertAccounts } from "../server/auth/accounts.ts";
import { hashPassword } from "../server/auth/passwords.ts";
import { createBaton } from "../server/baton.ts";
import { loadConfig } from "../server/config.ts";
import { silentLogger } from "../server/logger.ts";
import { signBody } from "../server/messenger/signature.ts";
import { BENCH_BATON, BENCH_BOT } from "./webhook-mix.ts";

const SECRET = "bench-secret";
const PAGE = "LIVEPAGE";

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** A customer's text message, marked so the client finds it in every stream without parsing JSON. */
function customerMessage(i: number, conversations: number): string {
  const psid = `L${i % conversations}`;
  const at = Date.now() - 60_000 + i;
  const event = {
    sender: { id: psid },
    recipient: { id: PAGE },
    timestamp: at,
    message: { mid: `live-${i}`, text: `benchmsg-${i}- where is my order?` },
  };
  return JSON.stringify({ object: "page", entry: [{ id: PAGE, time: at, messaging: [event] }] });
}

/**
 * Live fan-out on the embedded database: `streams` signed-in browsers hold GET /api/live open while a customer
 * writes `messages` times at `ratePerSecond`; prints the time from each webhook's 200 to its event in every stream.
 * Browsers and Meta run in a second process (bench/live-client.ts), so they do not share Baton's event loop.
 */
export async function benchLive(
  options: { streams?: number; messages?: number; ratePerSecond?: number; conversations?: number } = {},
): Promise<Record<string, number | string>> {
  const streams = options.streams ?? 200;
  const messages = options.messages ?? 100;
  const ratePerSecond = options.ratePerSecond ?? 10;
  const conversations = options.conversations ?? 20;
  const dir = mkdtempSync(join(tmpdir(), "baton-live-bench-"));
  const baton = await createBaton({
    config: loadConfig({
      DATABASE_URL: process.env.BENCH_DB ?? join(dir, "db"),
      META_APP_SECRET: SECRET,
      BOT_APP_ID: BENCH_BOT,
      BATON_APP_ID: BENCH_BATON,
      GRAPH_API_URL: "http://127.0.0.1:9", // profile lookups fail fast
      LOG_LEVEL: "silent",
      STATIC_DIR: "none",
    }),
    logger: silentLogger,
    sweepIntervalMs: 0,
  });
  try {
    const { url } = await baton.listen(0);
    const now = Date.now();
    // One agent per browser, one session each, as 200 agents at their desks.
    const passwordHash = await hashPassword("bench-password-1");
    const agents = Array.from({ length: streams }, (_, i) => ({
      id: `bench-agent-${i}`,
      name: `Agent ${i}`,
      email: `agent${i}@bench.example`,
      role: "agent" as const,
      passwordHash,
    }));
    await upsertAccounts(baton.db, agents, now);
    const cookies: string[] = [];
    for (const a of agents) {
      const { token } = await baton.auth.sessions.create({
        agentId: a.id,
        via: "cookie",
        now,
        ip: null,
        userAgent: "bench",
      });
      cookies.push(`${baton.auth.cookie.name}=${token}`);
    }
    // Warm up: each conversation exists before the measured messages (its first message creates it).
    const warm = Array.from({ length: conversations }, (_, i) =>
      customerMessage(messages + i, conversations),
    );
    for (const body of warm)
      await fetch(`${url}/webhooks/messenger`, {
        method: "POST",
        body,
        headers: { "x-hub-signature-256": signBody(SECRET, body) },
      });
    const posts = Array.from({ length: messages }, (_, i) => {
      const body = customerMessage(i, conversations);
      return { body, signature: signBody(SECRET, body) };
    });
    const file = join(dir, "input.json");
    writeFileSync(
      file,
      JSON.stringify({
        liveUrl: `${url}/api/live`,
        webhookUrl: `${url}/webhooks/messenger`,
        cookies,
        posts,
        ratePerSecond,
      }),
    );
    const output = join(dir, "output.json");
    const client = fileURLToPath(new URL("./live-client.ts", import.meta.url));
    // Baton's CPU time while the customer writes, from the moment every stream is open (the client says "open" and
    // "posted" on stdout) to the last answer: this process holds only Baton, so it is what ingest and fan-out cost
    // per message, a figure less noisy than the latencies on a shared machine.
    let cpuAtOpen: NodeJS.CpuUsage | null = null;
    let cpuWhilePosting: NodeJS.CpuUsage | null = null;
    const run = await new Promise<{ latencies: number[]; missing: number }>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", client, file, output], {
        stdio: ["ignore", "pipe", "inherit"],
      });
      child.stdout.setEncoding("utf8");
      child.stdout.on("data", (text: string) => {
        if (text.includes("open")) cpuAtOpen = process.cpuUsage();
        if (text.includes("posted") && cpuAtOpen) cpuWhilePosting = process.cpuUsage(cpuAtOpen);
      });
      child.on("error", reject);
      child.on("exit", (code) => {
        if (code !== 0) reject(new Error(`the live bench client exited with ${code}`));
        else resolve(JSON.parse(readFileSync(output, "utf8")) as { latencies: number[]; missing: number });
      });
    });
    const used: NodeJS.CpuUsage = cpuWhilePosting ?? { user: 0, system: 0 };
    const sorted = run.latencies.sort((a, b) => a - b);
    return {
      "live.streams": streams,
      "live.messages": messages,
      "live.rate_per_s": ratePerSecond,
      "live.deliveries": sorted.length,
      "live.missing": run.missing,
      "live.p50_ms": Number(percentile(sorted, 50).toFixed(1)),
      "live.p99_ms": Number(percentile(sorted, 99).toFixed(1)),
      "live.max_ms": Number((sorted.at(-1) ?? 0).toFixed(1)),
      "live.baton_cpu_ms_per_message": Number(((used.user + used.system) / 1000 / messages).toFixed(2)),
    };
  } finally {
    await baton.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
