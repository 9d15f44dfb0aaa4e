import { serve, type ServerType } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono } from "hono";
import { getConnInfo } from "@hono/node-server/conninfo";
import { getCookie } from "hono/cookie";
import { cors } from "hono/cors";
import { randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Role } from "../contract/auth.ts";
import { upsertAccounts } from "./auth/accounts.ts";
import { AuthService } from "./auth/auth-service.ts";
import { embedFrameAncestors, embedScriptSources, parseEmbedHosts } from "./auth/embedded.ts";
import { hashPassword } from "./auth/passwords.ts";
import { allow, type AuthEnv } from "./auth/policy.ts";
import { hostCheck, originCheck } from "./auth/request-guards.ts";
import { systemClock, type Clock } from "./clock.ts";
import type { Config } from "./config.ts";
import { ConversationService } from "./conversations/service.ts";
import { DatabaseUnavailableError, openDatabase, type Database } from "./db/database.ts";
import { migrate } from "./db/migrations.ts";
import { AppError, appErrorResponse, errorResponse } from "./errors.ts";
import { adminRoutes } from "./http/admin-routes.ts";
import { apiRoutes } from "./http/api-routes.ts";
import { authRoutes, type DemoTeam } from "./http/auth-routes.ts";
import { embedPages, embedRoutes } from "./http/embed-routes.ts";
import { apiBodyLimit } from "./http/body-limit.ts";
import { rejectNul } from "./http/reject-nul.ts";
import { securityHeaders } from "./http/security-headers.ts";
import { reviewRoutes } from "./http/review-routes.ts";
import { signalsRoutes } from "./http/signals-routes.ts";
import { webhookRoutes } from "./http/webhook-routes.ts";
import { LiveConnections } from "./live/connections.ts";
import { LiveHub } from "./live/hub.ts";
import { createLogger, type Logger } from "./logger.ts";
import { GraphClient } from "./messenger/graph-client.ts";
import { pruneRawWebhookBodies } from "./messenger/raw-retention.ts";

declare module "hono" {
  interface ContextVariableMap {
    /** The request's logger: every entry carries its id, method and path (set first, for every request). */
    log: Logger;
  }
}

export interface BatonOptions {
  config: Config;
  clock?: Clock;
  /**
   * The clock of sessions, sign-in throttling and the audit log: real time, even when the demo's Messenger clock
   * replays history or jumps days ahead. Tests pass their manual clock.
   */
  authClock?: Clock;
  logger?: Logger;
  /** The local demo's team: one-click sign-in and their logins shown on the sign-in page. Never set by `npm run serve`. */
  demo?: DemoTeam;
  /** How Baton reaches the Graph API; the global fetch by default. */
  fetch?: typeof fetch;
  /** Tells the SPA that the local simulator is running (shows its link). */
  simulator?: boolean;
  /** How often due timers are swept; 0 turns the sweeper off (tests sweep by hand). */
  sweepIntervalMs?: number;
}

export interface Baton {
  app: Hono<AuthEnv>;
  auth: AuthService;
  config: Config;
  db: Database;
  service: ConversationService;
  live: LiveHub;
  listen(port?: number): Promise<{ url: string; port: number }>;
  close(): Promise<void>;
  sweepTimers(): Promise<number>;
  /** Creates or updates accounts with these passwords (the demo's team, tests' fixtures). */
  upsertAccounts(
    accounts: readonly { id: string; name: string; email: string; role: Role; password: string }[],
  ): Promise<void>;
}

