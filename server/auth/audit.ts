import type { AuditAction, AuditEntry, AuditPage } from "../../contract/auth.ts";
import type { Queryable } from "../db/database.ts";

export interface AuditRecord {
  at: number;
  actorId: string | null;
  action: AuditAction;
  target?: string | null;
  detail?: Record<string, string | number | boolean | null>;
  ip?: string | null;
}

/** Who did what: sign-ins, account changes and conversation actions, for admins to read. */
export async function audit(db: Queryable, r: AuditRecord): Promise<void> {
  await db.query(
    "insert into audit_log (at, actor_id, action, target, detail, ip) values ($1, $2, $3, $4, $5, $6)",
    [r.at, r.actorId, r.action, r.target ?? null, JSON.stringify(r.detail ?? {}), r.ip ?? null],
  );
}

export async function auditPage(
  db: Queryable,
  cursor: string | undefined,
  limit: number,
): Promise<AuditPage> {
  const rows = await db.query<{
    id: string;
    at: string;
    actor_id: string | null;
    actor_name: string | null;
    action: AuditEntry["action"];
    target: string | null;
    detail: AuditEntry["detail"] | string;
    ip: string | null;
  }>(
    `select l.id::text as id, l.at, l.actor_id, a.name as actor_name, l.action, l.target, l.detail, l.ip
     from audit_log l left join agents a on a.id = l.actor_id
     where ($1::bigint is null or l.id < $1::bigint) order by l.id desc limit $2`,
    [cursor ?? null, limit + 1],
  );
  const items = rows.slice(0, limit).map((r) => ({
    id: r.id,
    at: new Date(Number(r.at)).toISOString(),
    actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? r.actor_id } : null,
    action: r.action,
    target: r.target,
    detail: typeof r.detail === "string" ? (JSON.parse(r.detail) as AuditEntry["detail"]) : r.detail,
    ip: r.ip,
  }));
  return { items, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
}
