import pg from "pg";
import { DatabaseUnavailableError, INT8_OID, NUMERIC_OID, type Database, type Queryable } from "./driver.ts";

const CONNECTION_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "ENOTFOUND",
  "57P01",
  "57P03",
  "08006",
  "08001",
  "08003",
]);

function translate(error: unknown): unknown {
  const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
  if (
    CONNECTION_ERRORS.has(code) ||
    (error instanceof Error &&
      /Connection terminated|timeout exceeded when trying to connect/i.test(error.message))
  ) {
    return new DatabaseUnavailableError(error);
  }
  return error;
}

/** A real PostgreSQL server through node-postgres; several Baton instances can share it. */
export async function openPostgres(url: string): Promise<Database> {
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === INT8_OID || oid === NUMERIC_OID
        ? (v: string) => Number(v)
        : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 5000, types });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it on the next query.
  });
  const run = async <R>(
    client: pg.Pool | pg.PoolClient,
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<R[]> => {
    try {
      const res = await client.query(sql, [...params]);
      return res.rows as R[];
    } catch (error) {
      throw translate(error);
    }
  };
  let listener: pg.PoolClient | null = null;
  const handlers = new Map<string, Set<(payload: string) => void>>();
  await run(pool, "select 1");
  return {
    kind: "postgres",
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw translate(error);
      }
      const tx: Queryable = { query: (sql, params) => run(client, sql, params) };
      try {
        await client.query("begin");
        const result = await fn(tx);
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => undefined);
        throw translate(error);
      } finally {
        client.release();
      }
    },
    exec: async (sql) => {
      await run(pool, sql);
    },
    async listen(channel, onPayload) {
      if (!listener) {
        listener = await pool.connect();
        listener.on("notification", (msg) => {
          for (const h of handlers.get(msg.channel) ?? []) h(msg.payload ?? "");
        });
      }
      const set = handlers.get(channel) ?? new Set();
      if (!handlers.has(channel)) {
        handlers.set(channel, set);
        await listener.query(`listen ${pg.escapeIdentifier(channel)}`);
      }
      set.add(onPayload);
      return async () => {
        set.delete(onPayload);
      };
    },
    async close() {
      listener?.release();
      listener = null;
      await pool.end();
    },
  };
}
