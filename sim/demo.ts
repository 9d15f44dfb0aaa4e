/**
 * `npm start`: Baton with a living local Messenger. Baton's server, the Graph API emulator, the shop bot,
 * scripted customers and the SPA on one port, on an embedded database in ./.baton, seeded on first run.
 * With real Meta credentials in the environment it runs Baton alone against the real Graph API.
 *
 * Flags: --reset  --port <n>  --database <url>  --no-live  --seed <n>  --dev  --fast-forward
 */
import { serve, type ServerType } from "@hono/node-server";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { Hono } from "hono";
import { createBaton, type Baton } from "../server/baton.ts";
import { deploymentProblems, loadConfig } from "../server/config.ts";
import { redactText } from "../server/logger.ts";
import { controlApi } from "./control/control-api.ts";
import { DEMO_HOST, demoEmbedHosts, hostApp } from "./host/host-app.ts";
import { DEMO_AGENTS, DAY } from "./customers/journeys.ts";
import { LiveTraffic } from "./customers/live-traffic.ts";
import type { EmulatorSnapshot } from "./graph/emulator.ts";
import { inProcessDeliver } from "./graph/webhook-delivery.ts";
import { simulatorPage } from "./page/simulator-page.ts";
import { batonDesk, deskSessions } from "./seed/baton-desk.ts";
import { seedHistory } from "./seed/seed-history.ts";
import { seedReviews } from "./seed/seed-reviews.ts";
import { DemoClock } from "./sim-clock.ts";
import { SimWorld } from "./world.ts";

const DEMO_PAGE_ID = "104857600123456";
const DEMO_PAGE_NAME = "Lumen & Loom";
const DEFAULT_SEED = 500;
const HISTORY_DAYS = 28;

const startedAt = performance.now();
const { values: flags } = parseArgs({
  options: {
    reset: { type: "boolean", default: false },
    port: { type: "string" },
    database: { type: "string" },
    "no-live": { type: "boolean", default: false },
    seed: { type: "string" },
    dev: { type: "boolean", default: false },
    "fast-forward": { type: "boolean", default: false },
  },
  strict: true,
});
const seconds = () => ((performance.now() - startedAt) / 1000).toFixed(1);

// Any real Meta credential means a real Page: never the simulator, never demo data.
if (process.env.META_APP_SECRET || process.env.META_PAGE_TOKEN) await runAgainstMeta();
else await runDemo();

