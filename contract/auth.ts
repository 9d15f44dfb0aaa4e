import { z } from "zod/mini";

/**
 * Accounts, sign-in, roles and the admin's pages: the single definition of the auth API for the server and the SPA.
 * Roles are ordered: an admin may do everything a manager may, a manager everything an agent may.
 */
export const role = z.enum(["agent", "manager", "admin"]);
export type Role = z.infer<typeof role>;

const ROLE_RANK: Record<Role, number> = { agent: 1, manager: 2, admin: 3 };
/** True when `have` is at least `need` (admin ⊇ manager ⊇ agent). */
export const roleAtLeast = (have: Role, need: Role): boolean => ROLE_RANK[have] >= ROLE_RANK[need];

/** Text that PostgreSQL can store: no NUL character (it answers an error for U+0000 in text). */
export const noNul = (s: string) => !s.includes("\u0000");
const NUL_MESSAGE = "Must not contain a NUL character.";
/**
 * zod/mini has no default messages (the server configures English ones, the browser does not): the schemas the SPA's
 * forms check carry theirs, worded as zod's English ones.
 */
export const tooLong = (max: number) => `Too big: expected string to have <=${max} characters`;
export const tooShort = (min: number) => `Too small: expected string to have >=${min} characters`;

const email = z.pipe(
  z.string().check(z.trim(), z.toLowerCase(), z.maxLength(254, tooLong(254)), z.refine(noNul, NUL_MESSAGE)),
  z.email("Enter an email address."),
);

/** Argon2 hashes any length, but a megabyte password is a denial of service: 10 to 200 characters. */
const newPassword = z
  .string()
  .check(
    z.minLength(10, "Use at least 10 characters."),
    z.maxLength(200, "Use at most 200 characters."),
    z.refine(noNul, NUL_MESSAGE),
  );

/** A password as typed at sign-in: not checked for strength (old passwords still sign in), only bounded. */
const password = z
  .string()
  .check(
    z.minLength(1, "Enter your password."),
    z.maxLength(200, tooLong(200)),
    z.refine(noNul, NUL_MESSAGE),
  );

const personName = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, "Enter a name."),
    z.maxLength(80, tooLong(80)),
    z.refine(noNul, NUL_MESSAGE),
  );

/** One-time tokens (setup, invitation, password reset) travel in the link's #fragment, then in a POST body. */
export const linkToken = z.string().check(z.regex(/^[A-Za-z0-9_-]{20,100}$/, "This link is not valid."));

/** The signed-in agent as the SPA sees themselves. */
export const me = z.object({
  id: z.string(),
  name: z.string(),
  email: z.nullable(z.string()),
  role,
});
export type Me = z.infer<typeof me>;

export const sessionResponse = z.object({
  agent: me,
  /** How this request was authenticated: the browser's cookie, or an embedded host's bearer token. */
  via: z.enum(["cookie", "bearer"]),
  /** When the session ends at the latest (ISO). */
  expiresAt: z.string(),
});
export type SessionResponse = z.infer<typeof sessionResponse>;

/** GET /api/auth/status: public, read before sign-in. */
export const authStatus = z.object({
  pageName: z.string(),
  /** No account exists yet: the server printed a one-time setup link. */
  setupRequired: z.boolean(),
  /** The local demo's team, signed in with one click. Always null outside `npm start`'s simulator. */
  demoAgents: z.nullable(
    z.array(z.object({ id: z.string(), name: z.string(), role, email: z.string(), password: z.string() })),
  ),
});
export type AuthStatus = z.infer<typeof authStatus>;

export const signInBody = z.object({ email, password });
export type SignInBody = z.infer<typeof signInBody>;
export const demoSignInBody = z.object({
  agentId: z.string().check(z.minLength(1), z.maxLength(100), z.refine(noNul, NUL_MESSAGE)),
});

export const setupBody = z.object({ token: linkToken, name: personName, email, password: newPassword });
export type SetupBody = z.infer<typeof setupBody>;
export const acceptInviteBody = z.object({ token: linkToken, name: personName, password: newPassword });
export type AcceptInviteBody = z.infer<typeof acceptInviteBody>;
export const resetPasswordBody = z.object({ token: linkToken, password: newPassword });
export type ResetPasswordBody = z.infer<typeof resetPasswordBody>;

