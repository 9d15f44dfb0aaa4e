import {
  roleAtLeast,
  type AcceptInviteBody,
  type AgentAccount,
  type AuditAction,
  type AuditEntry,
  type AuditPage,
  type AuthStatus,
  type Invitation,
  type InviteBody,
  type LinkInfo,
  type LinkKind,
  type OneTimeLink,
  type ResetPasswordBody,
  type Role,
  type SessionResponse,
  type SetupBody,
  type SignInBody,
  type UnprocessableEvent,
  type UpdateAgentBody,
} from "@contract/auth.ts";
import type { Agent } from "@contract/conversation.ts";
import {
  buildAccounts,
  buildAuditEntries,
  buildInvitations,
  buildUnprocessableEvents,
  MOCK_PASSWORD,
} from "@/mocks/auth-fixtures.ts";
import { MockApiError } from "@/mocks/mock-errors.ts";

/** One-time link tokens the mock knows from the start (they match contract/auth.ts' linkToken). */
export const MOCK_TOKENS = {
  /** The first admin's setup link (valid once requireSetup() emptied the accounts). */
  setup: "mock-setup-token-0123456789",
  /** The invitation of hana@demo-shop.example (an agent). */
  invite: "mock-invite-token-0123456789",
  /** A password reset for Ana Silva. */
  reset: "mock-reset-token-0123456789",
  /** A link that expired or was used: every kind answers 404 link_invalid. */
  expired: "mock-expired-token-0123456789",
} as const;

const MAX_FAILED_SIGN_INS = 5;
const LOCKOUT_SECONDS = 15 * 60;
const SESSION_HOURS = 12;
const MOCK_IP = "127.0.0.1";

/** 429 too_many_attempts, with the wait the handler also sends as Retry-After. */
export class TooManyAttempts extends MockApiError {
  constructor(readonly retryAfterSeconds: number) {
    super(
      429,
      "too_many_attempts",
      `Too many failed sign-ins. Wait ${Math.max(1, Math.ceil(retryAfterSeconds / 60))} minutes, then try again.`,
    );
  }
}

interface StoredAccount extends AgentAccount {
  password: string | null;
}

interface StoredLink {
  kind: LinkKind;
  email: string | null;
  role: Role | null;
  expiresAt: string;
  accountId: string | null;
  invitationId: string | null;
}

export interface MockAuthOptions {
  /** Who the browser is signed in as at the start (default Ana Silva, an agent); null: signed out. */
  signedInAs?: string | null;
  /** The local demo's one-click team (status.demoAgents). Default false, as outside `npm start`'s simulator. */
  demo?: boolean;
}

const forbidden = (need: Role) =>
  new MockApiError(403, "forbidden", `Only ${need === "admin" ? "an admin" : `a ${need}`} can do this.`);
const linkInvalid = () => new MockApiError(404, "link_invalid", "This link has expired or was already used.");

