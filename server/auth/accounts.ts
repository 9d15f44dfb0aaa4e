import { randomUUID } from "node:crypto";
import type { AgentAccount, Role } from "../../contract/auth.ts";
import type { Queryable } from "../db/database.ts";

export interface AccountRow {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  active: boolean;
  password_hash: string | null;
}

const newAgentId = () => `ag_${randomUUID().replace(/-/g, "").slice(0, 16)}`;

export async function findByEmail(db: Queryable, email: string): Promise<AccountRow | null> {
  const [row] = await db.query<AccountRow>(
    "select id, name, email, role, active, password_hash from agents where email = $1",
    [email],
  );
  return row ?? null;
}

export async function findById(db: Queryable, id: string): Promise<AccountRow | null> {
  const [row] = await db.query<AccountRow>(
    "select id, name, email, role, active, password_hash from agents where id = $1",
    [id],
  );
  return row ?? null;
}

export async function createAccount(
  db: Queryable,
  a: {
    id?: string;
    name: string;
    email: string | null;
    role: Role;
    passwordHash: string | null;
    now: number;
    externalHost?: string;
    externalSubject?: string;
  },
): Promise<string> {
  const id = a.id ?? newAgentId();
  await db.query(
    `insert into agents (id, name, email, role, password_hash, active, created_at, external_host, external_subject)
     values ($1, $2, $3, $4, $5, true, $6, $7, $8)`,
    [id, a.name, a.email, a.role, a.passwordHash, a.now, a.externalHost ?? null, a.externalSubject ?? null],
  );
  return id;
}

/** Creates or updates accounts by id (the demo's team, test fixtures): name, email, role and password hash. */
export async function upsertAccounts(
  db: Queryable,
  accounts: readonly { id: string; name: string; email: string; role: Role; passwordHash: string }[],
  now: number,
): Promise<void> {
  if (accounts.length === 0) return;
  await db.query(
    `insert into agents (id, name, email, role, password_hash, active, created_at)
     select u.id, u.name, u.email, u.role, u.hash, true, $6
     from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) as u(id, name, email, role, hash)
     on conflict (id) do update set name = excluded.name, email = excluded.email, role = excluded.role, password_hash = excluded.password_hash, active = true`,
    [
      accounts.map((a) => a.id),
      accounts.map((a) => a.name),
      accounts.map((a) => a.email),
      accounts.map((a) => a.role),
      accounts.map((a) => a.passwordHash),
      now,
    ],
  );
}

export async function activeAdminCount(db: Queryable): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    "select count(*)::int as n from agents where role = 'admin' and active",
  );
  return row?.n ?? 0;
}

export async function listAccounts(db: Queryable): Promise<AgentAccount[]> {
  const rows = await db.query<{
    id: string;
    name: string;
    email: string | null;
    role: Role;
    active: boolean;
    last_active_at: number | null;
    created_at: number;
    external_host: string | null;
  }>(
    "select id, name, email, role, active, last_active_at, created_at, external_host from agents order by active desc, name",
  );
  return rows.map(toAccount);
}

export async function getAccount(db: Queryable, id: string): Promise<AgentAccount | null> {
  const [row] = await db.query<{
    id: string;
    name: string;
    email: string | null;
    role: Role;
    active: boolean;
    last_active_at: number | null;
    created_at: number;
    external_host: string | null;
  }>(
    "select id, name, email, role, active, last_active_at, created_at, external_host from agents where id = $1",
    [id],
  );
  return row ? toAccount(row) : null;
}

function toAccount(r: {
  id: string;
  name: string;
  email: string | null;
  role: Role;
  active: boolean;
  last_active_at: number | null;
  created_at: number;
  external_host: string | null;
}): AgentAccount {
  return {
    id: r.id,
    name: r.name,
    email: r.email,
    role: r.role,
    active: r.active,
    lastActiveAt: r.last_active_at === null ? null : new Date(Number(r.last_active_at)).toISOString(),
    createdAt: new Date(Number(r.created_at)).toISOString(),
    externalHost: r.external_host,
  };
}
