import { Hono } from "hono";
import type { Config } from "../config.ts";
import type { ConversationService } from "../conversations/service.ts";
import type { Logger } from "../logger.ts";
import { verifySignature } from "../messenger/signature.ts";

/** Meta's webhook: the subscription handshake and signed event batches. */
export function webhookRoutes(deps: { config: Config; service: ConversationService; log: Logger }) {
  const app = new Hono();

  app.get("/messenger", (c) => {
    const mode = c.req.query("hub.mode");
    const token = c.req.query("hub.verify_token");
    const challenge = c.req.query("hub.challenge");
    if (mode === "subscribe" && token === deps.config.META_VERIFY_TOKEN && challenge) {
      return c.text(challenge, 200);
    }
    deps.log.warn("webhook verification refused", { mode });
    return c.text("Verification failed: wrong hub.verify_token or hub.mode.", 403);
  });

  app.post("/messenger", async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (!verifySignature(deps.config.META_APP_SECRET, raw, c.req.header("x-hub-signature-256"))) {
      deps.log.warn("webhook with a bad signature refused", { bytes: raw.byteLength });
      return c.json({ error: { code: "bad_signature", message: "X-Hub-Signature-256 does not match the body." } }, 401);
    }
    // Stored before we answer: a crash before this point means Meta re-delivers, never a loss.
    const result = await deps.service.ingestWebhook(new TextDecoder().decode(raw));
    return c.json({ ok: true, ...result }, 200);
  });

  return app;
}
