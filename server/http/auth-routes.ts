import { Hono, type Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { SessionResponse } from "../../contract/auth.ts";
import type { AuthService, RequestMeta, StartedSession } from "../auth/auth-service.ts";
import { signedIn, type AuthEnv } from "../auth/policy.ts";
import { AppError } from "../errors.ts";
import { contractRoutes } from "./route.ts";

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
  const route = contractRoutes(app, "/api/auth");
  const presented = (c: Context<AuthEnv>) => getCookie(c, auth.cookie.name) ?? null;

  /** Sets the session cookie and answers with the session. */
  const started = (c: Context<AuthEnv>, s: StartedSession): SessionResponse => {
    setCookie(c, auth.cookie.name, s.token, {
      httpOnly: true,
      secure: auth.cookie.secure,
      sameSite: "Lax",
      path: "/",
      expires: new Date(s.response.expiresAt),
    });
    return s.response;
  };

  route.json("GET /api/auth/status", async () => ({
    pageName: deps.pageName,
    setupRequired: await auth.setupRequired(),
    demoAgents: deps.demo?.agents ?? null,
  }));

  // A 429 too_many_attempts carries its Retry-After (set by the app's onError).
  route.json("POST /api/auth/sign-in", async (c, { body }) =>
    started(c, await auth.signIn(body.email, body.password, requestMeta(c), presented(c))),
  );

  if (deps.demo) {
    const demoIds = new Set(deps.demo.agents.map((a) => a.id));
    route.json("POST /api/auth/demo-sign-in", async (c, { body }) => {
      if (!demoIds.has(body.agentId)) throw new AppError(404, "not_found", "There is no such demo agent.");
      return started(c, await auth.signInAs(body.agentId, requestMeta(c), presented(c)));
    });
  }

  route.json("POST /api/auth/setup", async (c, { body }) =>
    started(c, await auth.setup(body, requestMeta(c), presented(c))),
  );
  route.json("POST /api/auth/accept-invite", async (c, { body }) =>
    started(c, await auth.acceptInvite(body, requestMeta(c), presented(c))),
  );
  route.json("POST /api/auth/reset-password", async (c, { body }) =>
    started(c, await auth.resetPassword(body, requestMeta(c), presented(c))),
  );

  route.json("POST /api/auth/link", async (_c, { body }) => {
    const { token } = body;
    const link = await auth.links.read(token, auth.now());
    if (!link || (link.kind === "setup" && !(await auth.setupRequired()))) {
      throw new AppError(
        404,
        "link_invalid",
        "This link has expired or was used already. Ask an admin for a new one.",
      );
    }
    return {
      kind: link.kind,
      email: link.email,
      role: link.role,
      expiresAt: new Date(link.expires_at).toISOString(),
    };
  });

  route.json("GET /api/auth/session", (c) => {
    const a = signedIn(c);
    return { agent: a.agent, via: a.via, expiresAt: new Date(a.expiresAt).toISOString() };
  });

  route.json("POST /api/auth/sign-out", async (c) => {
    await auth.signOut(signedIn(c), requestMeta(c));
    deleteCookie(c, auth.cookie.name, { path: "/", secure: auth.cookie.secure });
    return null;
  });

  route.json("POST /api/auth/sign-out-everywhere", async (c) => {
    await auth.signOutEverywhere(signedIn(c), requestMeta(c));
    deleteCookie(c, auth.cookie.name, { path: "/", secure: auth.cookie.secure });
    return null;
  });

  return app;
}
