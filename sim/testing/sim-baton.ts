import { Hono } from "hono";
import type { Role } from "../../contract/auth.ts";
import { createBaton, type Baton } from "../../server/baton.ts";
import { ManualClock } from "../../server/clock.ts";
import { loadConfig } from "../../server/config.ts";
import { silentLogger } from "../../server/logger.ts";
import { inProcessDeliver } from "../graph/webhook-delivery.ts";
import { SimWorld } from "../world.ts";

export const SIM_PAGE = "104857600123456";

export interface SimBaton {
  baton: Baton;
  world: SimWorld;
  clock: ManualClock;
  /** The Authorization header of each account's bearer session, by account id. */
  headers: Record<string, Record<string, string>>;
}

/**
 * Baton on in-memory PGlite wired to the simulated Meta (its Graph API in process, webhooks delivered in process) on
 * one manual clock, with these accounts signed in: what the simulator's journey tests start from.
 */
export async function startSimBaton(
  accounts: readonly { id: string; name: string; role: Role }[],
): Promise<SimBaton> {
  const clock = new ManualClock(Date.UTC(2026, 2, 10, 9));
  const config = loadConfig({
    DATABASE_URL: "memory:",
    PAGE_ID: SIM_PAGE,
    GRAPH_API_URL: "http://sim.local/graph",
    LOG_LEVEL: "silent",
    STATIC_DIR: "does-not-exist",
  });
  const graphHost = new Hono();
  const baton = await createBaton({
    config,
    clock,
    logger: silentLogger,
    sweepIntervalMs: 0,
    fetch: async (input, init) => graphHost.request(input instanceof Request ? input : String(input), init),
  });
  const world = new SimWorld({
    clock,
    pageId: SIM_PAGE,
    pageName: "Lumen & Loom",
    appSecret: config.META_APP_SECRET,
    botAppId: config.BOT_APP_ID,
    batonAppId: config.BATON_APP_ID,
    batonToken: config.META_PAGE_TOKEN,
    deliver: inProcessDeliver(baton.app),
  });
  graphHost.route("/graph", world.graph);
  await baton.upsertAccounts(
    accounts.map((a) => ({ ...a, email: `${a.id}@example.com`, password: `${a.id}-password-1` })),
  );
  const headers: Record<string, Record<string, string>> = {};
  for (const a of accounts) {
    const { token } = await baton.auth.sessions.create({
      agentId: a.id,
      via: "bearer",
      now: Date.now(),
      ip: null,
      userAgent: "sim journey test",
    });
    headers[a.id] = { authorization: `Bearer ${token}` };
  }
  return { baton, world, clock, headers };
}
