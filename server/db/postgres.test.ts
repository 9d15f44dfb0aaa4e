import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { memoryLogger } from "../logger.ts";
import { DatabaseUnavailableError, type Database } from "./driver.ts";
import { openPostgres } from "./postgres.ts";

/**
 * The PostgreSQL driver against a real server (TEST_DATABASE_URL): each run makes a database of its own, so it can
 * terminate its own backends, found by database name and application_name, without touching anyone else's.
 */
const base = process.env.TEST_DATABASE_URL;

/** Waits for a condition by yielding to the event loop (no fixed sleep), up to a generous bound. */
async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe.skipIf(!base)("the PostgreSQL driver on a real server", () => {
  const name = `baton_driver_${randomUUID().replace(/-/g, "").slice(0, 12)}`;
  let admin: Database;
  let url: string;
  const opened: Database[] = [];

  const open = async (log = memoryLogger()) => {
    const db = await openPostgres(url, log.log);
    opened.push(db);
    return { db, entries: log.entries };
  };
  /** Backends of this test's database with this application_name. */
  const backends = (app: string) =>
    admin.query<{ pid: number; state: string }>(
      "select pid, state from pg_stat_activity where datname = $1 and application_name = $2",
      [name, app],
    );
  const terminate = (app: string) =>
    admin.query(
      "select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and application_name = $2",
      [name, app],
    );

  beforeAll(async () => {
    admin = await openPostgres(base ?? "");
    await admin.exec(`create database ${name}`);
    const u = new URL(base ?? "");
    u.pathname = `/${name}`;
    url = u.toString();
  });
  afterEach(async () => {
    vi.useRealTimers();
    for (const db of opened.splice(0)) await db.close();
  });
  afterAll(async () => {
    await admin.exec(`drop database if exists ${name} with (force)`);
    await admin.close();
  });

  it("a dropped LISTEN connection is replaced and subscribed again, and subscribers are told to resynchronise", async () => {
    const { db, entries } = await open();
    const payloads: string[] = [];
    let resubscribed = 0;
    await db.listen(
      "baton_test",
      (p) => payloads.push(p),
      () => resubscribed++,
    );
    await db.query("select pg_notify('baton_test', 'before')");
    await until(() => payloads.includes("before"), "the first notification arrives");
    const [before] = await backends("baton-listen");

    await terminate("baton-listen");
    await until(() => resubscribed === 1, "onResubscribed is called");
    const [after, ...more] = await backends("baton-listen");
    expect(after?.pid).not.toBe(before?.pid);
    expect(more).toEqual([]);

    await db.query("select pg_notify('baton_test', 'after')");
    await until(() => payloads.includes("after"), "a notification sent after the reconnection arrives");
    expect(payloads).toEqual(["before", "after"]);
    expect(entries.map((e) => e.msg)).toEqual(
      expect.arrayContaining([
        "the LISTEN connection was lost; live updates resume once it is opened again",
        "the LISTEN connection is back; channels subscribed again",
      ]),
    );
  });

  it("every channel is listened to again, and a channel no one listens to any more is not", async () => {
    const { db } = await open();
    const got: string[] = [];
    await db.listen("baton_a", (p) => got.push(`a:${p}`));
    await db.listen("baton_b", (p) => got.push(`b:${p}`));
    const stopC = await db.listen("baton_c", (p) => got.push(`c:${p}`));
    await stopC();
    let resubscribed = 0;
    await db.listen(
      "baton_a",
      () => undefined,
      () => resubscribed++,
    );

    await terminate("baton-listen");
    await until(() => resubscribed === 1, "the connection is back");
    await db.query(
      "select pg_notify('baton_a', '1'), pg_notify('baton_b', '2'), pg_notify('baton_c', '3'), pg_notify('baton_a', 'last')",
    );
    await until(() => got.includes("a:last"), "the last notification arrives");
    expect(got).toEqual(["a:1", "b:2", "a:last"]);
  });

  it("close() stops the reconnection loop: the pending attempt never opens a connection", async () => {
    const { db, entries } = await open();
    await db.listen("baton_test", () => undefined);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    await terminate("baton-listen");
    await until(
      () => entries.some((e) => String(e.msg).startsWith("the LISTEN connection was lost")),
      "the loss is noticed and an attempt is scheduled",
    );
    const connects = vi.spyOn(pg.Client.prototype, "connect");
    await db.close();
    opened.splice(opened.indexOf(db), 1);
    // Every timer runs now: a reconnection still scheduled would call connect() synchronously from its timer.
    vi.runAllTimers();
    expect(connects).not.toHaveBeenCalled();
    connects.mockRestore();
    vi.useRealTimers();
    expect(await backends("baton-listen")).toEqual([]);
  });

  it("a connection ended in the middle of a transaction fails it as unavailable, never as an unhandled error, and the next query works", async () => {
    const { db } = await open();
    let insideTransaction: () => void = () => undefined;
    const inside = new Promise<void>((r) => (insideTransaction = r));
    let release: () => void = () => undefined;
    const released = new Promise<void>((r) => (release = r));
    const transaction = db.transaction(async (tx) => {
      await tx.query("select 1");
      insideTransaction();
      await released;
      return tx.query("select 2");
    });
    await inside;
    await terminate("baton");
    await until(
      async () => (await backends("baton")).every((b) => b.state !== "idle in transaction"),
      "the backend is gone",
    );
    release();
    await expect(transaction).rejects.toBeInstanceOf(DatabaseUnavailableError);
    expect(await db.query<{ n: number }>("select 3 as n")).toEqual([{ n: 3 }]);
  });

  it("idle pooled connections ended by the server are replaced on the next query", async () => {
    const { db } = await open();
    await db.query("select 1");
    await terminate("baton");
    await until(async () => (await backends("baton")).length === 0, "the backends are gone");
    // The first query may meet the dead connection before the pool noticed: unavailable, then fine.
    const first = await db.query("select 1").then(
      () => "ok",
      (error: unknown) => (error instanceof DatabaseUnavailableError ? "unavailable" : error),
    );
    expect(["ok", "unavailable"]).toContain(first);
    expect(await db.query<{ n: number }>("select 1 as n")).toEqual([{ n: 1 }]);
  });

  it("a database that does not exist stops start-up with a DatabaseUnavailableError that says what to check", async () => {
    const missing = new URL(url);
    missing.pathname = `/${name}_missing`;
    const error = await openPostgres(missing.toString()).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DatabaseUnavailableError);
    expect(String(error)).toMatch(/does not exist.*check DATABASE_URL/);
  });

  it("a port where no server listens stops start-up with a DatabaseUnavailableError", async () => {
    const nowhere = new URL(url);
    nowhere.port = "1";
    await expect(openPostgres(nowhere.toString())).rejects.toBeInstanceOf(DatabaseUnavailableError);
  });
});