function randomToken(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/**
 * The server's accounts, sessions, one-time links and audit log, in memory, with its rules (contract/auth.ts):
 * generic invalid_credentials, lockout after repeated failures, the last active admin cannot be demoted or
 * deactivated, an admin cannot deactivate themselves. There is one browser, so there is one session.
 */
export class MockAuth {
  accounts: StoredAccount[];
  invitations: Invitation[];
  /** Newest first, as GET /api/admin/audit pages them. */
  auditEntries: AuditEntry[];
  unprocessableEvents: UnprocessableEvent[];
  demo: boolean;
  private links = new Map<string, StoredLink>();
  private sessionAgentId: string | null;
  private failures = new Map<string, number>();
  private lockedUntil = new Map<string, number>();
  private lockEveryone = false;
  private auditSeq: number;
  private endListeners = new Set<() => void>();

  constructor(
    private readonly now: () => Date,
    private readonly pageName: string,
    options: MockAuthOptions = {},
  ) {
    const at = now();
    this.accounts = buildAccounts(at).map((a) => ({ ...a, password: a.externalHost ? null : MOCK_PASSWORD }));
    this.invitations = buildInvitations(at);
    this.auditEntries = buildAuditEntries(at);
    this.auditSeq = this.auditEntries.length;
    this.unprocessableEvents = buildUnprocessableEvents(at);
    this.demo = options.demo ?? false;
    const inviteOf = this.invitations[0];
    if (inviteOf)
      this.links.set(MOCK_TOKENS.invite, {
        kind: "invite",
        email: inviteOf.email,
        role: inviteOf.role,
        expiresAt: inviteOf.expiresAt,
        accountId: null,
        invitationId: inviteOf.id,
      });
    this.links.set(MOCK_TOKENS.reset, {
      kind: "reset",
      email: "ana@demo-shop.example",
      role: "agent",
      expiresAt: this.later(60),
      accountId: "agent-ana",
      invitationId: null,
    });
    this.sessionAgentId = null;
    const first = options.signedInAs === undefined ? "agent-ana" : options.signedInAs;
    if (first) this.signInAs(first);
  }

  // --- scenarios for stories and tests ------------------------------------------------------------

  /**
   * Signs the browser in as this account. An id the fixtures do not have becomes an active agent of that id (stories
   * use "agent-nobody" for an agent with no conversations).
   */
  signInAs(id: string): void {
    if (!this.accounts.some((a) => a.id === id)) {
      const name = id.replace(/^agent-/, "").replace(/^\w/, (c) => c.toUpperCase());
      this.accounts.push({
        id,
        name,
        email: `${id}@demo-shop.example`,
        role: "agent",
        active: true,
        lastActiveAt: null,
        createdAt: this.now().toISOString(),
        externalHost: null,
        password: MOCK_PASSWORD,
      });
    }
    this.sessionAgentId = id;
  }

  /** Signed out, quietly (no audit entry): the state a story or test starts from. */
  signOut(): void {
    this.sessionAgentId = null;
  }

  /** The session ended elsewhere (expired, signed out on another device): the next request answers 401, live streams close. */
  endSession(): void {
    this.sessionAgentId = null;
    for (const listener of [...this.endListeners]) listener();
  }

  /** No account exists yet: the server printed its setup link (MOCK_TOKENS.setup). */
  requireSetup(): void {
    this.accounts = [];
    this.invitations = [];
    this.auditEntries = [];
    this.sessionAgentId = null;
    this.links.set(MOCK_TOKENS.setup, {
      kind: "setup",
      email: null,
      role: null,
      expiresAt: this.later(60),
      accountId: null,
      invitationId: null,
    });
  }

  /** Every password sign-in answers 429 (or only this email's), as after repeated failures. */
  lockOut(email?: string): void {
    if (email) this.lockedUntil.set(email.toLowerCase(), this.now().getTime() + LOCKOUT_SECONDS * 1000);
    else this.lockEveryone = true;
  }

  /** Live streams close when the session they belong to ends. */
  onSessionEnd(listener: () => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  // --- who is asking ------------------------------------------------------------------------------

  current(): StoredAccount | null {
    const account = this.accounts.find((a) => a.id === this.sessionAgentId);
    return account?.active ? account : null;
  }

  /** The signed-in account, or 401 not_signed_in (what every non-public route does first). */
  requireSession(): StoredAccount {
    const account = this.current();
    if (!account) throw new MockApiError(401, "not_signed_in", "Sign in to Baton first.");
    return account;
  }

  requireRole(need: Role): StoredAccount {
    const account = this.requireSession();
    if (!roleAtLeast(account.role, need)) throw forbidden(need);
    return account;
  }

  /** Active accounts as conversations name them (GET /api/agents, assignees, authors). */
  activeAgents(): Agent[] {
    return this.accounts.filter((a) => a.active).map((a) => ({ id: a.id, name: a.name, role: a.role }));
  }

  // --- public endpoints ---------------------------------------------------------------------------

  status(): AuthStatus {
    return {
      pageName: this.pageName,
      setupRequired: this.accounts.length === 0,
      demoAgents: this.demo
        ? this.accounts
            .filter((a) => a.active && a.password !== null && a.email !== null)
            .map((a) => ({
              id: a.id,
              name: a.name,
              role: a.role,
              email: a.email ?? "",
              password: a.password ?? "",
            }))
        : null,
    };
  }

  session(): SessionResponse {
    const account = this.requireSession();
    return this.sessionOf(account);
  }

  signIn(body: SignInBody): SessionResponse {
    const email = body.email.toLowerCase();
    const lockedUntil = this.lockEveryone
      ? this.now().getTime() + LOCKOUT_SECONDS * 1000
      : (this.lockedUntil.get(email) ?? 0);
    const wait = Math.ceil((lockedUntil - this.now().getTime()) / 1000);
    if (wait > 0) throw new TooManyAttempts(wait);
    const account = this.accounts.find((a) => a.email === email);
    if (!account || !account.active || account.password === null || account.password !== body.password) {
      const failures = (this.failures.get(email) ?? 0) + 1;
      this.failures.set(email, failures);
      this.audit("sign_in_failed", null, email);
      if (failures >= MAX_FAILED_SIGN_INS) {
        this.failures.delete(email);
        this.lockedUntil.set(email, this.now().getTime() + LOCKOUT_SECONDS * 1000);
        this.audit("account_locked", null, email, { minutes: LOCKOUT_SECONDS / 60 });
        throw new TooManyAttempts(LOCKOUT_SECONDS);
      }
      // Says nothing about whether the email has an account.
      throw new MockApiError(401, "invalid_credentials", "That email and password do not match an account.");
    }
    this.failures.delete(email);
    return this.startSession(account, "sign_in");
  }

  demoSignIn(agentId: string): SessionResponse {
    if (!this.demo)
      throw new MockApiError(404, "not_found", "One-click sign-in only exists in the local demo.");
    const account = this.accounts.find((a) => a.id === agentId && a.active);
    if (!account) throw new MockApiError(404, "not_found", "There is no such demo agent.");
    return this.startSession(account, "sign_in");
  }

  linkInfo(token: string): LinkInfo {
    const link = this.link(token);
    return { kind: link.kind, email: link.email, role: link.role, expiresAt: link.expiresAt };
  }

  setup(body: SetupBody): SessionResponse {
    this.link(body.token, "setup");
    if (this.accounts.length > 0) throw linkInvalid();
    this.links.delete(body.token);
    return this.openAccount(
      { name: body.name, email: body.email, role: "admin", password: body.password },
      "setup",
    );
  }

  acceptInvite(body: AcceptInviteBody): SessionResponse {
    const link = this.link(body.token, "invite");
    if (!link.email || !link.role) throw linkInvalid();
    this.links.delete(body.token);
    this.invitations = this.invitations.filter((i) => i.id !== link.invitationId);
    return this.openAccount(
      { name: body.name, email: link.email, role: link.role, password: body.password },
      "invite_accepted",
    );
  }

  resetPassword(body: ResetPasswordBody): SessionResponse {
    const link = this.link(body.token, "reset");
    const account = this.accounts.find((a) => a.id === link.accountId && a.active);
    if (!account) throw linkInvalid();
    this.links.delete(body.token);
    account.password = body.password;
    this.failures.delete(account.email ?? "");
    this.lockedUntil.delete(account.email ?? "");
    this.audit("password_reset", account, account.id);
    return this.startSession(account, null);
  }

  // --- signed in ----------------------------------------------------------------------------------

  signOutSession(): void {
    const account = this.current();
    if (account) this.audit("sign_out", account, account.id);
    this.sessionAgentId = null;
  }

  signOutEverywhere(): void {
    const account = this.requireSession();
    this.audit("sign_out_everywhere", account, account.id);
    this.endSession();
  }

  // --- admin --------------------------------------------------------------------------------------

  listAccounts(): AgentAccount[] {
    this.requireRole("admin");
    return this.accounts.map(({ password: _password, ...account }) => account);
  }

  updateAccount(id: string, body: UpdateAgentBody): AgentAccount {
    const admin = this.requireRole("admin");
    const account = this.accounts.find((a) => a.id === id);
    if (!account) throw new MockApiError(404, "not_found", "There is no such agent.");
    if (body.active === false && account.id === admin.id)
      throw new MockApiError(400, "self", "You cannot deactivate your own account: ask another admin.");
    const next = { role: body.role ?? account.role, active: body.active ?? account.active };
    const adminsLeft = this.accounts.filter((a) =>
      a.id === account.id ? next.active && next.role === "admin" : a.active && a.role === "admin",
    ).length;
    if (adminsLeft === 0)
      throw new MockApiError(
        409,
        "last_admin",
        "Baton needs at least one active admin: make someone else an admin first.",
      );
    if (body.role !== undefined && body.role !== account.role) {
      this.audit("role_changed", admin, account.id, { from: account.role, to: body.role });
      account.role = body.role;
    }
    if (body.name !== undefined && body.name !== account.name) {
      this.audit("renamed", admin, account.id, { from: account.name, to: body.name });
      account.name = body.name;
    }
    if (body.active !== undefined && body.active !== account.active) {
      account.active = body.active;
      this.audit(body.active ? "reactivated" : "deactivated", admin, account.id);
      if (!body.active && this.sessionAgentId === account.id) this.endSession();
    }
    const { password: _password, ...result } = account;
    return result;
  }

  createResetLink(id: string, origin: string): OneTimeLink {
    const admin = this.requireRole("admin");
    const account = this.accounts.find((a) => a.id === id);
    if (!account) throw new MockApiError(404, "not_found", "There is no such agent.");
    if (account.externalHost)
      throw new MockApiError(
        409,
        "external_account",
        `${account.name} signs in through ${account.externalHost}: there is no Baton password to reset.`,
      );
    if (!account.active)
      throw new MockApiError(409, "deactivated", `${account.name} is deactivated: reactivate them first.`);
    const token = randomToken();
    const expiresAt = this.later(60);
    this.links.set(token, {
      kind: "reset",
      email: account.email,
      role: account.role,
      expiresAt,
      accountId: account.id,
      invitationId: null,
    });
    this.audit("reset_link", admin, account.id);
    return { url: `${origin}/reset-password#token=${token}`, expiresAt, emailed: false };
  }

  listInvitations(): Invitation[] {
    this.requireRole("admin");
    return this.invitations;
  }

  invite(body: InviteBody, origin: string): OneTimeLink {
    const admin = this.requireRole("admin");
    const email = body.email.toLowerCase();
    if (this.accounts.some((a) => a.email === email) || this.invitations.some((i) => i.email === email)) {
      throw new MockApiError(
        409,
        "email_taken",
        "An account or a pending invitation already uses this email.",
      );
    }
    const token = randomToken();
    const expiresAt = this.later(7 * 24 * 60);
    const invitation: Invitation = {
      id: `inv-${randomToken().slice(0, 8)}`,
      email,
      role: body.role,
      invitedBy: admin.name,
      createdAt: this.now().toISOString(),
      expiresAt,
    };
    this.invitations = [invitation, ...this.invitations];
    this.links.set(token, {
      kind: "invite",
      email,
      role: body.role,
      expiresAt,
      accountId: null,
      invitationId: invitation.id,
    });
    this.audit("invite", admin, email, { role: body.role });
    return { url: `${origin}/invite#token=${token}`, expiresAt, emailed: false };
  }

  revokeInvitation(id: string): void {
    const admin = this.requireRole("admin");
    const invitation = this.invitations.find((i) => i.id === id);
    if (!invitation) throw new MockApiError(404, "not_found", "There is no such invitation.");
    this.invitations = this.invitations.filter((i) => i.id !== id);
    for (const [token, link] of this.links) if (link.invitationId === id) this.links.delete(token);
    this.audit("invite_revoked", admin, invitation.email);
  }

  auditPage(cursor: string | undefined, limit: number): AuditPage {
    this.requireRole("admin");
    const before = cursor === undefined ? Infinity : Number(cursor);
    const older = this.auditEntries.filter((e) => Number(e.id) < before);
    const items = older.slice(0, limit);
    const last = items[items.length - 1];
    return { items, nextCursor: older.length > limit && last ? last.id : null };
  }

  listUnprocessableEvents(): UnprocessableEvent[] {
    this.requireRole("admin");
    return this.unprocessableEvents;
  }

  // --- inside -------------------------------------------------------------------------------------

  private later(minutes: number): string {
    return new Date(this.now().getTime() + minutes * 60_000).toISOString();
  }

  private link(token: string, kind?: LinkKind): StoredLink {
    const link = this.links.get(token);
    if (!link || (kind && link.kind !== kind) || Date.parse(link.expiresAt) <= this.now().getTime())
      throw linkInvalid();
    return link;
  }

  private sessionOf(account: StoredAccount): SessionResponse {
    return {
      agent: { id: account.id, name: account.name, email: account.email, role: account.role },
      via: "cookie",
      expiresAt: this.later(SESSION_HOURS * 60),
    };
  }

  /** A new active account with its own password (the first admin, an accepted invitation), signed in at once. */
  private openAccount(
    details: Pick<StoredAccount, "name" | "email" | "role" | "password">,
    action: AuditAction,
  ): SessionResponse {
    const account: StoredAccount = {
      id: `agent-${randomToken().slice(0, 8).toLowerCase()}`,
      ...details,
      active: true,
      lastActiveAt: null,
      createdAt: this.now().toISOString(),
      externalHost: null,
    };
    this.accounts.push(account);
    this.audit(action, account, account.id);
    return this.startSession(account, null);
  }

  private startSession(account: StoredAccount, action: AuditAction | null): SessionResponse {
    this.sessionAgentId = account.id;
    account.lastActiveAt = this.now().toISOString();
    if (action) this.audit(action, account, account.id);
    return this.sessionOf(account);
  }

  private audit(
    action: AuditAction,
    actor: Pick<AgentAccount, "id" | "name"> | null,
    target: string | null,
    detail: AuditEntry["detail"] = {},
  ): void {
    const entry: AuditEntry = {
      id: String(++this.auditSeq),
      at: this.now().toISOString(),
      actor: actor ? { id: actor.id, name: actor.name } : null,
      action,
      target,
      detail,
      ip: MOCK_IP,
    };
    this.auditEntries = [entry, ...this.auditEntries];
  }
}
