import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import {
  acceptInviteBody,
  demoSignInBody,
  linkInfoBody,
  resetPasswordBody,
  setupBody,
  signInBody,
  type AuthStatus,
  type LinkInfo,
  type SessionResponse,
} from "../../contract/auth.ts";
import type { AuthService, RequestMeta, StartedSession } from "../auth/auth-service.ts";
import { allow, signedIn, type AuthEnv } from "../auth/policy.ts";
import { AppError } from "../errors.ts";
import { jsonBody, validate } from "./validate.ts";

export interface DemoTeam {
  agents: {
    id: string;
    name: string;
    role: "agent" | "manager" | "admin";
    email: string;
    password: string;
  }[];
}

export const requestMeta = (c: Context<AuthEnv>): RequestMeta => ({
  ip: c.get("clientIp"),
  userAgent: c.req.header("user-agent") ?? null,
});

/** Sign-in, sign-out, setup and one-time links: /api/auth. */
export function authRoutes(deps: { auth: AuthService; pageName: string; demo: DemoTeam | null }) {
  const { auth } = deps;
  const app = new Hono<AuthEnv>();
  const presented = (c: Context<AuthEnv>) => getCookie(c, auth.cookie.name) ?? null;

  const started = (c: Context<AuthEnv>, s: StartedSession, status: 200 | 201 = 200) => {
    setCookie(c, auth.cookie.name, s.token, {
      httpOnly: true,
      secure: auth.cookie.secure,
      sameSite: "Lax",
      path: "/",
      expires: new Date(s.response.expiresAt),
    });
    return c.json(s.response, status);
  };

  app.get("/status", allow("public"), async (c) =>
    c.json({
      pageName: deps.pageName,
      setupRequired: await auth.setupRequired(),
      demoAgents: deps.demo?.agents ?? null,
    } satisfies AuthStatus),
  );

  app.post("/sign-in", allow("public"), async (c) => {
    const body = validate(signInBody, await jsonBody(c.req));
    try {
      return started(c, await auth.signIn(body.email, body.password, requestMeta(c), presented(c)));
    } catch (error) {
      if (error instanceof AppError && typeof error.extra.retryAfterSeconds === "number")
        c.header("Retry-After", String(error.extra.retryAfterSeconds));
      throw error;
    }
  });

  if (deps.demo) {
    const demoIds = new Set(deps.demo.agents.map((a) => a.id));
    app.post("/demo-sign-in", allow("public"), async (c) => {
      const body = validate(demoSignInBody, await jsonBody(c.req));
      if (!demoIds.has(body.agentId)) throw new AppError(404, "not_found", "There is no such demo agent.");
      return started(c, await auth.signInAs(body.agentId, requestMeta(c), presented(c)));
    });
  }

  app.post("/setup", allow("public"), async (c) =>
    started(
      c,
      await auth.setup(validate(setupBody, await jsonBody(c.req)), requestMeta(c), presented(c)),
      201,
    ),
  );
  app.post("/accept-invite", allow("public"), async (c) =>
    started(
      c,
      await auth.acceptInvite(
        validate(acceptInviteBody, await jsonBody(c.req)),
        requestMeta(c),
        presented(c),
      ),
      201,
    ),
  );
  app.post("/reset-password", allow("public"), async (c) =>
    started(
      c,
      await auth.resetPassword(
        validate(resetPasswordBody, await jsonBody(c.req)),
        requestMeta(c),
        presented(c),
      ),
    ),
  );

  app.post("/link", allow("public"), async (c) => {
    const { token } = validate(linkInfoBody, await jsonBody(c.req));
    const link = await auth.links.read(token, auth.now());
    if (!link || (link.kind === "setup" && !(await auth.setupRequired()))) {
      throw new AppError(
        404,
        "link_invalid",
        "This link has expired or was used already. Ask an admin for a new one.",
      );
    }
    return c.json({
      kind: link.kind,
      email: link.email,
      role: link.role,
      expiresAt: new Date(link.expires_at).toISOString(),
    } satisfies LinkInfo);
  });

  app.get("/session", allow("agent"), (c) => {
    const a = signedIn(c);
    return c.json({
      agent: a.agent,
      via: a.via,
      expiresAt: new Date(a.expiresAt).toISOString(),
    } satisfies SessionResponse);
  });

  app.post("/sign-out", allow("agent"), async (c) => {
    await auth.signOut(signedIn(c), requestMeta(c));
    deleteCookie(c, auth.cookie.name, { path: "/", secure: auth.cookie.secure });
    return c.body(null, 204);
  });

  app.post("/sign-out-everywhere", allow("agent"), async (c) => {
    await auth.signOutEverywhere(signedIn(c), requestMeta(c));
    deleteCookie(c, auth.cookie.name, { path: "/", secure: auth.cookie.secure });
    return c.body(null, 204);
  });

  return app;
}
