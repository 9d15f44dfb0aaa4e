import type { AuditAction, LinkKind, Me, OneTimeLink, Role, SessionResponse } from "../../contract/auth.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors.ts";
import type { LiveConnections } from "../live/connections.ts";
import type { Logger } from "../logger.ts";
import { activeAdminCount, createAccount, findByEmail, findById, getAccount } from "./accounts.ts";
import { audit, type AuditRecord } from "./audit.ts";
import { createMailer, type Mailer } from "./mailer.ts";
import { LINK_PATH, OneTimeLinks } from "./links.ts";
import { hashPassword, verifyPassword } from "./passwords.ts";
import { publicOrigin } from "./request-guards.ts";
import {
  cookieSettings,
  lifetimesOf,
  SessionStore,
  type AuthContext,
  type CookieSettings,
} from "./sessions.ts";
import { accountKey, ACCOUNT_RULE, addressKey, ADDRESS_RULE, SignInThrottle } from "./throttle.ts";

export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
}

export interface StartedSession {
  token: string;
  response: SessionResponse;
}

const INVALID_CREDENTIALS = "That email and password do not match an active account.";

/** Accounts, sign-in, sessions, one-time links and the audit trail: what the auth and admin routes call. */
export class AuthService {
  readonly sessions: SessionStore;
  readonly links: OneTimeLinks;
  readonly throttle: SignInThrottle;
  readonly cookie: CookieSettings;
  readonly origin: URL;
  readonly #mailer: Mailer | null;

  constructor(
    private readonly deps: { db: Database; config: Config; clock: Clock; log: Logger; live: LiveConnections },
  ) {
    this.sessions = new SessionStore(deps.db, deps.config.SESSION_SECRET, lifetimesOf(deps.config));
    this.links = new OneTimeLinks(deps.db, deps.config.SESSION_SECRET);
    this.throttle = new SignInThrottle(deps.db);
    this.origin = publicOrigin(deps.config);
    this.cookie = cookieSettings(this.origin);
    this.#mailer = createMailer(deps.config.SMTP_URL, deps.config.SMTP_FROM, deps.log);
  }

  now(): number {
    return this.deps.clock.now().getTime();
  }

  audit(r: Omit<AuditRecord, "at">): Promise<void> {
    return audit(this.deps.db, { ...r, at: this.now() });
  }

  /** Removes expired sessions, old links, stale throttle rows and spent embedded-token records. */
  housekeeping(): Promise<void> {
    return purgeAuthLeftovers(this.deps.db, this.sessions, this.now());
  }

  async setupRequired(): Promise<boolean> {
    return (await activeAdminCount(this.deps.db)) === 0;
  }

  /** The link that creates the first admin, printed at start while there is none; replaces any earlier one. */
  async setupLink(): Promise<string | null> {
    if (!(await this.setupRequired())) return null;
    const { token } = await this.links.create({ kind: "setup", createdBy: null, now: this.now() });
    return this.linkUrl("setup", token);
  }

  linkUrl(kind: LinkKind, token: string): string {
    return `${this.origin.origin}${LINK_PATH[kind]}#token=${token}`;
  }