export const linkKind = z.enum(["setup", "invite", "reset"]);
export type LinkKind = z.infer<typeof linkKind>;
/** POST /api/auth/link {token}: what a one-time link is for, before the form asks for a password. */
export const linkInfoBody = z.object({ token: linkToken });
export const linkInfo = z.object({
  kind: linkKind,
  /** The invited or resetting account's address; null for setup. */
  email: z.nullable(z.string()),
  role: z.nullable(role),
  expiresAt: z.string(),
});
export type LinkInfo = z.infer<typeof linkInfo>;

/** Admin: an account as the agents page lists it. */
export const agentAccount = z.object({
  id: z.string(),
  name: z.string(),
  email: z.nullable(z.string()),
  role,
  active: z.boolean(),
  lastActiveAt: z.nullable(z.string()),
  createdAt: z.string(),
  /** Signed in through an embedded host (no password of its own), e.g. "shopify". */
  externalHost: z.nullable(z.string()),
});
export type AgentAccount = z.infer<typeof agentAccount>;
export const agentAccountsResponse = z.object({ agents: z.array(agentAccount) });

export const updateAgentBody = z
  .object({ role: z.optional(role), active: z.optional(z.boolean()), name: z.optional(personName) })
  .check(
    z.refine(
      (b) => b.role !== undefined || b.active !== undefined || b.name !== undefined,
      "Change at least one of role, active or name.",
    ),
  );
export type UpdateAgentBody = z.infer<typeof updateAgentBody>;
export const agentAccountResponse = z.object({ agent: agentAccount });

export const inviteBody = z.object({ email, role });
export type InviteBody = z.infer<typeof inviteBody>;
/** A one-time link an admin hands over (or that was mailed, when SMTP is configured). */
export const oneTimeLink = z.object({ url: z.string(), expiresAt: z.string(), emailed: z.boolean() });
export type OneTimeLink = z.infer<typeof oneTimeLink>;
export const invitation = z.object({
  id: z.string(),
  email: z.string(),
  role,
  invitedBy: z.nullable(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
});
export type Invitation = z.infer<typeof invitation>;
export const invitationsResponse = z.object({ invitations: z.array(invitation) });

export const auditAction = z.enum([
  "sign_in",
  "sign_in_failed",
  "sign_out",
  "sign_out_everywhere",
  "account_locked",
  "setup",
  "invite",
  "invite_revoked",
  "invite_accepted",
  "reset_link",
  "password_reset",
  "role_changed",
  "renamed",
  "deactivated",
  "reactivated",
  "embedded_sign_in",
  "resolve",
  "reopen",
  "assign",
  "take_control",
  "hand_back",
]);
export type AuditAction = z.infer<typeof auditAction>;
export const auditEntry = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.nullable(z.object({ id: z.string(), name: z.string() })),
  action: auditAction,
  /** What it was done to: an agent id, a conversation id, an email. */
  target: z.nullable(z.string()),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  ip: z.nullable(z.string()),
});
export type AuditEntry = z.infer<typeof auditEntry>;
export const auditQuery = z.object({
  cursor: z.optional(z.string().check(z.regex(/^\d{1,18}$/, "Not a cursor."))),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
});
export const auditPage = z.object({ items: z.array(auditEntry), nextCursor: z.nullable(z.string()) });
export type AuditPage = z.infer<typeof auditPage>;

/** Webhook events Baton could not store (kept raw, the rest of their batch was stored): for an admin to see. */
export const unprocessableEvent = z.object({
  id: z.string(),
  receivedAt: z.string(),
  reason: z.string(),
  /** The event as Meta sent it, possibly cut to a readable length. */
  raw: z.string(),
});
export type UnprocessableEvent = z.infer<typeof unprocessableEvent>;
export const unprocessableEventsResponse = z.object({ items: z.array(unprocessableEvent) });
