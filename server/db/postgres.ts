import pg from "pg";
import type { Logger } from "../logger.ts";
import {
  DatabaseUnavailableError,
  INT8_OID,
  NUMERIC_OID,
  translateDatabaseError,
  type Database,
  type Queryable,
} from "./driver.ts";

/** How the pool's connections and the listening one show in pg_stat_activity (an operator, a fault test). */
const APPLICATION_NAME = "baton";
const LISTEN_APPLICATION_NAME = "baton-listen";
/** The listening connection is opened again after 0.1 s, then twice as long each failed attempt, up to 2 s. */
const RECONNECT_FIRST_MS = 100;
const RECONNECT_MAX_MS = 2_000;

/**
 * How the listening connection is checked: a `select 1` this often, which must answer within the timeout. A
 * connection that went silent (a network partition, a NAT or firewall that forgot an idle connection) raises no
 * error of its own for many minutes; this notices it within about heartbeat + timeout, and it is replaced.
 */
export interface ListenHeartbeat {
  everyMs: number;
  timeoutMs: number;
}
const DEFAULT_HEARTBEAT: ListenHeartbeat = { everyMs: 30_000, timeoutMs: 10_000 };

/** A subscriber of one channel. */
interface Subscription {
  onPayload: (payload: string) => void;
  onResubscribed: (() => void) | undefined;
}

/**
 * The one connection that LISTENs, for every channel. It is a client of its own (a pooled one would be handed
 * back or dropped by the pool). When it is lost (the server restarted, the backend was terminated, the network
 * broke) it is opened again with back-off, every channel is LISTENed again, and each subscriber's onResubscribed
 * runs: notifications sent while it was down are lost, and that is how subscribers learn to catch up.
 */
class Listener {
  readonly #subscriptions = new Map<string, Set<Subscription>>();
  #client: pg.Client | null = null;
  #connecting: Promise<void> | null = null;
  #retry: NodeJS.Timeout | null = null;
  #attempts = 0;
  #closed = false;
  #heartbeat: NodeJS.Timeout | null = null;

  constructor(
    private readonly newClient: () => pg.Client,
    private readonly log: Logger | undefined,
    private readonly heartbeat: ListenHeartbeat,
  ) {}

