import { randomUUID } from "node:crypto";
import type { Invitation, LinkKind, Role } from "../../contract/auth.ts";
import type { Queryable } from "../db/database.ts";
import { randomToken, tokenId } from "./tokens.ts";

/** How long one-time links stay good. */
const LINK_TTL_MS: Record<LinkKind, number> = {
  setup: 24 * 3_600_000,
  invite: 7 * 24 * 3_600_000,
  reset: 3_600_000,
};

export interface LinkRow {
  public_id: string;
  kind: LinkKind;
  agent_id: string | null;
  email: string | null;
  role: Role | null;
  expires_at: number;
}

/** The page each link opens; the token rides in the #fragment so it never reaches a server log or a Referer. */
export const LINK_PATH: Record<LinkKind, string> = {
  setup: "/setup",
  invite: "/invite",
  reset: "/reset-password",
};

/**
 * One-time links: setup (the first admin), invitations and password resets. The token is shown once; the
 * database keeps its HMAC. Creating a setup link or a reset link replaces the unused ones of the same purpose.
 */
export class OneTimeLinks {
  constructor(
    private readonly db: Queryable,
    private readonly secret: string,
  ) {}

  async create(args: {
    kind: LinkKind;
    agentId?: string | null;
    email?: string | null;
    role?: Role | null;
    createdBy: string | null;
    now: number;
  }): Promise<{ token: string; publicId: string; expiresAt: number }> {
    if (args.kind === "setup")
      await this.db.query("delete from auth_links where kind = 'setup' and used_at is null");
    if (args.kind === "reset" && args.agentId)
      await this.db.query(
        "delete from auth_links where kind = 'reset' and agent_id = $1 and used_at is null",
        [args.agentId],
      );
    if (args.kind === "invite" && args.email)
      await this.db.query("delete from auth_links where kind = 'invite' and email = $1 and used_at is null", [
        args.email,
      ]);
    const token = randomToken();
    const publicId = `ln_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
    const expiresAt = args.now + LINK_TTL_MS[args.kind];
    await this.db.query(
      `insert into auth_links (id, public_id, kind, agent_id, email, role, created_by, created_at, expires_at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        tokenId(this.secret, token),
        publicId,
        args.kind,
        args.agentId ?? null,
        args.email ?? null,
        args.role ?? null,
        args.createdBy,
        args.now,
        expiresAt,
      ],
    );
    return { token, publicId, expiresAt };
  }

  /** The unused, unexpired link a token stands for. */
  async read(token: string, now: number): Promise<LinkRow | null> {
    const [row] = await this.db.query<LinkRow>(
      "select public_id, kind, agent_id, email, role, expires_at from auth_links where id = $1 and used_at is null and expires_at > $2",
      [tokenId(this.secret, token), now],
    );
    return row ? { ...row, expires_at: Number(row.expires_at) } : null;
  }

  /** Marks a link used, once: of two requests racing with the same token only one gets the row. */
  async consume(token: string, kind: LinkKind, now: number): Promise<LinkRow | null> {
    const [row] = await this.db.query<LinkRow>(
      `update auth_links set used_at = $3 where id = $1 and kind = $2 and used_at is null and expires_at > $3
       returning public_id, kind, agent_id, email, role, expires_at`,
      [tokenId(this.secret, token), kind, now],
    );
    return row ? { ...row, expires_at: Number(row.expires_at) } : null;
  }

  async pendingInvitations(now: number): Promise<Invitation[]> {
    const rows = await this.db.query<{
      public_id: string;
      email: string;
      role: Role;
      created_by: string | null;
      created_at: number;
      expires_at: number;
    }>(
      `select l.public_id, l.email, l.role, a.name as created_by, l.created_at, l.expires_at
       from auth_links l left join agents a on a.id = l.created_by
       where l.kind = 'invite' and l.used_at is null and l.expires_at > $1 order by l.created_at desc`,
      [now],
    );
    return rows.map((r) => ({
      id: r.public_id,
      email: r.email,
      role: r.role,
      invitedBy: r.created_by,
      createdAt: new Date(Number(r.created_at)).toISOString(),
      expiresAt: new Date(Number(r.expires_at)).toISOString(),
    }));
  }

  async revokeInvitation(publicId: string): Promise<string | null> {
    const [row] = await this.db.query<{ email: string }>(
      "delete from auth_links where public_id = $1 and kind = 'invite' and used_at is null returning email",
      [publicId],
    );
    return row?.email ?? null;
  }
}
