import fc from "fast-check";
import { beforeEach, expect, it } from "vitest";
import type { Queryable } from "../db/database.ts";
import { batchEnvelope, parseWebhookBatch } from "../messenger/events.ts";
import {
  BATON_APP,
  BOT_APP,
  PAGE_ID,
  describeOnEachDatabase,
  meta,
  type Harness,
} from "../testing/harness.ts";
import type { DomainEvent } from "./domain-events.ts";
import { applyEvents } from "./engine.ts";
import type { Rules } from "./state-machine.ts";

/*
 * Exactly-once under Meta's delivery: every event delivered twice, shuffled, in batches of random size, leaves the
 * same stored conversation as the events delivered once, in order.
 *
 * "The same" is defined here, for what legitimately depends on arrival:
 * - the engine orders a conversation's events by Meta's timestamp (`at`), not by arrival; at the same millisecond
 *   Meta's events come first, by dedupe key, then Baton's own (agents' actions, grace timers) in the order Baton
 *   recorded them. Baton records its own events once, in order, so the scripts give two of them in one conversation
 *   different times (Meta's may share one);
 * - a re-delivery is the same event (its dedupe key), applied once;
 * - row ids (timeline items are named after the event log's ids), the row's version (how many writes it took) and
 *   created_at (the server's clock at the first write) depend on arrival and are left out; the handoff divider is
 *   compared by the item it points at;
 * - the learned handoff buttons of a Page are left out (no `learned` option): they are the Page's, learned across
 *   conversations whatever their time, so a tap replayed after the Page learned a title is recognised by it.
 */

const SECOND = 1000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type StepKind =
  | "customer_text"
  | "customer_chip"
  | "postback"
  | "bot"
  | "bot_chips"
  | "page_inbox"
  | "baton_echo"
  | "pass"
  | "take"
  | "request"
  | "reaction"
  | "delivery"
  | "read"
  | "edit"
  | "unsend"
  | "referral"
  | "agent_read"
  | "agent_resolve"
  | "agent_reopen"
  | "agent_assign"
  | "agent_owner_change"
  | "agent_message"
  | "grace";

interface Step {
  kind: StepKind;
  /** Milliseconds after the step before (0: the same timestamp, as Meta sometimes sends). */
  gap: number;
  /** Which text, chip, target message or app the step picks. */
  pick: number;
  flag: boolean;
}

const STEP_WEIGHTS: [StepKind, number][] = [
  ["customer_text", 6],
  ["customer_chip", 3],
  ["postback", 2],
  ["bot", 5],
  ["bot_chips", 3],
  ["page_inbox", 1],
  ["baton_echo", 2],
  ["pass", 2],
  ["take", 1],
  ["request", 1],
  ["reaction", 4],
  ["delivery", 4],
  ["read", 4],
  ["edit", 2],
  ["unsend", 1],
  ["referral", 1],
  ["agent_read", 1],
  ["agent_resolve", 2],
  ["agent_reopen", 1],
  ["agent_assign", 1],
  ["agent_owner_change", 1],
  ["agent_message", 1],
  ["grace", 4],
];

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.oneof(...STEP_WEIGHTS.map(([kind, weight]) => ({ arbitrary: fc.constant(kind), weight }))),
  gap: fc.oneof(
    { arbitrary: fc.constant(0), weight: 1 },
    { arbitrary: fc.integer({ min: 1, max: 5 * SECOND }), weight: 6 },
    { arbitrary: fc.integer({ min: 50 * SECOND, max: 70 * SECOND }), weight: 2 },
    { arbitrary: fc.integer({ min: HOUR, max: 3 * HOUR }), weight: 1 },
    { arbitrary: fc.integer({ min: 6 * DAY, max: 9 * DAY }), weight: 1 },
  ),
  pick: fc.nat({ max: 1000 }),
  flag: fc.boolean(),
});

const CUSTOMER_TEXTS = [
  "Where is my order?",
  "Hi",
  "Talk to a human",
  "thank you",
  "Do you ship to Canada?",
  "ok",
];
const CHIPS: [title: string, payload: string][] = [
  ["Track my order", "TRACK"],
  ["Talk to a human", "HUMAN"],
  ["That helped", "HELPED"],
  ["Shipping times", "SHIPPING"],
];
const BOT_TEXTS = [
  "Your order ships today",
  "We'll get back to you soon",
  "Anything else?",
  "Here is our shipping policy",
];
const EMOJIS: [reaction: string, emoji: string][] = [
  ["love", "❤"],
  ["like", "👍"],
  ["wow", "😮"],
];
const APPS = [BATON_APP, BOT_APP, "263902037430900"];

