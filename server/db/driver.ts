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
  constructor(cause: unknown, hint?: string) {
    super(
      `The database is unavailable: ${cause instanceof Error ? cause.message : String(cause)}${hint ? `. ${hint}` : ""}`,
      { cause },
    );
    this.name = "DatabaseUnavailableError";
  }
}

/**
 * SQLSTATEs that say the server cannot serve us now, not that the statement was wrong: retrying later can succeed,
 * so the API answers 503 and Meta re-delivers. Class 08 (connection exceptions) is matched as a whole.
 */
const UNAVAILABLE_SQLSTATES = new Set([
  "3D000", // invalid_catalog_name: the database does not exist (not created yet, dropped, a typo in DATABASE_URL)
  "28000", // invalid_authorization_specification: pg_hba.conf refuses us
  "28P01", // invalid_password
  "53000", // insufficient_resources
  "53100", // disk_full
  "53200", // out_of_memory
  "53300", // too_many_connections
  "57P01", // admin_shutdown: pg_ctl stop/restart -m fast ended our backend
  "57P02", // crash_shutdown: another backend crashed and the server is resetting
  "57P03", // cannot_connect_now: starting up, shutting down or in recovery
  "57P04", // database_dropped
  "57P05", // idle_session_timeout
  "25006", // read_only_sql_transaction: after a failover our connection reached what is now a standby
]);

/** Socket errors on the way to the server (refused, reset, no route, no such host or socket file). */
const UNAVAILABLE_SOCKET_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ENOENT",
]);

/** What node-postgres says when a connection ended under it or could not be had in time. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|timeout exceeded when trying to connect|is not queryable|Cannot use a pool after calling end/i;

/** Whether an error means the database cannot be reached or cannot serve now (retry later), whichever driver raised it. */
function isUnavailable(error: unknown, depth = 0): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  if (typeof error !== "object" || error === null || depth > 3) return false;
  const code = "code" in error && typeof error.code === "string" ? error.code : "";
  if (UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code) || UNAVAILABLE_SOCKET_CODES.has(code))
    return true;
  if (error instanceof Error && UNAVAILABLE_MESSAGE.test(error.message)) return true;
  // Node's happy-eyeballs connect (localhost: ::1 then 127.0.0.1) fails with an AggregateError of each attempt's.
  if (error instanceof AggregateError) return error.errors.some((e) => isUnavailable(e, depth + 1));
  return false;
}

/** The error a query should raise: DatabaseUnavailableError when the database is not there, the error itself otherwise. */
export function translateDatabaseError(error: unknown): unknown {
  return isUnavailable(error) && !(error instanceof DatabaseUnavailableError)
    ? new DatabaseUnavailableError(error)
    : error;
}

/** PostgreSQL type oids we parse the same way on both drivers. */
export const INT8_OID = 20;
export const NUMERIC_OID = 1700;
