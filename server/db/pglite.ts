import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { unaccent } from "@electric-sql/pglite/contrib/unaccent";
import { mkdirSync } from "node:fs";
import { DatabaseUnavailableError, INT8_OID, NUMERIC_OID, type Database, type Queryable } from "./driver.ts";

const parsers = { [INT8_OID]: (v: string) => Number(v), [NUMERIC_OID]: (v: string) => Number(v) };

/** Embedded PostgreSQL (WASM). dataDir null keeps everything in memory (tests). */
export async function openPglite(dataDir: string | null): Promise<Database> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // Search's trigram indexes and accent folding (migration 0012) need these two contrib extensions loaded at open.
  const extensions = { pg_trgm, unaccent };
  const pg = dataDir ? new PGlite(dataDir, { parsers, extensions }) : new PGlite({ parsers, extensions });
  await pg.waitReady;
  const unavailable = (error: unknown) => (pg.closed ? new DatabaseUnavailableError(error) : error);
  const wrap = (q: { query: PGlite["query"] }): Queryable => ({
    async query<R>(sql: string, params: readonly unknown[] = []) {
      try {
        const res = await q.query<R>(sql, [...params]);
        return res.rows;
      } catch (error) {
        throw unavailable(error);
      }
    },
  });
  const root = wrap(pg);
  return {
    kind: "pglite",
    query: root.query,
    transaction: async (fn) => {
      try {
        return await pg.transaction((tx) => fn(wrap(tx)));
      } catch (error) {
        throw unavailable(error);
      }
    },
    exec: async (sql) => {
      await pg.exec(sql);
    },
    listen: async (channel, onPayload) => {
      const unsubscribe = await pg.listen(channel, onPayload);
      return unsubscribe;
    },
    close: () => pg.close(),
  };
}