const at = <T>(xs: readonly T[], n: number): T => xs[n % xs.length] as T;

/**
 * One conversation's events, from its steps: Meta's events built as Meta sends them and read by Baton's own parser,
 * Baton's (agents' actions, the bot's grace timers) as the service records them. `ns` names the customer, the
 * messages and the agents' event keys, so several copies of one script can live in one database.
 */
function buildConversation(steps: readonly Step[], ns: string, start: number): DomainEvent[] {
  const psid = `${ns}U`;
  const events: DomainEvent[] = [];
  let clock = start;
  let n = 0;
  let owner: "bot" | "baton" | "page_inbox" = "bot";
  const pageMids: string[] = [];
  const customerMids: { mid: string; edits: number }[] = [];
  const customerAts: number[] = [];
  let lastPageAt: number | null = null;
  /** Baton's own events happen once each, in order: never two at the same millisecond in one conversation. */
  const batonTimes = new Set<number>();

  const meta = (raw: Record<string, unknown>, channel: "messaging" | "standby") => {
    const body = { object: "page", entry: [{ id: PAGE_ID, time: clock, [channel]: [raw] }] };
    const parsed = parseWebhookBatch(batchEnvelope.parse(body), { bot: BOT_APP, baton: BATON_APP });
    const [event] = parsed.events;
    if (parsed.events.length !== 1 || !event || event.kind === "unknown")
      throw new Error(`the script built an event Baton cannot read: ${JSON.stringify(raw)}`);
    events.push(event);
  };
  const channel = () => (owner === "baton" ? "messaging" : "standby");
  const fromCustomer = (extra: Record<string, unknown>) => ({
    sender: { id: psid },
    recipient: { id: PAGE_ID },
    timestamp: clock,
    ...extra,
  });
  const fromPage = (message: Record<string, unknown>) => {
    const mid = `${ns}.p${++n}`;
    pageMids.push(mid);
    lastPageAt = clock;
    return {
      sender: { id: PAGE_ID },
      recipient: { id: psid },
      timestamp: clock,
      message: { is_echo: true, mid, ...message },
    };
  };
  const customerMessage = (message: Record<string, unknown>) => {
    const mid = `${ns}.c${++n}`;
    customerMids.push({ mid, edits: 0 });
    customerAts.push(clock);
    meta(fromCustomer({ message: { mid, ...message } }), channel());
  };
  /** An agent's action as the service records it (its own key, the agent, Baton's clock). */
  const agent = () => {
    while (batonTimes.has(clock)) clock += 1;
    batonTimes.add(clock);
    return {
      pageId: PAGE_ID,
      psid,
      at: clock,
      channel: "baton" as const,
      dedupeKey: `agent:${ns}:${++n}`,
      agentId: "sam",
    };
  };

  for (const step of steps) {
    clock += step.gap;
    switch (step.kind) {
      case "customer_text":
        customerMessage({ text: at(CUSTOMER_TEXTS, step.pick) });
        break;
      case "customer_chip": {
        const [title, payload] = at(CHIPS, step.pick);
        customerMessage({ text: title, quick_reply: { payload } });
        break;
      }
      case "postback": {
        const [title, payload] = at(CHIPS, step.pick);
        const mid = `${ns}.b${++n}`;
        customerAts.push(clock);
        // On standby Meta leaves the payload out.
        meta(
          fromCustomer({ postback: { mid, title, ...(owner === "baton" ? { payload } : {}) } }),
          channel(),
        );
        break;
      }
      case "bot":
        meta(fromPage({ app_id: Number(BOT_APP), text: at(BOT_TEXTS, step.pick) }), channel());
        break;
      case "bot_chips":
        meta(
          fromPage({
            app_id: Number(BOT_APP),
            text: "What can we help with?",
            quick_replies: CHIPS.filter((_, i) => step.flag || i !== 1).map(([title, payload]) => ({
              content_type: "text",
              title,
              payload,
            })),
          }),
          channel(),
        );
        break;
      case "page_inbox":
        meta(fromPage({ app_id: Number(APPS[2]), text: "Hi, this is the shop" }), channel());
        break;
      case "baton_echo":
        meta(
          fromPage({
            app_id: Number(BATON_APP),
            text: "Sam here, let me check",
            metadata: JSON.stringify({ baton: { agentId: "sam", clientId: `${ns}.k${n}` } }),
          }),
          channel(),
        );
        break;
      case "pass": {
        const to = at(APPS, step.pick);
        meta(
          fromCustomer({
            pass_thread_control: {
              new_owner_app_id: to,
              previous_owner_app_id: BOT_APP,
              metadata: "handover",
            },
          }),
          "messaging",
        );
        owner = to === BATON_APP ? "baton" : to === BOT_APP ? "bot" : "page_inbox";
        break;
      }
      case "take":
        meta(
          fromCustomer({
            take_thread_control: {
              new_owner_app_id: BOT_APP,
              previous_owner_app_id: BATON_APP,
              metadata: "",
            },
          }),
          "standby",
        );
        owner = "bot";
        break;
      case "request":
        meta(
          fromCustomer({ request_thread_control: { requested_owner_app_id: APPS[2], metadata: "" } }),
          "messaging",
        );
        break;
      case "reaction": {
        if (pageMids.length === 0) break;
        const [reaction, emoji] = at(EMOJIS, step.pick);
        meta(
          fromCustomer({
            reaction: {
              mid: at(pageMids, step.pick >> 2),
              action: step.flag || step.pick % 5 !== 0 ? "react" : "unreact",
              reaction,
              emoji,
            },
          }),
          channel(),
        );
        break;
      }
      case "delivery":
      case "read": {
        if (lastPageAt === null) break;
        const watermark = step.flag ? lastPageAt : Math.max(start, lastPageAt - step.pick * 10);
        meta(
          fromCustomer(
            step.kind === "delivery"
              ? { delivery: { mids: pageMids.slice(-1), watermark } }
              : { read: { watermark } },
          ),
          channel(),
        );
        break;
      }
      case "edit": {
        const target = customerMids.length > 0 ? at(customerMids, step.pick) : null;
        if (!target) break;
        target.edits += 1;
        meta(
          fromCustomer({
            message_edit: { mid: target.mid, text: `edited ${target.edits}`, num_edit: target.edits },
          }),
          channel(),
        );
        break;
      }
      case "unsend": {
        const target = customerMids.length > 0 ? at(customerMids, step.pick) : null;
        if (target) meta(fromCustomer({ message: { mid: target.mid, is_deleted: true } }), channel());
        break;
      }
      case "referral":
        meta(
          fromCustomer({ referral: { source: "SHORTLINK", type: "OPEN_THREAD", ref: "SPRING" } }),
          channel(),
        );
        break;
      case "agent_read":
      case "agent_resolve":
      case "agent_reopen":
        events.push({ ...agent(), kind: step.kind });
        break;
      case "agent_assign":
        events.push({ ...agent(), kind: "agent_assign", assigneeId: at(["sam", "lea", null], step.pick) });
        break;
      case "agent_owner_change": {
        const to = step.flag ? "baton" : "bot";
        owner = to;
        events.push({ ...agent(), kind: "agent_owner_change", owner: to });
        break;
      }
      case "agent_message": {
        const mid = `${ns}.a${++n}`;
        events.push({
          ...agent(),
          kind: "agent_message",
          mid,
          messageId: `${ns}.x${n}`,
          text: "On it",
          dedupeKey: `mid:${mid}`,
        });
        break;
      }
      case "grace": {
        // The bot's grace timer for a customer message comes due (as ConversationService.sweepTimers fires it).
        const customerAt = customerAts.length > 0 ? at(customerAts, step.pick) : null;
        if (customerAt === null) break;
        const dueAt = customerAt + 60 * SECOND;
        if (batonTimes.has(dueAt)) break;
        batonTimes.add(dueAt);
        events.push({
          kind: "bot_grace_expired",
          pageId: PAGE_ID,
          psid,
          at: dueAt,
          channel: "baton",
          customerAt,
          dedupeKey: `timer:${ns}:${customerAt}`,
        });
        clock = Math.max(clock, dueAt);
        break;
      }
    }
  }
  return events;
}

