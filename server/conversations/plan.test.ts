import { describe, expect, it } from "vitest";
import {
  DEFAULT_AUTORESPONDER_PHRASES,
  DEFAULT_HANDOFF_PAYLOADS,
  DEFAULT_HANDOFF_PHRASES,
} from "../config.ts";
import type { DomainEvent } from "./domain-events.ts";
import {
  foldReactions,
  historyOrder,
  needsReplay,
  planEvents,
  type LockedConversation,
  type Plan,
  type StoredEvent,
} from "./plan.ts";
import { initialState, replay, type Rules } from "./state-machine.ts";

/* The planner's table: one row per rule of what the engine writes for a batch of events. */

const rules: Rules = {
  apps: { bot: "BOT", baton: "BATON" },
  botGraceMs: 60_000,
  handoffPayloads: DEFAULT_HANDOFF_PAYLOADS,
  handoffPhrases: DEFAULT_HANDOFF_PHRASES,
  autoresponderPhrases: DEFAULT_AUTORESPONDER_PHRASES,
  learnedHandoffTitles: new Map(),
};
const T = Date.UTC(2026, 10, 1, 9, 0, 0);
const CONV = "PAGE-U1";
const base = (at: number, key: string, channel: "standby" | "messaging" = "standby") => ({
  pageId: "PAGE",
  psid: "U1",
  at,
  channel,
  dedupeKey: key,
});
const customer = (at: number, text = "Where is my order?", channel: "standby" | "messaging" = "standby") =>
  ({
    ...base(at, `mid:c${at}`, channel),
    kind: "customer_message",
    mid: `c${at}`,
    text,
    attachments: [],
    quickReplyPayload: null,
    replyToMid: null,
  }) satisfies DomainEvent;
const bot = (at: number) =>
  ({
    ...base(at, `mid:b${at}`),
    kind: "page_message",
    mid: `b${at}`,
    appId: "BOT",
    sender: "bot",
    text: "It ships today",
    attachments: [],
    quickReplies: [],
    metadata: null,
  }) satisfies DomainEvent;
const delivery = (at: number, watermark: number) =>
  ({ ...base(at, `delivery:${watermark}`), kind: "delivery", mids: [], watermark }) satisfies DomainEvent;
const read = (at: number, watermark: number) =>
  ({ ...base(at, `read:${watermark}`), kind: "read", watermark }) satisfies DomainEvent;
const reaction = (at: number, mid: string, action: "react" | "unreact", name = "love", emoji = "❤") =>
  ({
    ...base(at, `reaction:${mid}:${action}:${name}:${at}`),
    kind: "reaction",
    mid,
    action,
    reaction: name,
    emoji,
  }) satisfies DomainEvent;
const resolve = (at: number) =>
  ({
    ...base(at, `agent:${at}`),
    channel: "baton",
    kind: "agent_resolve",
    agentId: "A1",
  }) satisfies DomainEvent;

/** Events as the log stores them: ids in the order given (receipts, not logged, have id 0). */
const logged = (events: DomainEvent[], firstId = 1): StoredEvent[] =>
  events.map((event, i) => ({
    id: event.kind === "delivery" || event.kind === "read" ? 0 : firstId + i,
    event,
    conversationId: CONV,
  }));

/** The conversation's row as locked: the state after `applied`, and the stored receipt watermarks. */
const lockedAfter = (applied: DomainEvent[], watermarks = { delivered: 0, read: 0 }): LockedConversation => ({
  id: CONV,
  state: replay(applied, rules).at(-1)?.state ?? initialState(),
  version: 1,
  delivered_watermark: watermarks.delivered,
  read_watermark: watermarks.read,
});

interface Row {
  rule: string;
  locked: LockedConversation;
  events: StoredEvent[];
  /** The conversation's whole log, when it is replayed. */
  log?: StoredEvent[];
  expect: (plan: Plan) => void;
}

