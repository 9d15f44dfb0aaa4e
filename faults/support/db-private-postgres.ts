import { execFile } from "node:child_process";
import { chownSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "../../server/testing/instances.ts";

const run = promisify(execFile);

/**
 * A PostgreSQL server of the test's own (initdb in a temporary folder, a free port, its socket in that folder), so a
 * fault scenario can restart or stop it without touching the shared server. initdb and pg_ctl refuse to run as
 * root: as root they run as the `postgres` user, who then owns the folder.
 */
export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** pg_ctl restart -m fast: connections are ended (57P01), the server is back when this resolves. */
  restart(): Promise<void>;
  /** pg_ctl stop -m fast: the server is gone (connections refused) when this resolves. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server if it runs and removes its folder. */
  destroy(): Promise<void>;
  /** The server's log, for a failure's message. */
  log(): string;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), "baton-fault-pg-"));
  const data = join(dir, "data");
  const logFile = join(dir, "server.log");
  if (root) {
    const { stdout } = await run("id", ["-u", "postgres"]);
    const { stdout: gid } = await run("id", ["-g", "postgres"]);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const as = (command: string, args: string[]) =>
    root ? run("runuser", ["-u", "postgres", "--", command, ...args]) : run(command, args);
  await as("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "--no-instructions"]);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=50`;
  const pgCtl = (...args: string[]) => as("pg_ctl", ["-D", data, "-l", logFile, "-w", "-t", "60", ...args]);
  let running = false;
  const server: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    async start() {
      await pgCtl("-o", options, "start");
      running = true;
    },
    async restart() {
      await pgCtl("-m", "fast", "-o", options, "restart");
      running = true;
    },
    async stop() {
      await pgCtl("-m", "fast", "stop");
      running = false;
    },
    async destroy() {
      if (running) await server.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
    log: () => {
      try {
        return readFileSync(logFile, "utf8");
      } catch {
        return "";
      }
    },
  };
  try {
    await server.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return server;
}
