import type { MiddlewareHandler } from "hono";
import { roleAtLeast, type Role } from "../../contract/auth.ts";
import { AppError } from "../errors.ts";
import type { AuthContext } from "./sessions.ts";

/**
 * Who may call a route: anyone (`public`: sign-in, setup, the auth status), or a signed-in account of at least
 * this role. Every route declares one next to its path; `test/route-policies.test.ts` walks the route table and
 * fails on a route without.
 */
export type Policy = "public" | Role;

export type AuthEnv = { Variables: { auth: AuthContext | null; clientIp: string | null } };

const declared = new WeakMap<object, Policy>();

/** The route's policy as middleware: 401 without a session, 403 below the role. */
export function allow(policy: Policy): MiddlewareHandler<AuthEnv> {
  const guard: MiddlewareHandler<AuthEnv> = async (c, next) => {
    if (policy !== "public") {
      const auth = c.get("auth");
      if (!auth) throw new AppError(401, "not_signed_in", "Sign in to Baton first.");
      if (!roleAtLeast(auth.agent.role, policy)) {
        throw new AppError(
          403,
          "forbidden",
          `Only ${policy === "admin" ? "an admin" : `a ${policy}`} can do this.`,
        );
      }
    }
    await next();
  };
  declared.set(guard, policy);
  return guard;
}

/** The policy a route handler declares, if it is a policy guard. */
export function policyOf(handler: unknown): Policy | undefined {
  return typeof handler === "function" ? declared.get(handler) : undefined;
}

/** The signed-in account of a route whose policy is not public. */
export function signedIn(c: { get(key: "auth"): AuthContext | null }): AuthContext {
  const auth = c.get("auth");
  if (!auth) throw new AppError(401, "not_signed_in", "Sign in to Baton first.");
  return auth;
}