const rows: Row[] = [
  {
    rule: "a conversation's first events start from the initial state, Baton's thread when the first came on messaging",
    locked: lockedAfter([]),
    events: logged([customer(T, "Hi", "messaging")]),
    expect: (p) => expect(p.updates[0]?.state).toMatchObject({ owner: "baton", status: "open", unread: 1 }),
  },
  {
    rule: "a Page message a stored read receipt covers is planned read",
    locked: lockedAfter([customer(T)], { delivered: 0, read: T + 10 }),
    events: logged([bot(T + 5)], 2),
    expect: (p) =>
      expect(p.timeline.filter((t) => t.kind === "message").map((t) => t.delivery)).toEqual(["read"]),
  },
  {
    rule: "a Page message a delivery receipt of the same batch covers is planned delivered, and the receipt updates the stored ones",
    locked: lockedAfter([customer(T)]),
    events: logged([delivery(T + 20, T + 10), bot(T + 5)], 2),
    expect: (p) => {
      expect(p.timeline.filter((t) => t.kind === "message").map((t) => t.delivery)).toEqual(["delivered"]);
      expect(p.updates[0]).toMatchObject({ deliveredWatermark: T + 10, readWatermark: 0, newReceipts: true });
    },
  },
  {
    rule: "a Page message after the watermarks is planned sent, a customer's message delivered",
    locked: lockedAfter([], { delivered: T, read: T }),
    events: logged([customer(T + 1), bot(T + 5)]),
    expect: (p) =>
      expect(p.timeline.filter((t) => t.kind === "message").map((t) => t.delivery)).toEqual([
        "delivered",
        "sent",
      ]),
  },
  {
    rule: "receipts raise the watermarks and never lower them",
    locked: lockedAfter([customer(T)], { delivered: T + 100, read: T + 90 }),
    events: logged([delivery(T + 200, T + 50), read(T + 200, T + 95)]),
    expect: (p) =>
      expect(p.updates[0]).toMatchObject({
        deliveredWatermark: T + 100,
        readWatermark: T + 95,
        newReceipts: true,
      }),
  },
  {
    rule: "a customer message the bot must answer plans its grace timer",
    locked: lockedAfter([]),
    events: logged([customer(T)]),
    expect: (p) => expect(p.timers).toEqual([{ conversationId: CONV, dueAt: T + 60_000, customerAt: T }]),
  },
  {
    rule: "a replayed conversation is planned from its log: marked replayed, its timers and handoff divider planned anew",
    locked: lockedAfter([bot(T + 5)]),
    events: logged([customer(T)], 2),
    log: [...logged([customer(T)], 2), ...logged([bot(T + 5)], 1)],
    expect: (p) => {
      expect(p.replayed).toEqual([CONV]);
      expect(p.timers).toEqual([{ conversationId: CONV, dueAt: T + 60_000, customerAt: T }]);
      expect(p.updates[0]?.handoffItemId).toBeNull();
      expect(p.updates[0]?.state).toMatchObject({ status: "bot_resolved", lastEventAt: T + 5 });
    },
  },
  {
    rule: "a conversation in order is not replayed and keeps its handoff divider",
    locked: lockedAfter([customer(T)]),
    events: logged([bot(T + 5)], 2),
    expect: (p) => {
      expect(p.replayed).toEqual([]);
      expect(p.updates[0]?.handoffItemId).toBeUndefined();
    },
  },
  {
    rule: "a reaction plans its message's reactions to be folded again from the log",
    locked: lockedAfter([bot(T)]),
    events: logged([reaction(T + 5, "b0", "react")], 2),
    expect: (p) => expect(p.reactedMids).toEqual(["b0"]),
  },
  {
    rule: "the bot's answer plans a bot resolution, named after the conversation, and marks its day for the insights",
    locked: lockedAfter([customer(T)]),
    events: logged([bot(T + 5)], 2),
    expect: (p) => {
      expect(p.resolutions.map((r) => [r.id, r.r.resolvedAt])).toEqual([[`${CONV}/r1`, T + 5]]);
      expect(p.dirtyDays).toEqual([Math.floor(T / 86_400_000)]);
    },
  },
  {
    rule: "an escalation marks the change escalated and plans the handoff divider on its system item",
    locked: lockedAfter([]),
    events: logged([customer(T, "Talk to a human")]),
    expect: (p) => {
      expect(p.changes).toEqual([{ conversationId: CONV, itemIds: [], escalated: true }]);
      expect(p.updates[0]?.handoffItemId).toBe(p.timeline.find((t) => t.kind === "system")?.id);
    },
  },
];