/** Real credentials: Baton alone, no simulator, no demo data. */
async function runAgainstMeta(): Promise<void> {
  const config = loadConfig({
    ...process.env,
    ...(flags.port ? { PORT: flags.port } : {}),
    ...(flags.database ? { DATABASE_URL: flags.database } : {}),
  });
  const problems = [
    ...(process.env.META_APP_SECRET && process.env.META_PAGE_TOKEN
      ? []
      : ["set both META_APP_SECRET and META_PAGE_TOKEN (only one is set)"]),
    ...deploymentProblems(config),
  ];
  if (problems.length > 0) {
    console.error(
      `Baton will not start against the real Graph API:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
    process.exit(1);
  }
  if (!process.env.BOT_APP_ID || !process.env.BATON_APP_ID) {
    console.warn(
      "⚠ BOT_APP_ID or BATON_APP_ID is not set: echoes and thread control will be attributed with the defaults (1001 / 2002).",
    );
  }
  const baton = await createBaton({ config });
  const { url } = await baton.listen();
  console.log(
    `\nBaton is running against the real Graph API (${config.GRAPH_API_URL}/${config.GRAPH_API_VERSION}).`,
  );
  console.log("META_APP_SECRET and META_PAGE_TOKEN are set, so the simulator and the demo data are off.");
  console.log(
    `\n  ${url}\n  Webhook: ${url}/webhooks/messenger  (verify token: META_VERIFY_TOKEN)\n  Started in ${seconds()} s\n`,
  );
  const setupLink = await baton.auth.setupLink();
  if (setupLink)
    console.log(
      `No admin account exists yet. Create the first one with this one-time link:\n\n  ${setupLink}\n`,
    );
  onShutdown(() => baton.close());
}

async function runDemo(): Promise<void> {
  const port = Number(flags.port ?? process.env.PORT ?? 3000);
  const databaseUrl = flags.database ?? process.env.DATABASE_URL ?? "./.baton/data";
  const onDisk = !databaseUrl.startsWith("memory:") && !/^postgres(ql)?:\/\//.test(databaseUrl);
  const stateFile = onDisk ? join(dirname(resolve(databaseUrl)), "simulator.json") : null;
  if (flags.reset) resetDemo(databaseUrl, onDisk, stateFile);
  if (onDisk) mkdirSync(dirname(resolve(databaseUrl)), { recursive: true });

  const host = process.env.HOST ?? "127.0.0.1";
  const publicHost = host === "0.0.0.0" ? "127.0.0.1" : host;
  const graphUrl = `http://${publicHost}:${port}/graph`;
  // Embedded mode: a local shop admin on another origin (the next port, as localhost: another site) frames Baton.
  const hostPort = port + 1;
  const hostOrigin = `http://localhost:${hostPort}`;
  const hostSecret = randomBytes(24).toString("hex");
  const config = loadConfig({
    LOG_LEVEL: "warn",
    ...process.env,
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    GRAPH_API_URL: graphUrl,
    PAGE_ID: DEMO_PAGE_ID,
    PAGE_NAME: DEMO_PAGE_NAME,
    EMBED_HOSTS: process.env.EMBED_HOSTS ?? demoEmbedHosts(hostOrigin, hostSecret),
    ...(flags.dev ? { STATIC_DIR: "./.baton/no-static-in-dev" } : {}),
  });

  const endOfHistory = Date.now();
  const clock = new DemoClock(endOfHistory - HISTORY_DAYS * DAY - 60_000);
  const top = new Hono();
  console.log(`Starting Baton with the local Messenger simulator (database: ${redactText(databaseUrl)})…`);
  let baton: Baton;
  try {
    baton = await createBaton({
      config,
      clock,
      simulator: true,
      demo: { agents: DEMO_AGENTS.map((a) => ({ ...a })) },
      // Baton calls the emulator's Graph routes without a socket; the same routes serve HTTP on /graph.
      fetch: async (input, init) => top.request(input instanceof Request ? input : String(input), init),
    });
  } catch (error) {
    console.error(
      `\nBaton could not start: ${redactText(error instanceof Error ? error.message : String(error))}`,
    );
    console.error("If the demo database is damaged, start afresh with: npm start -- --reset");
    process.exit(1);
  }
  // A database that holds conversations but was never the demo's is a real one: the simulator stays away from it.
  const [existing] = await baton.db.query<{ n: number }>("select count(*)::int as n from conversations");
  const [demoMark] = await baton.db.query<{ value: string }>("select value from app_meta where key = 'demo'");
  if ((existing?.n ?? 0) > 0 && !demoMark) {
    console.error(
      `\n${redactText(databaseUrl)} holds conversations that the demo did not create. npm start runs the simulator and demo data, so it will not touch them.`,
    );
    console.error("Use npm run serve for a real Page, or another --database for the demo.");
    await baton.close();
    process.exit(1);
  }
  await baton.db.query(
    "insert into app_meta (key, value) values ('demo', 'true') on conflict (key) do nothing",
  );
  await baton.upsertAccounts(DEMO_AGENTS.map((a) => ({ ...a })));

  const world = new SimWorld({
    clock,
    pageId: DEMO_PAGE_ID,
    pageName: DEMO_PAGE_NAME,
    appSecret: config.META_APP_SECRET,
    botAppId: config.BOT_APP_ID,
    batonAppId: config.BATON_APP_ID,
    batonToken: config.META_PAGE_TOKEN,
    deliver: inProcessDeliver(baton.app),
    publicUrl: graphUrl,
    batchLagMs: 600_000,
  });
  if (stateFile && existsSync(stateFile)) {
    try {
      world.emulator.restore(JSON.parse(readFileSync(stateFile, "utf8")) as EmulatorSnapshot);
    } catch {
      console.warn(
        "The simulator's saved customers could not be read; old conversations stay in Baton but their customers are gone.",
      );
    }
  }

  top.route("/graph", world.graph);
  top.get("/simulator", (c) => c.html(simulatorPage()));
  // --fast-forward (end-to-end tests): the control API's settling jumps the clock over the bot's typing delay,
  // delivery receipts and reads instead of waiting for them in real time.
  const settle = flags["fast-forward"]
    ? () => world.settleSoon(3_000, 10_000, { fastForward: true })
    : undefined;
  top.route(
    "/simulator/api",
    controlApi({
      world,
      botAppId: config.BOT_APP_ID,
      batonAppId: config.BATON_APP_ID,
      pageId: DEMO_PAGE_ID,
      ...(settle ? { settle } : {}),
    }),
  );
  top.all("*", (c) => baton.app.fetch(c.req.raw, c.env));

  const seedCount =
    flags.seed !== undefined ? Number(flags.seed) : (existing?.n ?? 0) === 0 ? DEFAULT_SEED : 0;
  if (seedCount > 0) {
    process.stdout.write(
      `Replaying ${HISTORY_DAYS} days of Messenger history (${seedCount} conversations) through Baton's webhook… `,
    );
    const report = await seedHistory({
      world,
      desk: batonDesk(baton.app, DEMO_PAGE_ID, () => baton.sweepTimers(), deskSessions(baton.auth)),
      count: seedCount,
      agents: DEMO_AGENTS.map((a) => a.id),
      endAt: endOfHistory,
      spanDays: HISTORY_DAYS,
      onProgress: (p) =>
        process.stdout.write(
          `\rReplaying ${HISTORY_DAYS} days of Messenger history (${seedCount} conversations) through Baton's webhook… ${Math.round(p * 100)}%`,
        ),
    });
    process.stdout.write(
      `\n  ${report.conversations} conversations, ${report.stepsDone} customer and agent actions in ${(report.ms / 1000).toFixed(1)} s\n`,
    );
    const reviews = await seedReviews({
      db: baton.db,
      secret: config.SESSION_SECRET,
      policy: { humanAgentTagEnabled: config.HUMAN_AGENT_TAG },
      endAt: endOfHistory,
    });
    process.stdout.write(
      `  Maya reviewed ${reviews.reviewed} bot resolutions (${reviews.falseResolutions} false); ${reviews.leftInQueue} wait in the review queue\n`,
    );
  }
  clock.goLive();
  world.startLive();
  saveState(world, stateFile);
  const saver = setInterval(() => saveState(world, stateFile), 30_000);
  saver.unref();

  const traffic = new LiveTraffic(world, { batonAppId: config.BATON_APP_ID });
  if (!flags["no-live"]) traffic.start();

  const server = await listen(top, port, host);
  let vite: ChildProcess | null = null;
  const url = `http://${publicHost}:${port}`;
  if (flags.dev) vite = startVite(url);
  const shopAdmin = await listen(
    hostApp({
      batonUrl: url,
      hostId: DEMO_HOST.id,
      shop: DEMO_HOST.shop,
      apiKey: DEMO_HOST.apiKey,
      apiSecret: hostSecret,
      shopName: DEMO_HOST.shopName,
      conversations: () =>
        baton.db.query(
          "select id, customer_name as name, status from conversations order by last_activity_at desc, id desc limit 60",
        ),
    }),
    hostPort,
    host,
  );

  console.log(
    `\n  Baton is running: ${flags.dev ? "http://localhost:5173 (vite dev; API on " + url + ")" : url}`,
  );
  console.log(`  Messenger simulator: ${url}/simulator`);
  console.log(`  Shop admin framing Baton (embedded mode, another origin): ${hostOrigin}`);
  console.log(`  Demo team (one click on the sign-in page, or these logins):`);
  for (const a of DEMO_AGENTS)
    console.log(`    ${a.name.padEnd(12)} ${a.role.padEnd(8)} ${a.email.padEnd(26)} ${a.password}`);
  console.log(
    `  ${flags["no-live"] ? "No live customers (--no-live)." : "New customers arrive every few seconds."} Started in ${seconds()} s. Ctrl-C stops everything.\n`,
  );

  onShutdown(async () => {
    traffic.stop();
    vite?.kill("SIGTERM");
    clearInterval(saver);
    await world.stopLive();
    saveState(world, stateFile);
    for (const s of [server, shopAdmin]) {
      await new Promise<void>((r) => {
        s.close(() => r());
        if ("closeAllConnections" in s) s.closeAllConnections();
      });
    }
    await baton.close();
  });
}

function resetDemo(databaseUrl: string, onDisk: boolean, stateFile: string | null): void {
  if (!onDisk) {
    console.warn("--reset only clears an embedded database folder; this one is not.");
    return;
  }
  const folder = resolve(databaseUrl);
  if (existsSync(folder)) {
    if (!existsSync(join(folder, "PG_VERSION"))) {
      console.error(`Refusing to delete ${folder}: it does not look like Baton's embedded database.`);
      process.exit(1);
    }
    rmSync(folder, { recursive: true, force: true });
  }
  if (stateFile) rmSync(stateFile, { force: true });
  console.log("Starting afresh (--reset).");
}

function saveState(world: SimWorld, stateFile: string | null): void {
  if (!stateFile) return;
  try {
    writeFileSync(stateFile, JSON.stringify(world.emulator.snapshot()));
  } catch (error) {
    console.warn(`Could not save the simulator's customers: ${String(error)}`);
  }
}

function listen(app: Hono, port: number, host: string): Promise<ServerType> {
  return new Promise((resolveListen) => {
    const server = serve({ fetch: app.fetch, port, hostname: host }, () => resolveListen(server));
    server.once("error", (error: NodeJS.ErrnoException) => {
      console.error(
        error.code === "EADDRINUSE"
          ? `\nPort ${port} is in use. Try: npm start -- --port ${port + 1}`
          : `\nCould not listen: ${error.message}`,
      );
      process.exit(1);
    });
  });
}

function startVite(backend: string): ChildProcess {
  const child = spawn(process.execPath, ["node_modules/vite/bin/vite.js", "--logLevel", "warn"], {
    stdio: "inherit",
    env: { ...process.env, BATON_DEV_BACKEND: backend },
  });
  child.on("exit", (code) => {
    if (code) console.error(`vite dev exited with ${code}`);
  });
  return child;
}

function onShutdown(close: () => Promise<void>): void {
  let closing = false;
  const stop = (signal: string) => {
    if (closing) {
      process.exit(1);
    }
    closing = true;
    console.log(`\n${signal}: stopping…`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}