  async listen(
    channel: string,
    onPayload: (payload: string) => void,
    onResubscribed?: () => void,
  ): Promise<() => Promise<void>> {
    if (this.#closed) throw new DatabaseUnavailableError("the database has been closed");
    // The first subscription opens the connection and fails if it cannot (start-up stops with the reason).
    if (!this.#client && !this.#connecting && !this.#retry) await this.#connectOnce();
    else if (this.#connecting) await this.#connecting.catch(() => undefined);
    const subscription: Subscription = { onPayload, onResubscribed };
    let set = this.#subscriptions.get(channel);
    if (!set) {
      set = new Set();
      this.#subscriptions.set(channel, set);
      // Without a connection now, the reconnection LISTENs every channel in the map, this one too.
      const client = this.#client;
      if (client) {
        try {
          await client.query(`listen ${pg.escapeIdentifier(channel)}`);
        } catch (error) {
          const translated = translateDatabaseError(error);
          if (!(translated instanceof DatabaseUnavailableError)) {
            this.#subscriptions.delete(channel);
            throw translated;
          }
        }
      }
    }
    set.add(subscription);
    return async () => {
      const subscribers = this.#subscriptions.get(channel);
      if (!subscribers?.delete(subscription) || subscribers.size > 0) return;
      this.#subscriptions.delete(channel);
      await this.#client?.query(`unlisten ${pg.escapeIdentifier(channel)}`).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#retry) clearTimeout(this.#retry);
    this.#retry = null;
    this.#stopHeartbeat();
    await this.#connecting?.catch(() => undefined);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  #connectOnce(): Promise<void> {
    const connecting = this.#connect().finally(() => {
      if (this.#connecting === connecting) this.#connecting = null;
    });
    this.#connecting = connecting;
    return connecting;
  }

  async #connect(): Promise<void> {
    const client = this.newClient();
    client.on("error", (error) => this.#lost(client, error));
    client.on("end", () => this.#lost(client, null));
    client.on("notification", (msg) => {
      for (const s of this.#subscriptions.get(msg.channel) ?? []) s.onPayload(msg.payload ?? "");
    });
    try {
      await client.connect();
      for (const channel of this.#subscriptions.keys())
        await client.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw translateDatabaseError(error);
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#startHeartbeat(client);
  }

  #startHeartbeat(client: pg.Client): void {
    this.#stopHeartbeat();
    let beating = false;
    this.#heartbeat = setInterval(() => {
      if (beating || client !== this.#client) return;
      beating = true;
      let timer: NodeJS.Timeout | undefined;
      const silent = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(new Error(`the LISTEN connection did not answer within ${this.heartbeat.timeoutMs} ms`)),
          this.heartbeat.timeoutMs,
        );
      });
      Promise.race([client.query("select 1"), silent])
        .catch((error: unknown) => {
          if (client !== this.#client) return;
          // The socket is destroyed, not ended: a silent peer would never acknowledge a polite close.
          client.connection.stream.destroy();
          this.#lost(client, error instanceof Error ? error : new Error(String(error)));
        })
        .finally(() => {
          clearTimeout(timer);
          beating = false;
        });
    }, this.heartbeat.everyMs);
    this.#heartbeat.unref();
  }

  #stopHeartbeat(): void {
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = null;
  }

  /** The current connection failed or ended: forget it and open another, unless we are closing. */
  #lost(client: pg.Client, error: Error | null): void {
    if (client !== this.#client) return;
    this.#client = null;
    this.#stopHeartbeat();
    this.log?.warn("the LISTEN connection was lost; live updates resume once it is opened again", {
      err: error ?? undefined,
    });
    void client.end().catch(() => undefined);
    this.#scheduleReconnect();
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#retry) return;
    const ceiling = Math.min(RECONNECT_MAX_MS, RECONNECT_FIRST_MS * 2 ** this.#attempts);
    this.#attempts++;
    // Jitter, so the instances sharing a restarted server do not all knock at the same moment.
    const delay = ceiling / 2 + Math.random() * (ceiling / 2);
    this.#retry = setTimeout(() => {
      this.#retry = null;
      void this.#reconnect();
    }, delay);
    this.#retry.unref();
  }

  async #reconnect(): Promise<void> {
    try {
      await this.#connectOnce();
    } catch (error) {
      this.log?.warn("the LISTEN connection could not be opened again; retrying", {
        err: error,
        attempts: this.#attempts,
      });
      this.#scheduleReconnect();
      return;
    }
    if (this.#closed) return;
    this.log?.info("the LISTEN connection is back; channels subscribed again", {
      channels: [...this.#subscriptions.keys()],
      attempts: this.#attempts,
    });
    this.#attempts = 0;
    for (const set of this.#subscriptions.values())
      for (const s of set) {
        try {
          s.onResubscribed?.();
        } catch (error) {
          this.log?.warn("a subscriber failed to resynchronise after the LISTEN connection came back", {
            err: error,
          });
        }
      }
  }
}

/**
 * A real PostgreSQL server through node-postgres; several Baton instances can share it. It opens (and fails with a
 * DatabaseUnavailableError saying why) only if the database answers; afterwards a database that goes away makes
 * queries fail with DatabaseUnavailableError (503s) until it is back, when the pool's new connections just work.
 */
export async function openPostgres(
  url: string,
  log?: Logger,
  heartbeat: ListenHeartbeat = DEFAULT_HEARTBEAT,
): Promise<Database> {
  const types = {
    getTypeParser: ((oid: number, format?: string) =>
      oid === INT8_OID || oid === NUMERIC_OID
        ? (v: string) => Number(v)
        : pg.types.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
  };
  const pool = new pg.Pool({
    connectionString: url,
    application_name: APPLICATION_NAME,
    max: 10,
    connectionTimeoutMillis: 5000,
    types,
  });
  pool.on("error", () => {
    // An idle client lost its connection; the pool replaces it on the next query.
  });
  const listener = new Listener(
    () =>
      new pg.Client({
        connectionString: url,
        application_name: LISTEN_APPLICATION_NAME,
        connectionTimeoutMillis: 5000,
        // A connection that went silent (a network partition, not a restart) is noticed by TCP keepalives.
        keepAlive: true,
        keepAliveInitialDelayMillis: 10_000,
        types,
      }),
    log,
    heartbeat,
  );
  const run = async <R>(
    client: pg.Pool | pg.PoolClient,
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<R[]> => {
    try {
      const res = await client.query(sql, [...params]);
      return res.rows as R[];
    } catch (error) {
      throw translateDatabaseError(error);
    }
  };
  try {
    await run(pool, "select 1");
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error instanceof DatabaseUnavailableError
      ? new DatabaseUnavailableError(
          error.cause,
          "Baton cannot start without its database: check DATABASE_URL, that the server runs and that the database exists (createdb)",
        )
      : error;
  }
  return {
    kind: "postgres",
    query: (sql, params) => run(pool, sql, params),
    async transaction(fn) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw translateDatabaseError(error);
      }
      // A checked-out client has no error listener of the pool's: without this one, a connection lost between two
      // statements of the transaction would be an unhandled 'error' event, which ends the process.
      let broken: Error | undefined;
      const onError = (error: Error) => {
        broken = error;
      };
      client.on("error", onError);
      const tx: Queryable = { query: (sql, params) => run(client, sql, params) };
      try {
        await client.query("begin");
        const result = await fn(tx);
        await client.query("commit");
        return result;
      } catch (error) {
        await client.query("rollback").catch(() => undefined);
        const translated = translateDatabaseError(error);
        if (translated instanceof DatabaseUnavailableError) broken ??= translated;
        throw translated;
      } finally {
        client.off("error", onError);
        // A broken connection is destroyed, not handed to the next caller.
        client.release(broken);
      }
    },
    exec: async (sql) => {
      await run(pool, sql);
    },
    listen: (channel, onPayload, onResubscribed) => listener.listen(channel, onPayload, onResubscribed),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}
