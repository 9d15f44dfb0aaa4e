import { serve, type ServerType } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Agent } from "../contract/conversation.ts";
import { systemClock, type Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import { ConversationService } from "./conversations/service.ts";
import { DatabaseUnavailableError, openDatabase, type Database } from "./db/database.ts";
import { migrate } from "./db/migrations.ts";
import { AppError } from "./errors.ts";
import { listAgents, upsertAgents } from "./http/agents.ts";
import { apiRoutes } from "./http/api-routes.ts";
import { webhookRoutes } from "./http/webhook-routes.ts";
import { LiveHub } from "./live/hub.ts";
import { createLogger, type Logger } from "./logger.ts";
import { GraphClient } from "./messenger/graph-client.ts";

export interface BatonOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** How Baton reaches the Graph API; the global fetch by default. */
  fetch?: typeof fetch;
  /** Tells the SPA that the local simulator is running (shows its link). */
  simulator?: boolean;
  /** How often due timers are swept; 0 turns the sweeper off (tests sweep by hand). */
  sweepIntervalMs?: number;
}

export interface Baton {
  app: Hono;
  config: Config;
  db: Database;
  service: ConversationService;
  live: LiveHub;
  listen(port?: number): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
  sweepTimers(): Promise<number>;
  upsertAgents(agents: readonly Agent[]): Promise<void>;
}

function errorBody(code: string, message: string, extra: Record<string, unknown> = {}) {
  return { error: { code, message, ...("issues" in extra ? { issues: extra.issues } : {}) }, ...("message" in extra ? { message: extra.message } : {}) };
}

export async function createBaton(options: BatonOptions): Promise<Baton> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const log = options.logger ?? createLogger(config.LOG_LEVEL);
  const db = await openDatabase(config.DATABASE_URL);
  await migrate(db);
  if ((await listAgents(db)).length === 0) await upsertAgents(db, config.AGENTS, clock.now().getTime());

  const graph = new GraphClient({
    baseUrl: config.GRAPH_API_URL,
    version: config.GRAPH_API_VERSION,
    pageToken: config.META_PAGE_TOKEN,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const live = new LiveHub(db, clock, { humanAgentTagEnabled: config.HUMAN_AGENT_TAG }, log);
  await live.start();
  const service = new ConversationService({ db, graph, live, clock, log, config });

  const app = new Hono();
  app.onError((error, c) => {
    if (error instanceof AppError) return c.json(errorBody(error.code, error.message, error.extra), error.status);
    if (error instanceof DatabaseUnavailableError) {
      log.error("database unavailable", { error: error.message });
      return c.json(errorBody("database_unavailable", "The database is unavailable. Nothing was stored; try again shortly."), 503);
    }
    log.error("unhandled error", { error: error instanceof Error ? (error.stack ?? error.message) : String(error), path: c.req.path });
    return c.json(errorBody("internal", "Something went wrong on Baton's side. Nothing was lost; try again."), 500);
  });
  app.get("/healthz", async (c) => {
    try {
      await db.query("select 1");
      return c.json({ ok: true });
    } catch {
      return c.json({ ok: false }, 503);
    }
  });
  app.route("/webhooks", webhookRoutes({ config, service, log }));
  app.route("/api", apiRoutes({ db, service, live, clock, config, simulator: options.simulator ?? false }));

  const staticDir = resolve(config.STATIC_DIR);
  const indexFile = join(staticDir, "index.html");
  if (existsSync(indexFile)) {
    const root = relative(process.cwd(), staticDir) || ".";
    app.use("/assets/*", serveStatic({ root }));
    app.use("/*", serveStatic({ root }));
    // Every other GET is a route of the single-page app.
    app.get("*", (c) => c.html(readFileSync(indexFile, "utf8")));
  } else {
    app.get("/", (c) => c.text("Baton's API is running. Build the SPA with `npm run build` to serve it here."));
  }

  let server: ServerType | null = null;
  const sweepEvery = options.sweepIntervalMs ?? 1000;
  let sweeping = false;
  const sweeper =
    sweepEvery > 0
      ? setInterval(() => {
          if (sweeping) return;
          sweeping = true;
          service
            .sweepTimers()
            .catch((error: unknown) => log.warn("timer sweep failed", { error: String(error) }))
            .finally(() => {
              sweeping = false;
            });
        }, sweepEvery)
      : null;
  sweeper?.unref();

  return {
    app,
    config,
    db,
    service,
    live,
    sweepTimers: () => service.sweepTimers(),
    upsertAgents: (agents) => upsertAgents(db, agents, clock.now().getTime()),
    listen(port = config.PORT) {
      return new Promise((resolveListen, reject) => {
        server = serve({ fetch: app.fetch, port, hostname: config.HOST }, (info) => {
          resolveListen({ url: `http://${config.HOST}:${info.port}`, port: info.port });
        });
        server.once("error", reject);
      });
    },
    async close() {
      if (sweeper) clearInterval(sweeper);
      const s = server;
      if (s) {
        await new Promise<void>((r) => {
          s.close(() => r());
          if ("closeAllConnections" in s) s.closeAllConnections();
        });
      }
      await service.idle();
      await live.stop();
      await db.close();
    },
  };
}