/** The socket's address (never a header a client can set); null when the request did not come over a socket. */
function remoteAddress(c: Parameters<typeof getConnInfo>[0], trustProxy: boolean): string | null {
  // Behind a reverse proxy every request comes from the proxy; with TRUST_PROXY the address it appended counts.
  const forwarded = trustProxy ? c.req.header("x-forwarded-for")?.split(",").at(-1)?.trim() : undefined;
  if (forwarded) return forwarded.slice(0, 64);
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/** How long /healthz waits for the database's `select 1` before it answers 503. */
const HEALTH_TIMEOUT_MS = 2000;

/** Whether the database answers `select 1`, within a bounded time. */
async function databaseHealth(db: Database): Promise<"up" | "down" | "timeout"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<"timeout">((r) => {
    timer = setTimeout(() => r("timeout"), HEALTH_TIMEOUT_MS);
  });
  try {
    return await Promise.race([
      db.query("select 1").then(
        () => "up" as const,
        () => "down" as const,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

export async function createBaton(options: BatonOptions): Promise<Baton> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const authClock = options.authClock ?? systemClock;
  const log = options.logger ?? createLogger(config.LOG_LEVEL);
  // Hosts that may frame Baton (EMBED_HOSTS): a bad value stops start-up with a readable error.
  const embedHosts = parseEmbedHosts(config.EMBED_HOSTS);
  const db = await openDatabase(config.DATABASE_URL, log);
  await migrate(db);

  const graph = new GraphClient({
    baseUrl: config.GRAPH_API_URL,
    version: config.GRAPH_API_VERSION,
    pageToken: config.META_PAGE_TOKEN,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const live = new LiveHub(db, clock, { humanAgentTagEnabled: config.HUMAN_AGENT_TAG }, log);
  await live.start();
  const service = new ConversationService({ db, graph, live, clock, log, config });
  // Replies queued before a restart (or by an instance that stopped) are sent now; the sweeper polls for more.
  service.sendQueuedReplies();
  const connections = new LiveConnections(config.LIVE_STREAMS_PER_SESSION);
  const auth = new AuthService({ db, config, clock: authClock, log, live: connections });

  const app = new Hono<AuthEnv>();
  app.onError((error, c) => {
    // Every error body is the contract's apiError (server/errors.ts).
    if (error instanceof AppError) return appErrorResponse(c, error);
    if (error instanceof DatabaseUnavailableError) {
      // Warn, not error: an outage answers every request 503 (hundreds a second from Meta's re-deliveries), and the
      // driver logs the outage itself once when it starts and once when it ends.
      c.var.log.warn("database unavailable", { reason: error.message });
      return errorResponse(
        c,
        503,
        "database_unavailable",
        "The database is unavailable. Nothing was stored; try again shortly.",
      );
    }
    c.var.log.error("unhandled error", { err: error });
    return errorResponse(
      c,
      500,
      "internal",
      "Something went wrong on Baton's side. Nothing was lost; try again.",
    );
  });
  // An address no route answers (an OPTIONS without CORS, a POST outside /api): apiError, not Hono's plain text.
  app.notFound((c) => errorResponse(c, 404, "not_found", `No route ${c.req.method} ${c.req.path}.`));
  // Every request gets its own logger (its id, method and path on every entry) and one line when it is answered.
  app.use("*", async (c, next) => {
    const started = performance.now();
    const requestLog = log.child({ reqId: randomUUID(), method: c.req.method, path: c.req.path });
    c.set("log", requestLog);
    await next();
    const fields = { status: c.res.status, ms: Math.round(performance.now() - started) };
    if (c.res.status >= 500) requestLog.warn("request failed", fields);
    else requestLog.debug("request", fields);
  });
  // Every response: only for Baton's own address (DNS rebinding), with its security headers.
  app.use(
    "*",
    securityHeaders({
      frameAncestors: () => embedFrameAncestors(embedHosts),
      extraScriptSources: () => embedScriptSources(embedHosts),
    }),
  );
  app.use("*", hostCheck(config));

  // Shutdown (close()) drains first: webhooks answer 503 with Retry-After, so Meta re-delivers them (to another
  // instance behind the load balancer), and /healthz answers 503, so the load balancer stops routing here.
  let draining = false;
  let webhooksInFlight = 0;
  let webhooksSettled: (() => void) | null = null;
  app.get("/healthz", allow("public"), async (c) => {
    const database = await databaseHealth(db);
    const ok = database === "up" && !draining;
    return c.json({ ok, database, draining }, ok ? 200 : 503);
  });
  app.use("/webhooks/*", async (c, next) => {
    if (draining)
      return errorResponse(c, 503, "shutting_down", "This Baton instance is shutting down; deliver again.", {
        retryAfterSeconds: 1,
      });
    webhooksInFlight += 1;
    try {
      await next();
    } finally {
      webhooksInFlight -= 1;
      if (webhooksInFlight === 0) webhooksSettled?.();
    }
  });
  // Meta's webhook: public, authenticated by its signature (webhook-routes.ts), with its own body limit.
  app.route("/webhooks", webhookRoutes({ config, service, log }));

  // The API: bounded bodies, no NUL anywhere in the address, no CORS unless configured, the session (cookie or an
  // embedded host's bearer token) looked up once, and state changes only from Baton's own origin.
  app.use("/api/*", rejectNul());
  app.use("/api/*", apiBodyLimit(config.API_MAX_BYTES));
  if (config.CORS_ORIGINS.length > 0)
    app.use("/api/*", cors({ origin: config.CORS_ORIGINS, credentials: true }));
  app.use("/api/*", async (c, next) => {
    c.set("clientIp", remoteAddress(c, config.TRUST_PROXY));
    const now = authClock.now().getTime();
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    const cookie = bearer ? undefined : getCookie(c, auth.cookie.name);
    c.set(
      "auth",
      bearer
        ? await auth.sessions.lookup(bearer, "bearer", now)
        : cookie
          ? await auth.sessions.lookup(cookie, "cookie", now)
          : null,
    );
    await next();
  });
  app.use(
    "/api/*",
    originCheck(() => [auth.origin.origin, ...config.CORS_ORIGINS]),
  );
  app.route("/api/auth", authRoutes({ auth, pageName: config.PAGE_NAME, demo: options.demo ?? null }));
  app.route("/api/admin", adminRoutes({ db, auth }));
  app.route("/api", signalsRoutes({ db, service, config }));
  app.route("/api", reviewRoutes({ db, service, auth, clock, config }));
  app.route(
    "/api/embed",
    embedRoutes({ db, sessions: auth.sessions, hosts: embedHosts, clock: authClock, log }),
  );
  app.route(
    "/api",
    apiRoutes({ db, service, live, connections, auth, clock, config, simulator: options.simulator ?? false }),
  );
  // Any other /api address is a JSON 404, not the SPA's page.
  app.on(["GET", "POST", "PUT", "PATCH", "DELETE"], "/api/*", allow("public"), (c) =>
    errorResponse(c, 404, "not_found", `No API route ${c.req.method} ${c.req.path}.`),
  );

  const staticDir = resolve(config.STATIC_DIR);
  const indexFile = join(staticDir, "index.html");
  if (existsSync(indexFile)) {
    const root = relative(process.cwd(), staticDir) || ".";
    app.use("/assets/*", serveStatic({ root }));
    app.use("/*", serveStatic({ root }));
    // Every other GET is a route of the single-page app (it asks the API who is signed in).
    const indexHtml = readFileSync(indexFile, "utf8");
    app.route("/embed", embedPages({ hosts: embedHosts, indexHtml }));
    app.get("*", allow("public"), (c) => c.html(indexHtml));
  } else {
    app.get("/", allow("public"), (c) =>
      c.text("Baton's API is running. Build the SPA with `npm run build` to serve it here."),
    );
  }

  let server: ServerType | null = null;
  const sweepEvery = options.sweepIntervalMs ?? 1000;
  let sweeping: Promise<void> | null = null;
  const sweeper =
    sweepEvery > 0
      ? setInterval(() => {
          service.sendQueuedReplies();
          if (sweeping) return;
          sweeping = service
            .sweepTimers()
            .then(() => undefined)
            .catch((error: unknown) => log.warn("timer sweep failed", { err: error }))
            .finally(() => {
              sweeping = null;
            });
        }, sweepEvery)
      : null;
  sweeper?.unref();
  const housekeeping =
    sweepEvery > 0
      ? setInterval(() => {
          void auth
            .housekeeping()
            .catch((error: unknown) => log.warn("auth housekeeping failed", { err: error }));
          // Raw webhook bodies past RAW_WEBHOOK_RETENTION_DAYS, in bounded chunks (raw-retention.ts).
          void pruneRawWebhookBodies(db, {
            now: clock.now().getTime(),
            retentionDays: config.RAW_WEBHOOK_RETENTION_DAYS,
          })
            .then((pruned) => {
              if (pruned > 0) log.info("raw webhook bodies pruned", { pruned });
            })
            .catch((error: unknown) => log.warn("raw webhook pruning failed", { err: error }));
        }, 10 * 60_000)
      : null;
  housekeeping?.unref();

  return {
    app,
    auth,
    config,
    db,
    service,
    live,
    sweepTimers: () => service.sweepTimers(),
    async upsertAccounts(accounts) {
      const hashed = await Promise.all(
        accounts.map(async (a) => ({
          ...a,
          email: a.email.toLowerCase(),
          passwordHash: await hashPassword(a.password),
        })),
      );
      await upsertAccounts(db, hashed, authClock.now().getTime());
    },
    listen(port = config.PORT) {
      return new Promise((resolveListen, reject) => {
        server = serve({ fetch: app.fetch, port, hostname: config.HOST }, (info) => {
          const url = `http://${config.HOST}:${info.port}`;
          // The database's address is logged without its password (the logger redacts it).
          log.info("listening", { url, database: config.DATABASE_URL, graphApi: config.GRAPH_API_URL });
          resolveListen({ url, port: info.port });
        });
        server.once("error", reject);
      });
    },
    async close() {
      // Drain: refuse new webhooks, let those in flight commit (their group commit), end the live streams with a
      // retry hint, stop listening, then close the database.
      draining = true;
      if (sweeper) clearInterval(sweeper);
      if (housekeeping) clearInterval(housekeeping);
      while (webhooksInFlight > 0)
        await new Promise<void>((r) => {
          webhooksSettled = r;
        });
      webhooksSettled = null;
      await sweeping;
      connections.closeAll();
      const s = server;
      if (s) {
        await new Promise<void>((r) => {
          s.close(() => r());
          if ("closeAllConnections" in s) s.closeAllConnections();
        });
      }
      await service.shutdown();
      await live.stop();
      await db.close();
    },
  };
}