  async #start(
    agent: Me,
    meta: RequestMeta,
    action: AuditAction,
    presented: string | null,
  ): Promise<StartedSession> {
    // Rotation at sign-in: whatever session the browser presented is ended, and a new token is issued (fixation).
    if (presented) await this.sessions.endToken(presented);
    const now = this.now();
    const { token, expiresAt } = await this.sessions.create({
      agentId: agent.id,
      via: "cookie",
      now,
      ip: meta.ip,
      userAgent: meta.userAgent,
    });
    await this.audit({ actorId: agent.id, action, target: agent.id, ip: meta.ip });
    return { token, response: { agent, via: "cookie", expiresAt: new Date(expiresAt).toISOString() } };
  }

  async signIn(
    email: string,
    password: string,
    meta: RequestMeta,
    presented: string | null,
  ): Promise<StartedSession> {
    const now = this.now();
    const keys = [accountKey(email), ...(meta.ip ? [addressKey(meta.ip)] : [])];
    const wait = await this.throttle.waitMs(keys, now);
    if (wait > 0) throw tooManyAttempts(wait);
    const account = await findByEmail(this.deps.db, email);
    const ok = await verifyPassword(account?.active ? account.password_hash : null, password);
    if (!ok || !account) {
      const locked = await this.throttle.fail(
        [
          { key: accountKey(email), rule: ACCOUNT_RULE },
          ...(meta.ip ? [{ key: addressKey(meta.ip), rule: ADDRESS_RULE }] : []),
        ],
        now,
      );
      await this.audit({
        actorId: null,
        action: locked ? "account_locked" : "sign_in_failed",
        target: email,
        ip: meta.ip,
      });
      throw new AppError(401, "invalid_credentials", INVALID_CREDENTIALS);
    }
    await this.throttle.clear(accountKey(email));
    return this.#start(
      { id: account.id, name: account.name, email: account.email, role: account.role },
      meta,
      "sign_in",
      presented,
    );
  }

  /** The local demo's one-click sign-in (only mounted by `npm start` with the simulator). */
  async signInAs(agentId: string, meta: RequestMeta, presented: string | null): Promise<StartedSession> {
    const account = await findById(this.deps.db, agentId);
    if (!account?.active) throw new AppError(404, "not_found", "There is no such demo agent.");
    return this.#start(
      { id: account.id, name: account.name, email: account.email, role: account.role },
      meta,
      "sign_in",
      presented,
    );
  }

  async signOut(auth: AuthContext, meta: RequestMeta): Promise<void> {
    await this.sessions.end(auth.sessionId);
    this.deps.live.closeSession(auth.sessionId);
    await this.audit({ actorId: auth.agent.id, action: "sign_out", target: auth.agent.id, ip: meta.ip });
  }

  async signOutEverywhere(auth: AuthContext, meta: RequestMeta): Promise<void> {
    const ended = await this.sessions.endAll(auth.agent.id);
    this.deps.live.closeAgent(auth.agent.id);
    await this.audit({
      actorId: auth.agent.id,
      action: "sign_out_everywhere",
      target: auth.agent.id,
      detail: { sessions: ended },
      ip: meta.ip,
    });
  }

  async setup(
    body: { token: string; name: string; email: string; password: string },
    meta: RequestMeta,
    presented: string | null,
  ): Promise<StartedSession> {
    const now = this.now();
    if ((await this.links.read(body.token, now))?.kind !== "setup") throw linkInvalid();
    if (!(await this.setupRequired()))
      throw new AppError(409, "setup_done", "Baton already has an admin. Sign in instead.");
    // Checked before the link is used up: a taken email must leave the one-time link good for a second try.
    if (await findByEmail(this.deps.db, body.email))
      throw new AppError(409, "email_taken", "An account with this email exists already.");
    const passwordHash = await hashPassword(body.password);
    if (!(await this.links.consume(body.token, "setup", now))) throw linkInvalid();
    const id = await createAccount(this.deps.db, {
      name: body.name,
      email: body.email,
      role: "admin",
      passwordHash,
      now,
    });
    return this.#start({ id, name: body.name, email: body.email, role: "admin" }, meta, "setup", presented);
  }

  async acceptInvite(
    body: { token: string; name: string; password: string },
    meta: RequestMeta,
    presented: string | null,
  ): Promise<StartedSession> {
    const now = this.now();
    const link = await this.links.read(body.token, now);
    if (link?.kind !== "invite" || !link.email || !link.role) throw linkInvalid();
    if (await findByEmail(this.deps.db, link.email))
      throw new AppError(409, "email_taken", "An account with this email exists already. Sign in instead.");
    const passwordHash = await hashPassword(body.password);
    if (!(await this.links.consume(body.token, "invite", now))) throw linkInvalid();
    const id = await createAccount(this.deps.db, {
      name: body.name,
      email: link.email,
      role: link.role,
      passwordHash,
      now,
    });
    return this.#start(
      { id, name: body.name, email: link.email, role: link.role },
      meta,
      "invite_accepted",
      presented,
    );
  }

  async resetPassword(
    body: { token: string; password: string },
    meta: RequestMeta,
    presented: string | null,
  ): Promise<StartedSession> {
    const now = this.now();
    const passwordHash = await hashPassword(body.password);
    const link = await this.links.consume(body.token, "reset", now);
    const account = link?.agent_id ? await findById(this.deps.db, link.agent_id) : null;
    if (!account?.active) throw linkInvalid();
    await this.deps.db.query("update agents set password_hash = $2 where id = $1", [
      account.id,
      passwordHash,
    ]);
    // A new password ends every session that the old one opened.
    await this.sessions.endAll(account.id);
    this.deps.live.closeAgent(account.id);
    await this.throttle.clear(accountKey(account.email ?? ""));
    await this.audit({ actorId: account.id, action: "password_reset", target: account.id, ip: meta.ip });
    return this.#start(
      { id: account.id, name: account.name, email: account.email, role: account.role },
      meta,
      "sign_in",
      presented,
    );
  }

  async invite(by: AuthContext, email: string, role: Role, meta: RequestMeta): Promise<OneTimeLink> {
    if (await findByEmail(this.deps.db, email))
      throw new AppError(409, "email_taken", "An account with this email exists already.");
    const link = await this.links.create({
      kind: "invite",
      email,
      role,
      createdBy: by.agent.id,
      now: this.now(),
    });
    await this.audit({
      actorId: by.agent.id,
      action: "invite",
      target: email,
      detail: { role },
      ip: meta.ip,
    });
    const url = this.linkUrl("invite", link.token);
    const emailed =
      (await this.#mailer?.send({
        to: email,
        subject: `${by.agent.name} invited you to Baton`,
        text: `${by.agent.name} invited you to answer ${this.deps.config.PAGE_NAME}'s Messenger conversations in Baton as ${role === "admin" ? "an admin" : `a ${role}`}.\n\nChoose your name and password here (the link works once, for 7 days):\n${url}\n`,
      })) ?? false;
    return { url, expiresAt: new Date(link.expiresAt).toISOString(), emailed };
  }

  async resetLink(by: AuthContext, agentId: string, meta: RequestMeta): Promise<OneTimeLink> {
    const account = await getAccount(this.deps.db, agentId);
    if (!account) throw new AppError(404, "not_found", "There is no such agent.");
    if (!account.active)
      throw new AppError(409, "deactivated", "Reactivate this agent before sending a reset link.");
    if (account.externalHost)
      throw new AppError(
        409,
        "external_account",
        `${account.name} signs in through ${account.externalHost} and has no password here.`,
      );
    const link = await this.links.create({
      kind: "reset",
      agentId,
      email: account.email,
      createdBy: by.agent.id,
      now: this.now(),
    });
    await this.audit({ actorId: by.agent.id, action: "reset_link", target: agentId, ip: meta.ip });
    const url = this.linkUrl("reset", link.token);
    const emailed = account.email
      ? await (this.#mailer?.send({
          to: account.email,
          subject: "Reset your Baton password",
          text: `${by.agent.name} made you a link to choose a new Baton password (it works once, for one hour):\n${url}\n\nYour other sessions end when you use it.\n`,
        }) ?? Promise.resolve(false))
      : false;
    return { url, expiresAt: new Date(link.expiresAt).toISOString(), emailed };
  }

  /** Role, name and active changes by an admin; deactivation ends the agent's sessions and live streams at once. */
  async updateAgent(
    by: AuthContext,
    agentId: string,
    change: { role?: Role | undefined; active?: boolean | undefined; name?: string | undefined },
    meta: RequestMeta,
  ) {
    const db = this.deps.db;
    const before = await getAccount(db, agentId);
    if (!before) throw new AppError(404, "not_found", "There is no such agent.");
    if (change.active === false && agentId === by.agent.id)
      throw new AppError(400, "self", "You cannot deactivate yourself; another admin can.");
    const losesAdmin =
      before.role === "admin" &&
      before.active &&
      (change.active === false || (change.role !== undefined && change.role !== "admin"));
    await db.transaction(async (tx) => {
      if (losesAdmin) {
        // The active admins stay locked until the change commits, so two admins demoting each other at once
        // cannot both pass the check and leave Baton with none.
        const admins = await tx.query<{ id: string }>(
          "select id from agents where role = 'admin' and active order by id for update",
        );
        if (admins.length <= 1)
          throw new AppError(
            409,
            "last_admin",
            "Baton needs at least one active admin. Make someone else admin first.",
          );
        // What an admin handed out as an admin does not outlive their being one.
        await tx.query("delete from auth_links where created_by = $1 and used_at is null", [agentId]);
      }
      await tx.query(
        "update agents set role = coalesce($2, role), active = coalesce($3, active), name = coalesce($4, name) where id = $1",
        [agentId, change.role ?? null, change.active ?? null, change.name ?? null],
      );
    });
    if (change.active === false && before.active) {
      await this.sessions.endAll(agentId);
      this.deps.live.closeAgent(agentId);
      await this.audit({ actorId: by.agent.id, action: "deactivated", target: agentId, ip: meta.ip });
    }
    if (change.active === true && !before.active)
      await this.audit({ actorId: by.agent.id, action: "reactivated", target: agentId, ip: meta.ip });
    if (change.role !== undefined && change.role !== before.role) {
      await this.audit({
        actorId: by.agent.id,
        action: "role_changed",
        target: agentId,
        detail: { from: before.role, to: change.role },
        ip: meta.ip,
      });
    }
    if (change.name !== undefined && change.name !== before.name)
      await this.audit({
        actorId: by.agent.id,
        action: "renamed",
        target: agentId,
        detail: { from: before.name, to: change.name },
        ip: meta.ip,
      });
    const after = await getAccount(db, agentId);
    if (!after) throw new AppError(404, "not_found", "There is no such agent.");
    return after;
  }
}

/** Housekeeping, now and then: rows that can never be used again. */
async function purgeAuthLeftovers(db: Database, sessions: SessionStore, now: number): Promise<void> {
  await sessions.purgeExpired(now);
  await db.query("delete from auth_links where expires_at < $1", [now - 30 * 86_400_000]);
  await db.query(
    "delete from sign_in_throttle where (locked_until is null or locked_until < $1) and first_failure_at < $1 - $2",
    [now, ACCOUNT_RULE.windowMs],
  );
  await db.query("delete from embedded_token_uses where expires_at < $1", [now]);
}

function tooManyAttempts(waitMs: number): AppError {
  const seconds = Math.ceil(waitMs / 1000);
  const wait =
    seconds >= 90 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} second${seconds === 1 ? "" : "s"}`;
  return new AppError(429, "too_many_attempts", `Too many sign-in attempts. Try again in ${wait}.`, {
    retryAfterSeconds: seconds,
  });
}

function linkInvalid(): AppError {
  return new AppError(
    404,
    "link_invalid",
    "This link has expired or was used already. Ask an admin for a new one.",
  );
}
