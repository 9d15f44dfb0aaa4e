import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import type { LiveEvent } from "../../contract/live.ts";
import { upsertAccounts } from "../auth/accounts.ts";
import { hashPassword } from "../auth/passwords.ts";
import { openDatabase } from "../db/database.ts";
import { migrate } from "../db/migrations.ts";
import { parseSseChunk } from "../../contract/sse.ts";
import { signBody } from "../messenger/signature.ts";

/**
 * Real Baton processes for tests, benches and fault scenarios: each runs `server/main.ts` (what `npm run serve`
 * runs) in a process of its own, so several instances share a database only through PostgreSQL, as in production,
 * and one can be killed with SIGKILL.
 */

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const MAIN = fileURLToPath(new URL("../main.ts", import.meta.url));

/** Secrets of the instances' own (npm run serve refuses the published development ones). */
export const INSTANCE_SECRET = "instances-app-secret";

/** A free TCP port on loopback (asked of the kernel, then released for the instance to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A database of its own on a PostgreSQL server (base: any database URL there), dropped by `drop()`. */
export async function createPostgresDatabase(
  base: string,
  prefix = "baton_instances",
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const admin = await openDatabase(base);
  try {
    await admin.exec(`create database ${name}`);
  } finally {
    await admin.close();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  url.searchParams.delete("options");
  return {
    url: url.toString(),
    async drop() {
      const db = await openDatabase(base);
      try {
        await db.exec(`drop database if exists ${name} with (force)`);
      } finally {
        await db.close();
      }
    },
  };
}

export interface InstanceOptions {
  databaseUrl: string;
  graphUrl: string;
  /** Reuse a port (a restarted instance); a free one otherwise. */
  port?: number;
  /** More environment (BOT_GRACE_SECONDS, LOG_LEVEL…). */
  env?: Record<string, string>;
  /** Node's own flags (--cpu-prof for a bench). */
  execArgv?: string[];
}

export interface Instance {
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** The exit code (null when a signal ended it) and signal, once it exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** What it wrote on stderr lately (its JSON logs), for a failing test's message. */
  logs(): string;
  /** SIGTERM: the graceful shutdown; resolves with the exit code. */
  stop(): Promise<number | null>;
  /** SIGKILL: no shutdown at all. */
  kill(): Promise<void>;
}

/** The environment every instance of one deployment shares (as docs/deployment.md lists it). */
function instanceEnv(options: InstanceOptions, port: number): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: options.databaseUrl,
    GRAPH_API_URL: options.graphUrl,
    META_APP_SECRET: INSTANCE_SECRET,
    META_VERIFY_TOKEN: "instances-verify-token",
    META_PAGE_TOKEN: "instances-page-token",
    SESSION_SECRET: "instances-session-secret-0123456789",
    BOT_APP_ID: "1001",
    BATON_APP_ID: "2002",
    STATIC_DIR: "does-not-exist",
    LOG_LEVEL: "warn",
    ...options.env,
  };
}

/** Starts one Baton process and resolves once it listens. */
export async function startInstance(options: InstanceOptions): Promise<Instance> {
  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.execArgv ?? []), "--import", "tsx", MAIN],
    {
      cwd: ROOT,
      env: instanceEnv(options, port),
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let stderr = "";
  let stdout = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const match = /Baton is listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`Baton exited (${code ?? signal}) before listening:\n${stdout}\n${stderr}`)),
    );
  });
  const pid = child.pid ?? 0;
  return {
    url,
    port,
    pid,
    exited,
    logs: () => stderr,
    async stop() {
      child.kill("SIGTERM");
      return (await exited).code;
    },
    async kill() {
      child.kill("SIGKILL");
      await exited;
    },
  };
}

/** Starts several instances on one database (at once: their migrations take an advisory lock). */
export function startInstances(count: number, options: Omit<InstanceOptions, "port">): Promise<Instance[]> {
  return Promise.all(Array.from({ length: count }, () => startInstance(options)));
}

