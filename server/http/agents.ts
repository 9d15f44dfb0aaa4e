import type { Agent } from "../../contract/conversation.ts";
import type { Queryable } from "../db/database.ts";

export async function listAgents(db: Queryable): Promise<Agent[]> {
  return db.query<Agent>("select id, name, role from agents order by role desc, name");
}

export async function upsertAgents(db: Queryable, agents: readonly Agent[], now: number): Promise<void> {
  if (agents.length === 0) return;
  await db.query(
    `insert into agents (id, name, role, created_at)
     select u.id, u.name, u.role, $4 from unnest($1::text[], $2::text[], $3::text[]) as u(id, name, role)
     on conflict (id) do update set name = excluded.name, role = excluded.role`,
    [agents.map((a) => a.id), agents.map((a) => a.name), agents.map((a) => a.role), now],
  );
}
