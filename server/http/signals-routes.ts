import { Hono } from "hono";
import type { MessengerSettings, PolicyAlertResult, PolicyAlertsResponse } from "../../contract/signals.ts";
import { allow, signedIn, type AuthEnv } from "../auth/policy.ts";
import type { Config } from "../config.ts";
import { listPolicyAlerts, messengerSettings } from "../conversations/queries.ts";
import type { ConversationService } from "../conversations/service.ts";
import type { Database } from "../db/database.ts";

/**
 * Messenger's signals beyond conversations, mounted at /api: Meta's policy alerts (managers acknowledge them) and
 * what Baton learned from the bot and last heard from Meta's Test button (admins, beside the rest of /api/admin).
 * Acknowledging is not written to the audit log: its action list (contract/auth.ts) has no entry for it; the alert
 * row itself keeps who acknowledged it and when.
 */
export function signalsRoutes(deps: { db: Database; service: ConversationService; config: Config }) {
  const { db, service, config } = deps;
  const app = new Hono<AuthEnv>();

  app.get("/alerts", allow("manager"), async (c) =>
    c.json({ alerts: await listPolicyAlerts(db) } satisfies PolicyAlertsResponse),
  );

  app.post("/alerts/:id/acknowledge", allow("manager"), async (c) => {
    const alert = await service.acknowledgeAlert(c.req.param("id"), signedIn(c).agent.id);
    return c.json({ alert } satisfies PolicyAlertResult);
  });

  app.get("/admin/messenger", allow("admin"), async (c) =>
    c.json(
      (await messengerSettings(db, {
        handoffPayloads: config.HANDOFF_PAYLOADS,
        handoffPhrases: config.HANDOFF_PHRASES,
      })) satisfies MessengerSettings,
    ),
  );

  return app;
}
