import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MessageItem } from "../contract/timeline.ts";
import type { GraphCall } from "../server/testing/fake-graph.ts";
import { meta, PAGE_ID, startHarness, type Harness } from "../server/testing/harness.ts";
import { startGraphLink } from "../server/testing/graph-link.ts";

/**
 * The Graph API down for a while. One Baton (in-process, on an embedded database in a folder, so a second Baton can
 * open it) with ten escalated conversations; Graph goes away: first its port refuses connections, then it answers
 * every call 503. Agents send replies meanwhile, each answered 201 with the reply still sending; halfway through,
 * Baton is replaced by a new one on the same database (a restart in the middle of the outage). Then Graph comes
 * back and the worker drains the outbox: every reply must be sent exactly once, in order per conversation, and
 * every item must end 'sent'. Time is a manual clock, moved a second at a time, with the worker run after each step.
 */

const CONVERSATIONS = 10;
const REPLIES = 50;
/** How long Graph is down, in the clock's time: long enough for many back-offs, not for the 12 attempts to run out. */
const OUTAGE_MS = 4 * 60_000;
const STEP_MS = 1000;
const START = Date.UTC(2026, 10, 1, 9, 0, 0);

const psid = (c: number) => `G${c}`;
const conversationId = (c: number) => `${PAGE_ID}-${psid(c)}`;
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The clientId in a send's metadata, or null for a call that sends no message (taking the thread, typing). */
function clientIdOf(call: GraphCall): string | null {
  if (call.path !== "/me/messages" || !call.body || !("message" in call.body)) return null;
  const message = call.body.message as { metadata?: string };
  if (!message.metadata) return null;
  const parsed = JSON.parse(message.metadata) as { baton?: { clientId?: string } };
  return parsed.baton?.clientId ?? null;
}

