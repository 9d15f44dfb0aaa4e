import { Hono } from "hono";
import { auditQuery, inviteBody, updateAgentBody } from "../../contract/auth.ts";
import { listAccounts } from "../auth/accounts.ts";
import { auditPage } from "../auth/audit.ts";
import type { AuthService } from "../auth/auth-service.ts";
import { allow, signedIn, type AuthEnv } from "../auth/policy.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { listUnprocessableEvents } from "../messenger/unprocessable.ts";
import { requestMeta } from "./auth-routes.ts";
import { jsonBody, validate } from "./validate.ts";

/** Agents, invitations, the audit log and unprocessable webhook events: /api/admin, admins only. */
export function adminRoutes(deps: { db: Database; auth: AuthService }) {
  const { db, auth } = deps;
  const app = new Hono<AuthEnv>();

  app.get("/agents", allow("admin"), async (c) => c.json({ agents: await listAccounts(db) }));

  app.patch("/agents/:id", allow("admin"), async (c) => {
    const body = validate(updateAgentBody, await jsonBody(c.req));
    return c.json({ agent: await auth.updateAgent(signedIn(c), c.req.param("id"), body, requestMeta(c)) });
  });

  app.post("/agents/:id/reset-link", allow("admin"), async (c) =>
    c.json(await auth.resetLink(signedIn(c), c.req.param("id"), requestMeta(c)), 201),
  );

  app.get("/invitations", allow("admin"), async (c) =>
    c.json({ invitations: await auth.links.pendingInvitations(auth.now()) }),
  );

  app.post("/invitations", allow("admin"), async (c) => {
    const body = validate(inviteBody, await jsonBody(c.req));
    return c.json(await auth.invite(signedIn(c), body.email, body.role, requestMeta(c)), 201);
  });

  app.delete("/invitations/:id", allow("admin"), async (c) => {
    const email = await auth.links.revokeInvitation(c.req.param("id"));
    if (!email) throw new AppError(404, "not_found", "There is no such pending invitation.");
    await auth.audit({
      actorId: signedIn(c).agent.id,
      action: "invite_revoked",
      target: email,
      ip: c.get("clientIp"),
    });
    return c.body(null, 204);
  });

  app.get("/audit", allow("admin"), async (c) => {
    const q = validate(auditQuery, c.req.query());
    return c.json(await auditPage(db, q.cursor, q.limit));
  });

  app.get("/unprocessable-events", allow("admin"), async (c) =>
    c.json({ items: await listUnprocessableEvents(db, 200) }),
  );

  return app;
}
