/**
 * What every database driver provides and shares: the interface over PGlite (embedded) and node-postgres (a real
 * server), the error for an unreachable database, and the type oids both parse alike. The drivers import this
 * module, never database.ts, which picks a driver (so the two never import each other).
 */
export interface Queryable {
  query<R>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Database extends Queryable {
  readonly kind: "pglite" | "postgres";
  /** Runs fn in one transaction: everything or nothing. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Runs several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Subscribes to NOTIFY on a channel. A dropped listening connection is replaced and subscribed again; notifications
   * sent meanwhile are lost, so `onResubscribed` is called after each reconnection for the caller to resynchronise.
   */
  listen(
    channel: string,
    onPayload: (payload: string) => void,
    onResubscribed?: () => void,
  ): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** Raised when the database cannot be reached: the API answers 503 and Meta re-delivers. */
export class DatabaseUnavailableError extends Error {
  constructor(cause: unknown) {
    super(`The database is unavailable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = "DatabaseUnavailableError";
  }
}

/** PostgreSQL type oids we parse the same way on both drivers. */
export const INT8_OID = 20;
export const NUMERIC_OID = 1700;
