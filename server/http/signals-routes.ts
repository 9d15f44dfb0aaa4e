import { Hono } from "hono";
import { signedIn, type AuthEnv } from "../auth/policy.ts";
import type { Config } from "../config.ts";
import { listPolicyAlerts, messengerSettings } from "../conversations/queries.ts";
import type { ConversationService } from "../conversations/service.ts";
import type { Database } from "../db/database.ts";
import { contractRoutes } from "./route.ts";

/**
 * Messenger's signals beyond conversations, mounted at /api: Meta's policy alerts (managers acknowledge them) and
 * what Baton learned from the bot and last heard from Meta's Test button (admins, beside the rest of /api/admin).
 * Acknowledging is not written to the audit log: its action list (contract/auth.ts) has no entry for it; the alert
 * row itself keeps who acknowledged it and when.
 */
export function signalsRoutes(deps: { db: Database; service: ConversationService; config: Config }) {
  const { db, service, config } = deps;
  const app = new Hono<AuthEnv>();
  const route = contractRoutes(app, "/api");

  route.json("GET /api/alerts", async () => ({ alerts: await listPolicyAlerts(db) }));

  route.json("POST /api/alerts/:id/acknowledge", async (c, { params }) => ({
    alert: await service.acknowledgeAlert(params.id, signedIn(c).agent.id),
  }));

  route.json("GET /api/admin/messenger", async () =>
    messengerSettings(db, {
      handoffPayloads: config.HANDOFF_PAYLOADS,
      handoffPhrases: config.HANDOFF_PHRASES,
    }),
  );

  return app;
}
