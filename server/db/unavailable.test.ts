import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveEvent } from "../../contract/live.ts";
import { createBaton } from "../baton.ts";
import { loadConfig } from "../config.ts";
import { silentLogger } from "../logger.ts";
import { meta, startHarness, type Harness } from "../testing/harness.ts";
import type { Database } from "./driver.ts";
import { openPostgres } from "./postgres.ts";

/**
 * A running Baton whose PostgreSQL database goes away ("database does not exist": it is renamed under it, after its
 * connections are ended) and comes back. It answers 503, never 500 nor a crash, and recovers by itself. Each run
 * uses a database of its own on the server of TEST_DATABASE_URL.
 */
const base = process.env.TEST_DATABASE_URL;

/** Checks a condition again every `everyMs` until it holds (no fixed sleep), up to a generous bound. */
async function until(condition: () => boolean | Promise<boolean>, what: string, everyMs = 20): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

describe.skipIf(!base)("a database that goes away while Baton runs, on PostgreSQL", () => {
  const name = `baton_gone_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  const away = `${name}_away`;
  let admin: Database;
  let h: Harness;

  /** Ends Baton's connections and renames its database, again until no connection slipped in between. */
  const takeAway = async () => {
    await until(async () => {
      await admin.query("select pg_terminate_backend(pid) from pg_stat_activity where datname = $1", [name]);
      return admin.exec(`alter database ${name} rename to ${away}`).then(
        () => true,
        () => false,
      );
    }, "the database is renamed");
  };
  const bringBack = () => admin.exec(`alter database ${away} rename to ${name}`);

  beforeAll(async () => {
    admin = await openPostgres(base ?? "");
    await admin.exec(`create database ${name}`);
    const url = new URL(base ?? "");
    url.pathname = `/${name}`;
    h = await startHarness(url.toString());
  });
  afterAll(async () => {
    await h?.close();
    await admin.exec(`alter database ${away} rename to ${name}`).catch(() => undefined);
    await admin.exec(`drop database if exists ${name} with (force)`);
    await admin.close();
  });

  it("answers 503 database_unavailable to the API and to Meta while it is gone, and recovers by itself when it is back", async () => {
    const t = h.clock.now().getTime();
    expect((await h.webhook(meta.batch([meta.text("U1", "before", "Hello", t)]))).status).toBe(200);
    // Signed in before (the harness makes its session in the database).
    expect((await h.api("GET", "/conversations")).status).toBe(200);

    await takeAway();
    const webhook = await h.webhook(meta.batch([meta.text("U1", "during", "Still there?", t + 1)]));
    expect(webhook.status).toBe(503);
    expect(await webhook.json()).toMatchObject({ error: { code: "database_unavailable" } });
    const api = await h.api("GET", "/conversations");
    expect(api.status).toBe(503);
    expect(await api.json()).toMatchObject({ error: { code: "database_unavailable" } });
    expect((await h.baton.app.request("http://localhost/healthz")).status).toBe(503);

    await bringBack();
    const seen: string[] = [];
    const unsubscribe = h.baton.live.subscribe((event: LiveEvent) => {
      if (event.type === "conversation")
        for (const item of event.items) if (item.kind === "message" && item.mid) seen.push(item.mid);
    });
    // Meta re-delivers what got a 503 until it gets a 200.
    let redelivered = 0;
    await until(async () => {
      redelivered = (await h.webhook(meta.batch([meta.text("U1", "during", "Still there?", t + 1)]))).status;
      return redelivered === 200;
    }, "the re-delivered webhook is accepted");
    expect((await h.api("GET", "/conversations")).status).toBe(200);
    // The LISTEN connection comes back too: a later message reaches the live hub.
    await until(
      async () => {
        await h.webhook(
          meta.batch([meta.text("U1", `after-${seen.length}-${Date.now()}`, "Hi again", t + 2)]),
        );
        return seen.some((mid) => mid.startsWith("after-"));
      },
      "a live update arrives",
      250,
    );
    unsubscribe();
    const mids = await h.baton.db.query<{ mid: string }>(
      "select mid from timeline_items where mid in ('before', 'during') order by at",
    );
    expect(mids.map((r) => r.mid)).toEqual(["before", "during"]);
  });

  it("stops start-up with a message that names what to check when the database does not exist", async () => {
    const missing = new URL(base ?? "");
    missing.pathname = `/${name}_never_created`;
    const config = loadConfig({
      DATABASE_URL: missing.toString(),
      LOG_LEVEL: "silent",
      STATIC_DIR: "does-not-exist",
    });
    await expect(createBaton({ config, logger: silentLogger, sweepIntervalMs: 0 })).rejects.toThrow(
      /database "baton_gone_\w+_never_created" does not exist.*check DATABASE_URL/,
    );
  });
});
