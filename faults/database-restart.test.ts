import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { LiveEvent } from "../contract/live.ts";
import { createBaton, type Baton } from "../server/baton.ts";
import { loadConfig } from "../server/config.ts";
import { openPostgres } from "../server/db/postgres.ts";
import { memoryLogger } from "../server/logger.ts";
import { signBody } from "../server/messenger/signature.ts";
import { meta } from "../server/testing/harness.ts";
import { startPrivatePostgres, type PrivatePostgres } from "./support/db-private-postgres.ts";
import { RedeliveringClient } from "./support/db-redelivering-client.ts";

/**
 * The database restarted in the middle of traffic. A PostgreSQL of the test's own (never the shared one) under one
 * Baton; a Meta-like client posts signed webhooks without pause and re-sends every batch that did not get a 200.
 * The server is restarted (pg_ctl restart -m fast), then stopped for several seconds and started again. Webhooks
 * must get 503 meanwhile (never 500), Baton must not crash, everything re-delivered must land exactly once, and live
 * updates must flow again (the LISTEN connection is opened again and subscribed). Then the listening connection goes
 * silent without an error (its backend frozen with SIGSTOP, as a peer behind a broken network or a NAT that forgot
 * it): the heartbeat must notice and replace it.
 */

/** How long the server stays stopped in the second outage: long enough for many 503s and several back-offs. */
const STOPPED_MS = 5000;
const CUSTOMERS = 20;
const SECRET = "fault-secret";

/** Waits for a condition, yielding to the event loop between checks (no fixed sleep in the scenario's checks). */
async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