/** Deliveries of a list of events: cut into batches where `cuts` says so (Meta's webhooks carry 1 to many). */
function batches<T>(items: readonly T[], cuts: readonly boolean[]): T[][] {
  const out: T[][] = [];
  let current: T[] = [];
  items.forEach((item, i) => {
    current.push(item);
    if (cuts[i] ?? true) {
      out.push(current);
      current = [];
    }
  });
  if (current.length > 0) out.push(current);
  return out;
}

/** Everything stored about one conversation that must not depend on how its events arrived. */
async function snapshot(db: Queryable, conversationId: string): Promise<unknown> {
  const [conversation] = await db.query<Record<string, unknown>>(
    `select status, owner, flags, flagged, assignee_id, escalated_at, escalation_reason, last_message_preview,
       last_message_author, last_message_at, last_activity_at, last_customer_at, unread_count, referral,
       first_customer_at, bot_first_at, handoff_at, handoff_reason_kind, first_human_reply_at, first_human_reply_by,
       flow, state::jsonb as state,
       (select jsonb_build_object('at', h.at, 'text', h.text, 'item', h.item::jsonb)
        from timeline_items h where h.id = c.handoff_item_id) as handoff_item
     from conversations c where id = $1`,
    [conversationId],
  );
  const items = await db.query<Record<string, unknown>>(
    `select at, kind, mid, client_id, author, agent_id, delivery, error, text, reactions, item::jsonb as item
     from timeline_items where conversation_id = $1`,
    [conversationId],
  );
  const resolutions = await db.query<Record<string, unknown>>(
    `select id, page_id, flow, resolved_at, confirmed_at, reopened_at, last_customer_text, last_customer_asked
     from bot_resolutions where conversation_id = $1 order by id`,
    [conversationId],
  );
  const timers = await db.query<Record<string, unknown>>(
    "select kind, due_at, customer_at from timers where conversation_id = $1 and fired_at is null order by customer_at",
    [conversationId],
  );
  const log = await db.query<{ dedupe_key: string }>(
    "select dedupe_key from events where conversation_id = $1",
    [conversationId],
  );
  const canonical = (x: unknown) => JSON.stringify(x);
  return {
    conversation,
    timeline: items.map(canonical).sort(),
    resolutions,
    timers,
    log: log.map((r) => r.dedupe_key).sort(),
  };
}

