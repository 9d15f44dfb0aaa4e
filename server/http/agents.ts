import type { Agent } from "../../contract/conversation.ts";
import type { Queryable } from "../db/database.ts";

/** The team as the assign menu needs it: active agents only (deactivated ones cannot take work). */
export async function listAgents(db: Queryable): Promise<Agent[]> {
  return db.query<Agent>("select id, name, role from agents where active order by role desc, name");
}