describe("the database restarted in the middle of traffic", () => {
  let pg: PrivatePostgres;
  let baton: Baton;
  const logs = memoryLogger("info");
  const problems: unknown[] = [];
  const onProblem = (error: unknown) => problems.push(error);

  beforeAll(async () => {
    process.on("unhandledRejection", onProblem);
    process.on("uncaughtException", onProblem);
    pg = await startPrivatePostgres();
    const config = loadConfig({
      DATABASE_URL: pg.url,
      META_APP_SECRET: SECRET,
      LOG_LEVEL: "info",
      STATIC_DIR: "does-not-exist",
    });
    baton = await createBaton({ config, logger: logs.log, sweepIntervalMs: 0 });
  });
  afterAll(async () => {
    process.off("unhandledRejection", onProblem);
    process.off("uncaughtException", onProblem);
    await baton?.close().catch(() => undefined);
    await pg?.destroy();
  });

  it("webhooks answer 503 while it is down, everything re-delivered lands exactly once, and live updates resume", async () => {
    // Every message that reaches a browser through the hub (NOTIFY, LISTEN, then loaded from the database).
    const live = new Map<string, number>();
    baton.live.subscribe((event: LiveEvent) => {
      if (event.type !== "conversation") return;
      for (const item of event.items)
        if (item.kind === "message" && item.mid) live.set(item.mid, performance.now());
    });
    const client = new RedeliveringClient(
      async (body) =>
        (
          await baton.app.request("/webhooks/messenger", {
            method: "POST",
            headers: { "content-type": "application/json", "x-hub-signature-256": signBody(SECRET, body) },
            body,
          })
        ).status,
    );
    const sent: string[] = [];
    const sentAt = new Map<string, number>();
    const start = Date.now();
    let n = 0;
    /** One batch of one to three customers' messages, each with a mid of its own. */
    const nextBatch = () => {
      const events = Array.from({ length: 1 + (n % 3) }, () => {
        const mid = `m${n}`;
        sent.push(mid);
        sentAt.set(mid, performance.now());
        const event = meta.text(`C${n % CUSTOMERS}`, mid, `message ${n}`, start + n);
        n++;
        return event;
      });
      return JSON.stringify(meta.batch(events));
    };

    // Traffic: a new batch every 25 ms whatever happens to the earlier ones, as Meta keeps delivering new events.
    let producing = true;
    const deliveries: Promise<number>[] = [];
    const producer = (async () => {
      while (producing) {
        deliveries.push(client.deliver(nextBatch()));
        // The traffic's rate (a batch every 25 ms, as Meta sends them through an outage), not a wait for a state.
        await new Promise((r) => setTimeout(r, 25));
      }
    })();
    /** When the first message sent after `t` reached the hub, or null: live updates flow again. */
    const liveSince = (t: number): number | null => {
      let first: number | null = null;
      for (const [mid, at] of live)
        if ((sentAt.get(mid) ?? 0) > t && (first === null || at < first)) first = at;
      return first;
    };
    const accepted = () => client.attempts.filter((a) => a.status === 200).length;
    /** How long webhooks failed: from the first non-200 after `from` to the first 200 after the server was `back`. */
    const failingFor = (from: number, back: number) => {
      const firstFail = client.attempts.find((a) => a.at >= from && a.status !== 200)?.at;
      const firstOk = client.attempts.find((a) => a.at > back && a.status === 200)?.at;
      return firstFail !== undefined && firstOk !== undefined ? firstOk - firstFail : 0;
    };

    await until(() => accepted() >= 50, "50 batches are accepted before any fault");

    // Fault 1: pg_ctl restart -m fast under traffic.
    const restartAt = performance.now();
    await pg.restart();
    const restartedAt = performance.now();
    await until(
      () => client.attempts.some((a) => a.at > restartedAt && a.status === 200),
      "a webhook is accepted after the restart",
    );
    const firstAcceptAfterRestart =
      client.attempts.find((a) => a.at > restartedAt && a.status === 200)?.at ?? restartedAt;
    const restartStatuses = client.statuses(restartAt);
    await until(() => liveSince(restartedAt) !== null, "a live update arrives after the restart");
    const liveAfterRestart = (liveSince(restartedAt) ?? restartedAt) - restartedAt;

    // Fault 2: stopped for several seconds, then started.
    const stopAt = performance.now();
    await pg.stop();
    const stoppedAt = performance.now();
    await until(() => performance.now() - stoppedAt >= STOPPED_MS, "the server has been down a while");
    const during = client.statuses(stoppedAt);
    await pg.start();
    const startedAt = performance.now();
    await until(
      () => client.attempts.some((a) => a.at > startedAt && a.status === 200),
      "a webhook is accepted after the start",
    );
    const firstAcceptAfterStart =
      client.attempts.find((a) => a.at > startedAt && a.status === 200)?.at ?? startedAt;
    await until(() => liveSince(startedAt) !== null, "a live update arrives after the start");
    const liveAfterStart = (liveSince(startedAt) ?? startedAt) - startedAt;

    // Traffic stops; every batch sent is re-delivered until it is accepted.
    producing = false;
    await producer;
    await client.idle();
    const attemptsPerBatch = await Promise.all(deliveries);

    const statuses = client.statuses();
    const stored = await baton.db.query<{ mid: string; n: number }>(
      "select mid, count(*)::int as n from timeline_items where kind = 'message' group by mid",
    );
    const storedCount = new Map(stored.map((r) => [r.mid, r.n]));
    const missing = sent.filter((mid) => !storedCount.has(mid));
    const twice = stored.filter((r) => r.n !== 1);
    const [{ events = 0 } = {}] = await baton.db.query<{ events: number }>(
      "select count(*)::int as events from events where kind = 'customer_message'",
    );
    const missedLive = sent.filter((mid) => !live.has(mid)).length;
    const listenBack = logs.entries.filter((e) =>
      String(e.msg).startsWith("the LISTEN connection is back"),
    ).length;
    const health = await baton.app.request("http://localhost/healthz");

    const lines = [
      `database restart under traffic (PostgreSQL of its own on port ${pg.port}):`,
      `  ${deliveries.length} batches, ${sent.length} messages, ${client.attempts.length} POSTs: ${JSON.stringify(statuses)}`,
      `  most attempts for one batch: ${Math.max(...attemptsPerBatch)}`,
      `  pg_ctl restart -m fast took ${seconds(restartedAt - restartAt)}; answers from then until accepted again: ${JSON.stringify(restartStatuses)}`,
      `    webhooks failed for ${seconds(failingFor(restartAt, restartedAt))}; first 200 ${seconds(firstAcceptAfterRestart - restartedAt)} after the server was back; live updates flowing ${seconds(liveAfterRestart)} after`,
      `  stopped ${seconds(startedAt - stopAt)} (pg_ctl stop ${seconds(stoppedAt - stopAt)}): answers while stopped: ${JSON.stringify(during)}`,
      `    webhooks failed for ${seconds(failingFor(stopAt, startedAt))}; first 200 ${seconds(firstAcceptAfterStart - startedAt)} after the server was back; live updates flowing ${seconds(liveAfterStart)} after`,
      `  the LISTEN connection came back ${listenBack} times; ${missedLive} messages were notified while it was down (browsers resync)`,
      `  stored: ${stored.length} message items of ${sent.length} sent, ${missing.length} missing, ${twice.length} stored twice; ${events} message events`,
    ];
    console.log(lines.join("\n"));

    expect(problems).toEqual([]);
    expect(Object.keys(statuses).sort()).toEqual(["200", "503"]);
    expect(during[503] ?? 0).toBeGreaterThan(0);
    expect(missing).toEqual([]);
    expect(twice).toEqual([]);
    expect(stored).toHaveLength(sent.length);
    expect(events).toBe(sent.length);
    expect(listenBack).toBeGreaterThanOrEqual(2);
    expect(health.status).toBe(200);
  });

  it("a LISTEN connection that goes silent (its backend frozen, as behind a broken network) is noticed by the heartbeat and replaced", async () => {
    const admin = await openPostgres(pg.url);
    await admin.exec("create database silent");
    const url = new URL(pg.url);
    url.pathname = "/silent";
    const db = await openPostgres(url.toString(), logs.log, { everyMs: 200, timeoutMs: 1000 });
    const payloads: string[] = [];
    let resubscribed = 0;
    let frozen: number | null = null;
    try {
      await db.listen(
        "baton_silent",
        (p) => payloads.push(p),
        () => resubscribed++,
      );
      const [backend] = await admin.query<{ pid: number }>(
        "select pid from pg_stat_activity where datname = 'silent' and application_name = 'baton-listen'",
      );
      frozen = backend?.pid ?? null;
      if (frozen === null) throw new Error("no listening backend found");
      // SIGSTOP: the backend neither answers nor closes its socket, as a peer behind a partition.
      process.kill(frozen, "SIGSTOP");
      const frozenAt = performance.now();
      await until(() => resubscribed === 1, "the silent connection is replaced");
      const replacedAfter = performance.now() - frozenAt;
      await db.query("select pg_notify('baton_silent', 'after')");
      await until(() => payloads.includes("after"), "a notification arrives on the new connection");
      console.log(
        `a frozen LISTEN backend (heartbeat every 0.2 s, 1 s to answer) was replaced ${seconds(replacedAfter)} after it froze`,
      );
      expect(payloads).toEqual(["after"]);
    } finally {
      if (frozen !== null) process.kill(frozen, "SIGCONT");
      await db.close();
      await admin.exec("drop database silent with (force)");
      await admin.close();
    }
  });
});