describeOnEachDatabase("replay: duplicate and shuffled delivery", (harness) => {
  let h: Harness;
  let rules: Rules;
  let runs = 0;
  beforeEach(() => {
    h = harness();
    rules = h.baton.service.rules;
  });

  const deliver = async (events: readonly DomainEvent[], now: number) => {
    await h.baton.db.transaction((tx) => applyEvents(tx, events, rules, { now }));
  };

  /* What the property found, as examples through the webhook. */
  const T = Date.UTC(2026, 10, 1, 9, 0, 0);
  const CONV = `${PAGE_ID}-U1`;
  const customer = (extra: Record<string, unknown>, at: number) => ({
    sender: { id: "U1" },
    recipient: { id: PAGE_ID },
    timestamp: at,
    ...extra,
  });
  const messages = () =>
    h.baton.db.query<{ mid: string; delivery: string; reactions: unknown }>(
      "select mid, delivery, reactions from timeline_items where conversation_id = $1 and kind = 'message' order by at",
      [CONV],
    );

  it("a read receipt that arrives before the bot's message marks the message read when it arrives", async () => {
    await h.webhook(meta.batch([meta.text("U1", "c1", "Where is my order?", T)]));
    await h.webhook(meta.batch([customer({ read: { watermark: T + 2000 } }, T + 5000)]));
    await h.webhook(meta.batch([customer({ delivery: { mids: ["b2"], watermark: T + 3000 } }, T + 4000)]));
    await h.webhook(
      meta.batch([
        meta.echo("U1", "b1", "It ships today", T + 2000, BOT_APP),
        meta.echo("U1", "b2", "Anything else?", T + 3000, BOT_APP),
        meta.echo("U1", "b3", "Bye", T + 6000, BOT_APP),
      ]),
    );
    expect((await messages()).map((m) => [m.mid, m.delivery])).toEqual([
      ["c1", "delivered"],
      ["b1", "read"],
      ["b2", "delivered"],
      ["b3", "sent"],
    ]);
  });

  it("a reaction that arrives before its message is on the message when it arrives, and an unreact before its react leaves none", async () => {
    await h.webhook(
      meta.batch([
        customer({ reaction: { mid: "b1", action: "react", reaction: "love", emoji: "❤" } }, T + 2000),
        customer({ reaction: { mid: "b2", action: "unreact", reaction: "like", emoji: "👍" } }, T + 4000),
      ]),
    );
    await h.webhook(
      meta.batch([
        customer({ reaction: { mid: "b2", action: "react", reaction: "like", emoji: "👍" } }, T + 3000),
      ]),
    );
    await h.webhook(
      meta.batch([
        meta.echo("U1", "b1", "It ships today", T + 1000, BOT_APP),
        meta.echo("U1", "b2", "Anything else?", T + 1500, BOT_APP),
      ]),
    );
    expect((await messages()).map((m) => [m.mid, m.reactions])).toEqual([
      ["b1", [{ reaction: "love", emoji: "❤" }]],
      ["b2", []],
    ]);
  });

  it("a grace timer that finds the bot's answer leaves the conversation's place in the inbox", async () => {
    await h.webhook(meta.batch([meta.text("U1", "c1", "Where is my order?", T)]));
    await h.webhook(meta.batch([meta.echo("U1", "b1", "It ships today", T + 5000, BOT_APP)]));
    h.clock.set(T + 120_000);
    expect(await h.baton.service.sweepTimers()).toBe(1);
    const [c] = await h.baton.db.query<{ status: string; last_activity_at: number }>(
      "select status, last_activity_at from conversations where id = $1",
      [CONV],
    );
    expect(c).toEqual({ status: "bot_resolved", last_activity_at: T + 5000 });
  });

  it("a replay drops the grace timer of a message the bot turns out to have been answering already", async () => {
    // In order: the first question starts the wait, the second joins it, the bot answers both.
    await h.webhook(meta.batch([meta.text("U1", "c2", "Hello?", T + 2000)]));
    await h.webhook(
      meta.batch([
        meta.text("U1", "c1", "Where is my order?", T),
        meta.echo("U1", "b1", "It ships today", T + 5000, BOT_APP),
      ]),
    );
    const timers = await h.baton.db.query<{ customer_at: number }>(
      "select customer_at from timers where conversation_id = $1 and fired_at is null",
      [CONV],
    );
    expect(timers.map((t) => t.customer_at)).toEqual([T]);
  });

  it("every event delivered twice, shuffled, in batches of random size, stores what in-order delivery stores", async () => {
    const scripts = fc
      .array(fc.array(stepArb, { minLength: 2, maxLength: 22 }), { minLength: 1, maxLength: 3 })
      .chain((conversations) => {
        const total = buildAll(conversations, "probe").events.length;
        return fc.record({
          conversations: fc.constant(conversations),
          keys: fc.array(fc.nat(), { minLength: 2 * total, maxLength: 2 * total }),
          shuffledCuts: fc.array(fc.boolean(), { minLength: 2 * total, maxLength: 2 * total }),
          inOrderCuts: fc.array(fc.boolean(), { minLength: total, maxLength: total }),
        });
      });
    const start = Date.UTC(2026, 10, 1, 9, 0, 0);
    function buildAll(conversations: readonly (readonly Step[])[], ns: string) {
      const ids: string[] = [];
      const events: DomainEvent[] = [];
      conversations.forEach((steps, k) => {
        ids.push(`${PAGE_ID}-${ns}${k}U`);
        events.push(...buildConversation(steps, `${ns}${k}`, start + k * 7919));
      });
      // In order: Meta's time across the conversations.
      events.sort((a, b) => a.at - b.at);
      return { ids, events };
    }

    await fc.assert(
      fc.asyncProperty(scripts, async ({ conversations, keys, shuffledCuts, inOrderCuts }) => {
        const run = ++runs;
        const a = buildAll(conversations, `r${run}a`);
        const b = buildAll(conversations, `r${run}b`);
        for (const batch of batches(a.events, inOrderCuts)) await deliver(batch, start);
        const twice = [...b.events, ...b.events]
          .map((event, i) => ({ event, key: keys[i] ?? 0, i }))
          .sort((x, y) => x.key - y.key || x.i - y.i)
          .map((x) => x.event);
        for (const batch of batches(twice, shuffledCuts)) await deliver(batch, start);
        for (const [k, id] of a.ids.entries()) {
          const inOrder = JSON.stringify(await snapshot(h.baton.db, id)).replaceAll(`r${run}a`, "NS");
          const shuffled = JSON.stringify(await snapshot(h.baton.db, b.ids[k] ?? "")).replaceAll(
            `r${run}b`,
            "NS",
          );
          expect(JSON.parse(shuffled)).toEqual(JSON.parse(inOrder));
        }
      }),
      {
        numRuns: Number(process.env.REPLAY_RUNS ?? 25),
        ...(process.env.REPLAY_SEED ? { seed: Number(process.env.REPLAY_SEED) } : {}),
        endOnFailure: process.env.REPLAY_SHRINK !== "1",
      },
    );
  }, 240_000);
});