describe("the engine's planner", () => {
  it.each(rows)("$rule", (row) => {
    const plan = planEvents({
      groups: new Map([[CONV, [...row.events].sort(historyOrder)]]),
      locked: new Map([[CONV, row.locked]]),
      logs: row.log ? new Map([[CONV, [...row.log].sort(historyOrder)]]) : new Map(),
      rules,
      learnedByPage: new Map(),
      now: T,
    });
    row.expect(plan);
  });

  it.each([
    { rule: "a logged event before the last one applied replays", events: [customer(T - 1)], replays: true },
    {
      rule: "Meta's event at the last applied millisecond replays (its order there is by key)",
      events: [customer(T)],
      replays: true,
    },
    {
      rule: "Baton's own event at the last applied millisecond comes after it: no replay",
      events: [resolve(T)],
      replays: false,
    },
    {
      rule: "an event after the last one applied does not replay",
      events: [customer(T + 1)],
      replays: false,
    },
    { rule: "a receipt, not in the log, never replays", events: [read(T - 10, T - 10)], replays: false },
  ])("$rule", ({ events, replays }) => {
    expect(needsReplay(lockedAfter([customer(T, "Hi")]), logged(events, 5))).toBe(replays);
  });

  it.each([
    {
      rule: "by Meta's time first",
      a: logged([customer(T + 1)], 1)[0],
      b: logged([customer(T)], 2)[0],
      first: "b",
    },
    {
      rule: "at the same millisecond, Meta's events before Baton's",
      a: logged([resolve(T)], 1)[0],
      b: logged([bot(T)], 2)[0],
      first: "b",
    },
    {
      rule: "Meta's events at the same millisecond by dedupe key, not arrival",
      a: logged([customer(T)], 1)[0],
      b: logged([bot(T)], 2)[0],
      first: "b",
    },
    {
      rule: "Baton's events at the same millisecond by log id",
      a: logged([resolve(T)], 2)[0],
      b: logged([{ ...resolve(T), dedupeKey: "agent:0" }], 3)[0],
      first: "a",
    },
  ])("history order: $rule", ({ a, b, first }) => {
    if (!a || !b) throw new Error("row without events");
    expect([a, b].sort(historyOrder)[0]).toBe(first === "a" ? a : b);
    expect([b, a].sort(historyOrder)[0]).toBe(first === "a" ? a : b);
  });

  it.each([
    {
      rule: "a react then an unreact leave none",
      events: [reaction(T, "m", "react"), reaction(T + 1, "m", "unreact")],
      reactions: [],
    },
    {
      rule: "an unreact logged before its react (arrived first) but later in time still leaves none",
      events: [reaction(T + 1, "m", "unreact"), reaction(T, "m", "react")],
      reactions: [],
    },
    {
      rule: "a react after an unreact stays",
      events: [reaction(T, "m", "unreact"), reaction(T + 1, "m", "react")],
      reactions: [{ reaction: "love", emoji: "❤" }],
    },
    {
      rule: "a second react of the same reaction replaces the first; another reaction is kept beside it",
      events: [
        reaction(T, "m", "react"),
        reaction(T + 1, "m", "react", "like", "👍"),
        reaction(T + 2, "m", "react", "love", "😍"),
      ],
      reactions: [
        { reaction: "like", emoji: "👍" },
        { reaction: "love", emoji: "😍" },
      ],
    },
  ])("reactions: $rule", ({ events, reactions }) => {
    expect(foldReactions(logged(events))).toEqual(reactions);
  });
});
