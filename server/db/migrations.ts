import { readdirSync, readFileSync } from "node:fs";
import type { Database } from "./database.ts";

/**
 * Schema changes, applied in order at start: one SQL file per change in `migrations/`, named
 * `NNNN-what-it-does.sql`, whose first line is a `-- comment` naming it. The same SQL runs on PGlite and PostgreSQL.
 * Times are milliseconds since the epoch (bigint), as Meta sends them. Statements are separated by `;` at the end
 * of a line.
 */
interface Migration {
  version: number;
  name: string;
  sql: string;
}

const FOLDER = new URL("./migrations/", import.meta.url);

function loadMigrations(): Migration[] {
  const migrations = readdirSync(FOLDER)
    .filter((file) => file.endsWith(".sql"))
    .map((file) => {
      const match = /^(\d{4})-[a-z0-9-]+\.sql$/.exec(file);
      if (!match?.[1]) throw new Error(`Migration file ${file} is not named NNNN-what-it-does.sql.`);
      const sql = readFileSync(new URL(file, FOLDER), "utf8");
      const name = /^--\s*(.+)$/m.exec(sql)?.[1]?.trim();
      if (!name) throw new Error(`Migration file ${file} does not start with a -- comment naming it.`);
      return { version: Number(match[1]), name, sql };
    })
    .sort((a, b) => a.version - b.version);
  const seen = new Set<number>();
  for (const m of migrations) {
    if (seen.has(m.version)) throw new Error(`Two migration files are numbered ${m.version}.`);
    seen.add(m.version);
  }
  return migrations;
}

/** Applies pending migrations. On PostgreSQL an advisory lock keeps two starting instances from racing. */
export async function migrate(db: Database): Promise<number> {
  const migrations = loadMigrations();
  return db.transaction(async (tx) => {
    if (db.kind === "postgres") await tx.query("select pg_advisory_xact_lock(7313001)");
    await tx.query(
      `create table if not exists schema_migrations (version integer primary key, name text not null, applied_at bigint not null)`,
    );
    const done = new Set(
      (await tx.query<{ version: number }>("select version from schema_migrations")).map((r) => r.version),
    );
    let applied = 0;
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      for (const statement of m.sql
        .split(/;\s*\n/)
        .map((s) => s.trim())
        .filter(Boolean)) {
        await tx.query(statement);
      }
      await tx.query("insert into schema_migrations (version, name, applied_at) values ($1, $2, $3)", [
        m.version,
        m.name,
        Date.now(),
      ]);
      applied += 1;
    }
    return applied;
  });
}