describe("the Graph API down for a while", () => {
  const dir = mkdtempSync(join(tmpdir(), "baton-fault-graph-"));
  let link: Awaited<ReturnType<typeof startGraphLink>>;
  let baton: Harness | null = null;
  const h = () => {
    if (!baton) throw new Error("no Baton is running");
    return baton;
  };

  beforeAll(async () => {
    link = await startGraphLink();
  });
  afterAll(async () => {
    await baton?.close();
    await link.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("replies sent while Graph is unreachable wait in the outbox, survive a restart, and are each sent once, in order, when it is back", async () => {
    const start = async () => {
      const next = await startHarness(dir, { GRAPH_API_URL: link.url });
      link.setTarget(next.graph.url);
      return next;
    };
    baton = await start();
    h().clock.set(START);
    for (let c = 0; c < CONVERSATIONS; c++) {
      const res = await h().webhook(
        meta.batch([meta.text(psid(c), `c-${c}`, "Talk to a human", START + c, "HUMAN")]),
      );
      expect(res.status).toBe(200);
    }

    // Graph's calls across both Batons (each harness has a fake Graph of its own).
    const calls: GraphCall[] = [];
    const order = new Map<string, string[]>();
    const answers: { status: number; delivery: MessageItem["delivery"] }[] = [];
    /** One reply from an agent: conversations in turn, so each gets REPLIES / CONVERSATIONS in a known order. */
    const reply = async (n: number) => {
      const c = n % CONVERSATIONS;
      const clientId = `reply-${n}`;
      const list = order.get(conversationId(c)) ?? [];
      list.push(clientId);
      order.set(conversationId(c), list);
      const res = await h().api("POST", `/conversations/${conversationId(c)}/messages`, {
        text: `Reply ${n}`,
        clientId,
      });
      const body = (await res.json()) as { message: MessageItem };
      answers.push({ status: res.status, delivery: body.message.delivery });
    };
    /** Moves the clock a step and runs the worker, as the sweeper would every second. */
    const tick = async () => {
      h().clock.advance(STEP_MS);
      return h().baton.service.sendDueReplies();
    };
    const pending = async () => {
      const [row] = await h().baton.db.query<{ n: number; attempts: number }>(
        "select count(*)::int as n, coalesce(sum(attempts), 0)::int as attempts from reply_outbox",
      );
      return row ?? { n: 0, attempts: 0 };
    };

    // The outage, first half: connections refused. Agents send half of the replies, a step of the clock apart.
    const outageStart = h().clock.now().getTime();
    await link.set("refused");
    let sentDuringOutage = 0;
    for (let n = 0; n < REPLIES / 2; n++) {
      await reply(n);
      sentDuringOutage += await tick();
    }
    while (h().clock.now().getTime() - outageStart < OUTAGE_MS / 2) sentDuringOutage += await tick();

    // A restart in the middle of the outage: a new Baton on the same database, its clock where the old one's was.
    const before = await pending();
    const now = h().clock.now().getTime();
    calls.push(...h().graph.calls);
    await h().close();
    baton = null;
    baton = await start();
    h().clock.set(now);
    expect(await pending()).toEqual(before);

    // Second half: Graph answers 503. The other half of the replies.
    await link.set("unavailable");
    for (let n = REPLIES / 2; n < REPLIES; n++) {
      await reply(n);
      sentDuringOutage += await tick();
    }
    while (h().clock.now().getTime() - outageStart < OUTAGE_MS) sentDuringOutage += await tick();
    const queued = await pending();
    const outageMs = h().clock.now().getTime() - outageStart;

    // Graph is back: the worker drains the outbox as the clock moves.
    await link.set("up");
    const backAt = h().clock.now().getTime();
    const backReal = performance.now();
    let ticks = 0;
    while ((await pending()).n > 0) {
      await tick();
      if (++ticks > 3600) throw new Error("the outbox did not drain within an hour of the clock");
    }
    const drainMs = h().clock.now().getTime() - backAt;
    const drainReal = performance.now() - backReal;
    calls.push(...h().graph.calls);

    const sends = calls.map(clientIdOf).filter((id): id is string => id !== null);
    const sendCount = new Map<string, number>();
    for (const id of sends) sendCount.set(id, (sendCount.get(id) ?? 0) + 1);
    const expected = [...order.values()].flat();
    const missing = expected.filter((id) => !sendCount.has(id));
    const twice = [...sendCount].filter(([, n]) => n !== 1);
    const outOfOrder = [...order].filter(([id, clientIds]) => {
      const recipient = id.slice(PAGE_ID.length + 1);
      const seen = calls
        .filter((call) => (call.body?.recipient as { id?: string } | undefined)?.id === recipient)
        .map(clientIdOf)
        .filter((x): x is string => x !== null);
      return JSON.stringify(seen) !== JSON.stringify(clientIds);
    });
    const items = await h().baton.db.query<{ delivery: string; n: number }>(
      "select delivery, count(*)::int as n from timeline_items where author = 'agent' group by delivery",
    );
    const statuses: Record<string, number> = {};
    for (const a of answers) {
      const key = `${a.status} ${a.delivery}`;
      statuses[key] = (statuses[key] ?? 0) + 1;
    }

    console.log(
      [
        `the Graph API down for ${seconds(outageMs)} of the clock (refused, then 503), Baton restarted halfway:`,
        `  ${REPLIES} replies across ${CONVERSATIONS} conversations; answers: ${JSON.stringify(statuses)}`,
        `  sent during the outage: ${sentDuringOutage}; queued when Graph came back: ${queued.n}`,
        `  attempts: ${queued.attempts} failed during the outage (${link.unavailableAnswers} of them answered 503) + ${sends.length} sends after`,
        `  drained ${seconds(drainMs)} of the clock after Graph came back (${ticks} worker runs, ${seconds(drainReal)} real)`,
        `  sent once: ${sendCount.size - twice.length} of ${expected.length}; missing ${missing.length}, sent twice ${twice.length}, out of order in ${outOfOrder.length} conversations`,
        `  agent items: ${JSON.stringify(Object.fromEntries(items.map((i) => [i.delivery, i.n])))}`,
      ].join("\n"),
    );

    expect(answers).toHaveLength(REPLIES);
    expect(answers.every((a) => a.status === 201 && a.delivery === "sending")).toBe(true);
    expect(sentDuringOutage).toBe(0);
    expect(queued.n).toBe(REPLIES);
    expect(missing).toEqual([]);
    expect(twice).toEqual([]);
    expect(sends).toHaveLength(REPLIES);
    expect(outOfOrder).toEqual([]);
    expect(items).toEqual([{ delivery: "sent", n: REPLIES }]);
  });
});
