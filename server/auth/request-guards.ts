import type { MiddlewareHandler } from "hono";
import type { Config } from "../config.ts";
import { AppError, errorResponse } from "../errors.ts";

const LOOPBACK_NAMES = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;
export const isLoopbackHostname = (hostname: string): boolean =>
  LOOPBACK_NAMES.test(hostname) || hostname === "::1";

/** The address agents use: PUBLIC_URL, or the loopback address Baton listens on. */
export function publicOrigin(config: Config): URL {
  if (config.PUBLIC_URL) return new URL(new URL(config.PUBLIC_URL).origin);
  const host = config.HOST === "0.0.0.0" || config.HOST === "::" ? "127.0.0.1" : config.HOST;
  return new URL(`http://${host.includes(":") && !host.startsWith("[") ? `[${host}]` : host}:${config.PORT}`);
}

/**
 * Answers only for Baton's own address. With PUBLIC_URL only its host; without it only loopback names (any port,
 * so Vite's dev proxy works), so a page on attacker.example whose DNS now points at 127.0.0.1 gets nothing
 * (DNS rebinding). /healthz stays open to load balancers that probe by IP.
 */
export function hostCheck(config: Config): MiddlewareHandler {
  const expected = config.PUBLIC_URL ? new URL(config.PUBLIC_URL).host.toLowerCase() : null;
  return async (c, next) => {
    if (c.req.path === "/healthz") return next();
    const url = new URL(c.req.url);
    const ok = expected ? url.host.toLowerCase() === expected : isLoopbackHostname(url.hostname);
    if (!ok) return errorResponse(c, 421, "wrong_host", `This Baton does not answer for ${url.host}.`);
    return next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF: a state-changing request that a browser could send with the session cookie must come from Baton's own
 * origin (Origin header, or Sec-Fetch-Site: same-origin when Origin is absent). SameSite=Lax on the cookie is the
 * second layer. Requests authenticated by a bearer token (embedded hosts) cannot be forged this way and pass.
 */
export function originCheck(allowedOrigins: () => readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    if (SAFE_METHODS.has(c.req.method)) return next();
    if (/^Bearer\s/i.test(c.req.header("authorization") ?? "") && !c.req.header("cookie")) return next();
    const origin = c.req.header("origin");
    const own = new URL(c.req.url).origin;
    if (origin !== undefined) {
      if (origin === own || allowedOrigins().includes(origin)) return next();
      throw new AppError(403, "cross_origin", "This request came from another site and was refused.");
    }
    if (c.req.header("sec-fetch-site") === "same-origin") return next();
    throw new AppError(
      403,
      "cross_origin",
      "This request did not say where it came from (no Origin header) and was refused.",
    );
  };
}
