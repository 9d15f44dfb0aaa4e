import type { Me, Role } from "../../contract/auth.ts";
import type { Config } from "../config.ts";
import type { Queryable } from "../db/database.ts";
import { randomToken, tokenId } from "./tokens.ts";

export type SessionVia = "cookie" | "bearer";

/** Who a request speaks for, once its cookie or bearer token checked out. */
export interface AuthContext {
  agent: Me;
  sessionId: string;
  via: SessionVia;
  expiresAt: number;
}

export interface SessionLifetimes {
  idleMs: number;
  absoluteMs: number;
}

export const lifetimesOf = (config: Config): SessionLifetimes => ({
  idleMs: config.SESSION_IDLE_MINUTES * 60_000,
  absoluteMs: config.SESSION_MAX_HOURS * 3_600_000,
});

/** Bearer sessions of embedded hosts are short: the host hands out fresh tokens whenever Baton asks. */
export const BEARER_SESSION_MS = 15 * 60_000;

/** last_seen_at is written at most this often, so reading the inbox does not write a row per request. */
const TOUCH_EVERY_MS = 60_000;

export class SessionStore {
  constructor(
    private readonly db: Queryable,
    private readonly secret: string,
    private readonly lifetimes: SessionLifetimes,
  ) {}

  /** Starts a session and returns its token (shown once: the database keeps only its HMAC). */
  async create(args: {
    agentId: string;
    via: SessionVia;
    now: number;
    ip: string | null;
    userAgent: string | null;
    absoluteMs?: number;
  }): Promise<{ token: string; id: string; expiresAt: number }> {
    const token = randomToken();
    const id = tokenId(this.secret, token);
    const expiresAt =
      args.now + Math.min(args.absoluteMs ?? this.lifetimes.absoluteMs, this.lifetimes.absoluteMs);
    await this.db.query(
      `insert into sessions (id, agent_id, via, created_at, last_seen_at, expires_at, ip, user_agent) values ($1, $2, $3, $4, $4, $5, $6, $7)`,
      [id, args.agentId, args.via, args.now, expiresAt, args.ip, args.userAgent?.slice(0, 300) ?? null],
    );
    await this.db.query("update agents set last_active_at = $2 where id = $1", [args.agentId, args.now]);
    return { token, id, expiresAt };
  }

  /** The session a token stands for, or null when it is unknown, idle too long, past its end or its agent is deactivated. */
  async lookup(token: string, via: SessionVia, now: number): Promise<AuthContext | null> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
    const id = tokenId(this.secret, token);
    const [row] = await this.db.query<{
      via: SessionVia;
      expires_at: number;
      last_seen_at: number;
      agent_id: string;
      name: string;
      email: string | null;
      role: Role;
      active: boolean;
    }>(
      `select s.via, s.expires_at, s.last_seen_at, a.id as agent_id, a.name, a.email, a.role, a.active
       from sessions s join agents a on a.id = s.agent_id where s.id = $1`,
      [id],
    );
    if (!row || row.via !== via) return null;
    if (
      !row.active ||
      now >= Number(row.expires_at) ||
      now - Number(row.last_seen_at) >= this.lifetimes.idleMs
    ) {
      await this.db.query("delete from sessions where id = $1", [id]);
      return null;
    }
    if (now - Number(row.last_seen_at) >= TOUCH_EVERY_MS) {
      await this.db.query("update sessions set last_seen_at = $2 where id = $1", [id, now]);
      await this.db.query("update agents set last_active_at = $2 where id = $1", [row.agent_id, now]);
    }
    return {
      agent: { id: row.agent_id, name: row.name, email: row.email, role: row.role },
      sessionId: id,
      via: row.via,
      expiresAt: Number(row.expires_at),
    };
  }

  /** Whether a session still stands (live streams ask this now and then). */
  async stillValid(sessionId: string, now: number): Promise<boolean> {
    const [row] = await this.db.query<{ ok: boolean }>(
      `select (a.active and s.expires_at > $2 and $2 - s.last_seen_at < $3) as ok from sessions s join agents a on a.id = s.agent_id where s.id = $1`,
      [sessionId, now, this.lifetimes.idleMs],
    );
    return row?.ok === true;
  }

  async end(sessionId: string): Promise<void> {
    await this.db.query("delete from sessions where id = $1", [sessionId]);
  }

  async endToken(token: string): Promise<void> {
    await this.end(tokenId(this.secret, token));
  }

  /** Ends every session of an agent (sign out everywhere, deactivation, password reset); returns how many. */
  async endAll(agentId: string): Promise<number> {
    const rows = await this.db.query("delete from sessions where agent_id = $1 returning id", [agentId]);
    return rows.length;
  }

  async purgeExpired(now: number): Promise<void> {
    await this.db.query("delete from sessions where expires_at <= $1 or $1 - last_seen_at >= $2", [
      now,
      this.lifetimes.idleMs,
    ]);
  }
}

/** The session cookie: __Host-, Secure, HttpOnly, SameSite=Lax; Secure is relaxed only when Baton is on a loopback http address. */
export interface CookieSettings {
  name: string;
  secure: boolean;
}

export function cookieSettings(publicOrigin: URL): CookieSettings {
  const secure = publicOrigin.protocol === "https:";
  return secure ? { name: "__Host-baton_session", secure: true } : { name: "baton_session", secure: false };
}
