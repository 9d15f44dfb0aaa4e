import { Hono } from "hono";
import {
  embedPageHtml,
  EmbeddedSignIn,
  publicHostConfig,
  shopifyAdminUrl,
  type EmbedHost,
  type HostTokenVerifier,
} from "../auth/embedded.ts";
import { allow, type AuthEnv } from "../auth/policy.ts";
import type { SessionStore } from "../auth/sessions.ts";
import type { Clock } from "../clock.ts";
import type { Queryable } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import { contractRoutes } from "./route.ts";

export interface EmbedRoutesDeps {
  db: Queryable;
  sessions: SessionStore;
  hosts: readonly EmbedHost[];
  /** The clock of sessions (real time, also in the demo). */
  clock: Clock;
  log?: Logger;
  verifier?: HostTokenVerifier;
}

/**
 * /api/embed: what a framed Baton needs before it has a session. Both are public: the config holds no secret (its
 * admin URL is checked against the configured shop), and the session exchange is authenticated by the host's signed
 * token itself.
 */
export function embedRoutes(deps: EmbedRoutesDeps): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  const route = contractRoutes(app, "/api/embed");
  const signIn = new EmbeddedSignIn({
    db: deps.db,
    sessions: deps.sessions,
    hosts: deps.hosts,
    ...(deps.verifier ? { verifier: deps.verifier } : {}),
  });

  // The host's origins and kind, so the SPA knows whom to talk to over postMessage; for Shopify opened outside its
  // admin, where to send the user back (only the configured shop's admin).
  route.json("GET /api/embed/config", (_c, { query }) => {
    const host = signIn.host(query.host);
    return {
      ...publicHostConfig(host),
      adminUrl: query.shopifyHost ? shopifyAdminUrl(host, query.shopifyHost) : null,
    };
  });

  // A host's signed token for a short Baton bearer session (no cookie: the iframe is a third party to the browser).
  route.json("POST /api/embed/session", async (c, { body }) => {
    const now = deps.clock.now().getTime();
    try {
      const started = await signIn.exchange({
        hostId: body.host,
        token: body.token,
        ...(body.conversationId ? { conversationId: body.conversationId } : {}),
        now,
        ip: c.get("clientIp") ?? null,
        userAgent: c.req.header("user-agent") ?? null,
      });
      return {
        agent: started.agent,
        via: "bearer" as const,
        token: started.token,
        expiresAt: new Date(started.expiresAt).toISOString(),
        ttlMs: started.expiresAt - now,
        conversationId: started.conversationId,
      };
    } catch (error) {
      deps.log?.warn("embedded sign-in refused", {
        host: body.host,
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  });

  return app;
}

/**
 * /embed/<host>/…: the SPA's page for a framed Baton, with App Bridge first in <head> for a Shopify host that uses it.
 * Mounted at /embed beside the SPA's own catch-all.
 */
export function embedPages(deps: { hosts: readonly EmbedHost[]; indexHtml: string }): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();
  app.get("/:host/*", allow("public"), (c) =>
    c.html(embedPageHtml(deps.hosts, c.req.param("host"), deps.indexHtml)),
  );
  app.get("/:host", allow("public"), (c) =>
    c.html(embedPageHtml(deps.hosts, c.req.param("host"), deps.indexHtml)),
  );
  return app;
}
