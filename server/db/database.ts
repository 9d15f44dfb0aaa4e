import type { Logger } from "../logger.ts";
import type { Database } from "./driver.ts";

/** One small interface over PGlite (embedded) and node-postgres (a real server), so the same SQL serves both. */
export { DatabaseUnavailableError, type Database, type Queryable } from "./driver.ts";

/**
 * A folder for embedded PGlite, `memory:` for an in-memory PGlite, or a postgres:// URL. The log hears what the
 * driver does on its own (a LISTEN connection lost and opened again).
 */
export async function openDatabase(url: string, log?: Logger): Promise<Database> {
  if (/^postgres(ql)?:\/\//.test(url)) {
    const { openPostgres } = await import("./postgres.ts");
    return openPostgres(url, log);
  }
  const { openPglite } = await import("./pglite.ts");
  return openPglite(url === "memory:" ? null : url);
}
