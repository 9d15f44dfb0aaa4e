import { Hono } from "hono";
import { allow, type AuthEnv } from "../auth/policy.ts";
import type { Config } from "../config.ts";
import type { ConversationService } from "../conversations/service.ts";
import { errorResponse } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { verifySignature } from "../messenger/signature.ts";
import { webhookBodyLimit } from "./body-limit.ts";

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Meta's webhook: the subscription handshake and signed event batches. */
export function webhookRoutes(deps: { config: Config; service: ConversationService; log: Logger }) {
  // Public routes: Meta's verify token and the body's signature are their credentials.
  const app = new Hono<AuthEnv>();

  app.get("/messenger", allow("public"), (c) => {
    const mode = c.req.query("hub.mode");
    const token = c.req.query("hub.verify_token");
    const challenge = c.req.query("hub.challenge");
    if (mode === "subscribe" && token === deps.config.META_VERIFY_TOKEN && challenge) {
      return c.text(challenge, 200);
    }
    deps.log.warn("webhook verification refused", { mode });
    return c.text("Verification failed: wrong hub.verify_token or hub.mode.", 403);
  });

  // The size is checked while the body is read, before the signature is computed over it: an unsigned upload of
  // any size costs at most WEBHOOK_MAX_BYTES of memory.
  app.post("/messenger", allow("public"), webhookBodyLimit(deps.config.WEBHOOK_MAX_BYTES), async (c) => {
    const raw = new Uint8Array(await c.req.arrayBuffer());
    if (!verifySignature(deps.config.META_APP_SECRET, raw, c.req.header("x-hub-signature-256"))) {
      deps.log.warn("webhook with a bad signature refused", { bytes: raw.byteLength });
      return errorResponse(c, 401, "bad_signature", "X-Hub-Signature-256 does not match the body.");
    }
    let body: string;
    try {
      body = utf8.decode(raw);
    } catch {
      deps.log.warn("signed webhook that is not UTF-8 refused", { bytes: raw.byteLength });
      return errorResponse(c, 400, "invalid_encoding", "The webhook body is not valid UTF-8.");
    }
    // Stored before we answer: a crash before this point means Meta re-delivers, never a loss.
    const result = await deps.service.ingestWebhook(body);
    return c.json({ ok: true, ...result }, 200);
  });

  return app;
}