/** Migrates the database and creates these accounts (what an admin's invitations would do). */
export async function seedAccounts(
  databaseUrl: string,
  accounts: readonly {
    id: string;
    name: string;
    email: string;
    role: "agent" | "manager" | "admin";
    password: string;
  }[],
): Promise<void> {
  const db = await openDatabase(databaseUrl);
  try {
    await migrate(db);
    const hashed = await Promise.all(
      accounts.map(async (a) => ({ ...a, passwordHash: await hashPassword(a.password) })),
    );
    await upsertAccounts(db, hashed, Date.now());
  } finally {
    await db.close();
  }
}

/** Signs in through an instance's sign-in route; the cookie works on every instance (sessions are rows). */
export async function signIn(instance: Instance, email: string, password: string): Promise<string> {
  const res = await fetch(`${instance.url}/api/auth/sign-in`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: instance.url },
    body: JSON.stringify({ email, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers.getSetCookie()[0]?.split(";")[0];
  if (!cookie) throw new Error("sign-in set no cookie");
  return cookie;
}

/** An API call as a signed-in agent's browser makes it on this instance (its own origin). */
export function api(
  instance: Instance,
  cookie: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Response> {
  return fetch(`${instance.url}/api${path}`, {
    method,
    headers: { "content-type": "application/json", origin: instance.url, cookie },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

/** POSTs a webhook body signed as Meta signs it. */
export function postWebhook(instance: Instance, body: unknown): Promise<Response> {
  const raw = typeof body === "string" ? body : JSON.stringify(body);
  return fetch(`${instance.url}/webhooks/messenger`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-hub-signature-256": signBody(INSTANCE_SECRET, raw) },
    body: raw,
  });
}

export interface LiveStream {
  /** Every event received so far, in order. */
  readonly events: LiveEvent[];
  /** Resolves with the first event (received or to come) that matches; rejects when the stream ends first. */
  next(match: (event: LiveEvent) => boolean): Promise<LiveEvent>;
  /** Calls `listener` with every event from now on; returns its unsubscribe function. */
  watch(listener: (event: LiveEvent) => void): () => void;
  close(): void;
}

/**
 * Opens GET /api/live as the browser's EventSource would, and parses its events. `keep: false` keeps only the
 * hello, not every conversation event (a bench's streams see hundreds of thousands; `watch` them instead).
 */
export async function openLiveStream(
  instance: Instance,
  cookie: string,
  { keep = true }: { keep?: boolean } = {},
): Promise<LiveStream> {
  const abort = new AbortController();
  const res = await fetch(`${instance.url}/api/live`, {
    headers: { cookie, accept: "text/event-stream" },
    signal: abort.signal,
  });
  if (res.status !== 200 || !res.body) throw new Error(`GET /api/live answered ${res.status}`);
  const events: LiveEvent[] = [];
  const waiters = new Set<{ match: (e: LiveEvent) => boolean; resolve: (e: LiveEvent) => void }>();
  const watchers = new Set<(event: LiveEvent) => void>();
  let ended: Error | null = null;
  const endWaiters = new Set<(error: Error) => void>();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = "";
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const { events: parsed, rest } = parseSseChunk(buffer + value);
        buffer = rest;
        for (const { data } of parsed) {
          if (!data) continue;
          const event = JSON.parse(data) as LiveEvent;
          if (keep || event.type !== "conversation") events.push(event);
          for (const watcher of watchers) watcher(event);
          for (const w of [...waiters])
            if (w.match(event)) {
              waiters.delete(w);
              w.resolve(event);
            }
        }
      }
      ended = new Error("the live stream ended");
    } catch (error) {
      ended = error instanceof Error ? error : new Error(String(error));
    }
    for (const fail of endWaiters) fail(ended);
  })();
  return {
    events,
    next(match) {
      const seen = events.find(match);
      if (seen) return Promise.resolve(seen);
      if (ended) return Promise.reject(ended);
      return new Promise((resolve, reject) => {
        const waiter = { match, resolve };
        waiters.add(waiter);
        endWaiters.add((error) => {
          if (waiters.delete(waiter)) reject(error);
        });
      });
    },
    watch(listener) {
      watchers.add(listener);
      return () => watchers.delete(listener);
    },
    close: () => abort.abort(),
  };
}
