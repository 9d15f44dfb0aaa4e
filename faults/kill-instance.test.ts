import { describe, expect, it } from "vitest";
import { burstTraffic, countBurst } from "../bench/burst.ts";
import { openDatabase } from "../server/db/database.ts";
import {
  createPostgresDatabase,
  INSTANCE_SECRET,
  startInstance,
  startInstances,
  type Instance,
} from "../server/testing/instances.ts";
import { sendWithRedelivery } from "./support/redelivering-sender.ts";

/**
 * kill -9 one of two Baton instances in the middle of a broadcast burst, on a database of its own on the
 * PostgreSQL server (FAULTS_DATABASE_URL or TEST_DATABASE_URL), while a sender delivers again, like Meta, whatever
 * got no 200; then restart it. Whatever the kill interrupted (a group commit in flight, a commit whose 200 never
 * left), nothing may be lost and nothing applied twice.
 */
const base = process.env.FAULTS_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
const SUBSCRIBERS = Number(process.env.FAULT_BURST_SUBSCRIBERS ?? 3000);

describe.skipIf(!base)("kill -9 an instance in the middle of a burst", () => {
  it("every event re-delivered after the kill lands once: none lost, none applied twice, and the restarted instance serves again", async () => {
    const database = await createPostgresDatabase(base ?? "", "baton_fault_kill");
    // Profile lookups fail fast: nothing listens on port 9.
    const options = {
      databaseUrl: database.url,
      graphUrl: "http://127.0.0.1:9",
      env: { LOG_LEVEL: "error" },
    };
    let instances: Instance[] = [];
    try {
      instances = await startInstances(2, options);
      const [survivor, victim] = instances;
      if (!survivor || !victim) throw new Error("two instances did not start");
      const traffic = burstTraffic(SUBSCRIBERS, 99);
      const total = traffic.bodies.length;
      const started = performance.now();
      const sender = sendWithRedelivery({
        bodies: traffic.bodies,
        secret: INSTANCE_SECRET,
        targets: () => instances.map((i) => i.url),
        concurrency: 16,
      });

      await sender.acceptedAtLeast(Math.floor(total * 0.3));
      const acceptedBeforeKill = sender.stats.accepted;
      await victim.kill();
      const killedAt = performance.now();
      // The survivor carries the burst alone for a while; the sender's attempts at the dead one fail and go again.
      await sender.acceptedAtLeast(Math.floor(total * 0.6));
      const restarted = await startInstance({ ...options, port: victim.port });
      instances = [survivor, restarted];
      const restartedAt = performance.now();
      const acceptedByVictimBefore = sender.stats.acceptedBy[victim.url] ?? 0;
      await sender.done;
      const seconds = (performance.now() - started) / 1000;
      // Meta delivers at least once: some batches come again after their 200 (every 20th here), to either instance.
      const again = traffic.bodies.filter((_, i) => i % 20 === 0);
      await sendWithRedelivery({
        bodies: again,
        secret: INSTANCE_SECRET,
        targets: () => instances.map((i) => i.url),
        concurrency: 8,
      }).done;

      const counted = await countBurst(database.url, traffic);
      const db = await openDatabase(database.url);
      const [batches] = await db.query<{ n: number }>("select count(*)::int as n from webhook_batches");
      const [conversations] = await db.query<{ n: number }>("select count(*)::int as n from conversations");
      await db.close();
      const figures = {
        subscribers: SUBSCRIBERS,
        events: traffic.events,
        posts: total,
        "accepted before the kill": acceptedBeforeKill,
        attempts: sender.stats.attempts,
        "delivered again": sender.stats.redelivered,
        "failures by cause": JSON.stringify(sender.stats.failures),
        "down for (s)": Number(((restartedAt - killedAt) / 1000).toFixed(1)),
        "accepted by the restarted instance":
          (sender.stats.acceptedBy[victim.url] ?? 0) - acceptedByVictimBefore,
        "delivered again after their 200": again.length,
        // A body is stored raw each time it is accepted (a commit whose 200 the kill swallowed, a duplicate); its
        // events are stored once.
        "raw bodies stored": batches?.n ?? 0,
        "events/s overall": Math.round(traffic.events / seconds),
        lost: counted.lost,
        "applied twice": counted.duplicated,
      };
      console.log(
        `kill -9 mid-burst:\n${Object.entries(figures)
          .map(([k, v]) => `  ${k.padEnd(36)} ${v}`)
          .join("\n")}`,
      );

      expect(sender.stats.redelivered).toBeGreaterThan(0);
      expect(batches?.n).toBeGreaterThanOrEqual(total + again.length);
      expect(figures["accepted by the restarted instance"]).toBeGreaterThan(0);
      expect(conversations?.n).toBe(SUBSCRIBERS);
      expect(counted).toEqual({ lost: 0, duplicated: 0, receiptsBehind: 0 });
    } finally {
      await Promise.all(instances.map((i) => i.stop()));
      await database.drop();
    }
  });
});
