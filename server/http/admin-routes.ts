import { Hono } from "hono";
import { listAccounts } from "../auth/accounts.ts";
import { auditPage } from "../auth/audit.ts";
import type { AuthService } from "../auth/auth-service.ts";
import { signedIn, type AuthEnv } from "../auth/policy.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { listUnprocessableEvents } from "../messenger/unprocessable.ts";
import { requestMeta } from "./auth-routes.ts";
import { contractRoutes } from "./route.ts";

/** Agents, invitations, the audit log and unprocessable webhook events: /api/admin, admins only. */
export function adminRoutes(deps: { db: Database; auth: AuthService }) {
  const { db, auth } = deps;
  const app = new Hono<AuthEnv>();
  const route = contractRoutes(app, "/api/admin");

  route.json("GET /api/admin/agents", async () => ({ agents: await listAccounts(db) }));

  route.json("PATCH /api/admin/agents/:id", async (c, { params, body }) => ({
    agent: await auth.updateAgent(signedIn(c), params.id, body, requestMeta(c)),
  }));

  route.json("POST /api/admin/agents/:id/reset-link", async (c, { params }) =>
    auth.resetLink(signedIn(c), params.id, requestMeta(c)),
  );

  route.json("GET /api/admin/invitations", async () => ({
    invitations: await auth.links.pendingInvitations(auth.now()),
  }));

  route.json("POST /api/admin/invitations", async (c, { body }) =>
    auth.invite(signedIn(c), body.email, body.role, requestMeta(c)),
  );

  route.json("DELETE /api/admin/invitations/:id", async (c, { params }) => {
    const email = await auth.links.revokeInvitation(params.id);
    if (!email) throw new AppError(404, "not_found", "There is no such pending invitation.");
    await auth.audit({
      actorId: signedIn(c).agent.id,
      action: "invite_revoked",
      target: email,
      ip: c.get("clientIp"),
    });
    return null;
  });

  route.json("GET /api/admin/audit", async (_c, { query }) => auditPage(db, query.cursor, query.limit));

  route.json("GET /api/admin/unprocessable-events", async () => ({
    items: await listUnprocessableEvents(db, 200),
  }));

  return app;
}
