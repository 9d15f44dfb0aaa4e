import type { SystemEvent } from "../../contract/timeline.ts";
import type { LearnedHandoffTitle } from "./classify.ts";
import { buttonsOffered } from "./classify.ts";
import type { DomainEvent } from "./domain-events.ts";
import type { HandoffButtonSighting } from "./handoff-buttons.ts";
import { messageItemIdOfEvent, systemItemId } from "./ids.ts";
import {
  batonMetadata,
  conversationFlow,
  initialState,
  restoreState,
  transition,
  type ConversationState,
  type ResolutionState,
  type Rules,
  type StoredState,
  type SystemDraft,
} from "./state-machine.ts";

/**
 * The engine's planner: from the locked conversations and the new events (and, for a conversation that must be
 * replayed, its whole log), which rows change. Pure: no clock, no I/O; write.ts turns a plan into SQL.
 */

export interface Change {
  conversationId: string;
  /** Timeline items added or changed. */
  itemIds: string[];
  escalated: boolean;
}

export interface StoredEvent {
  id: number;
  event: DomainEvent;
  conversationId: string | null;
}

export interface LockedConversation {
  id: string;
  /** As stored: possibly written before fields the state machine has since gained (see restoreState). */
  state: StoredState;
  version: number;
  /** The latest delivery and read receipts' watermarks (receipts are not logged: they live here). */
  delivered_watermark: number;
  read_watermark: number;
}

export interface TimelineInsert {
  id: string;
  conversationId: string;
  at: number;
  kind: "message" | "system";
  mid: string | null;
  clientId: string | null;
  author: string;
  agentId: string | null;
  delivery: string | null;
  text: string | null;
  item: Record<string, unknown>;
  sourceEventId: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** A bot resolution's row id: the conversation's id and the resolution's number in it. */
const resolutionId = (conversationId: string, n: number): string => `${conversationId}/r${n}`;

/** The conversation columns the insights read (migration 7), from the state. */
export function insightColumns(s: ConversationState) {
  return {
    firstCustomerAt: s.firstCustomerAt,
    botFirstAt: s.botFirstAt,
    handoffAt: s.handoffAt,
    handoffReasonKind: s.handoffReasonKind,
    firstHumanReplyAt: s.firstHumanReplyAt,
    firstHumanReplyBy: s.firstHumanReplyBy,
    flow: conversationFlow(s),
  };
}

/** System items that mark where a conversation became a human's job: the transcript's handoff divider. */
const HANDOFF_EVENTS = new Set<SystemEvent>(["escalated", "no_bot_answer", "reopened"]);

/** The JSON of a message that never changes after it is stored. Delivery, reactions and errors live in columns. */
function messageContent(
  e: DomainEvent,
): Omit<TimelineInsert, "id" | "conversationId" | "sourceEventId"> | null {
  switch (e.kind) {
    case "customer_message":
      return {
        at: e.at,
        kind: "message",
        mid: e.mid,
        clientId: null,
        author: "customer",
        agentId: null,
        delivery: "delivered",
        text: e.text,
        item: {
          attachments: e.attachments,
          quickReplyPayload: e.quickReplyPayload,
          replyToMid: e.replyToMid,
          ...(e.storyReply ? { storyReply: e.storyReply } : {}),
          ...(e.textTruncated ? { textTruncated: true } : {}),
        },
      };
    case "customer_postback":
      return {
        at: e.at,
        kind: "message",
        mid: e.mid,
        clientId: null,
        author: "customer",
        agentId: null,
        delivery: "delivered",
        text: null,
        item: { postback: { title: e.title, payload: e.payload } },
      };
    case "page_message": {
      const meta = batonMetadata(e.metadata);
      return {
        at: e.at,
        kind: "message",
        mid: e.mid,
        clientId: e.sender === "baton" ? (meta?.clientId ?? null) : null,
        author:
          e.sender === "baton"
            ? "agent"
            : e.sender === "bot"
              ? "bot"
              : e.sender === "page_inbox"
                ? "page_inbox"
                : "page",
        agentId: e.sender === "baton" ? (meta?.agentId ?? null) : null,
        delivery: "sent",
        text: e.text,
        item: {
          attachments: e.attachments,
          quickReplies: e.quickReplies,
          appId: e.appId,
          ...(e.textTruncated ? { textTruncated: true } : {}),
        },
      };
    }
    default:
      return null;
  }
}

export const isReceipt = (e: DomainEvent) => e.kind === "delivery" || e.kind === "read";

/**
 * A conversation's history is ordered by Meta's timestamps, not by arrival. At the same millisecond Meta's events
 * come first, by dedupe key (so a re-delivery in another order replays the same way), then Baton's own events, in
 * the order Baton recorded them (their log id).
 */
export function historyOrder(a: StoredEvent, b: StoredEvent): number {
  if (a.event.at !== b.event.at) return a.event.at - b.event.at;
  const aBaton = a.event.channel === "baton";
  const bBaton = b.event.channel === "baton";
  if (aBaton !== bBaton) return aBaton ? 1 : -1;
  if (aBaton) return a.id - b.id;
  return a.event.dedupeKey < b.event.dedupeKey ? -1 : a.event.dedupeKey > b.event.dedupeKey ? 1 : 0;
}

/** A new event that belongs before what the state has applied already: the conversation must be replayed. */
const arrivedLate = (e: DomainEvent, lastEventAt: number): boolean =>
  e.at < lastEventAt || (e.at === lastEventAt && e.channel !== "baton");

/** What a message of the Page's says of its delivery, by the conversation's receipt watermarks. */
function deliveryByWatermarks(at: number, delivered: number, read: number): "read" | "delivered" | "sent" {
  if (at <= read) return "read";
  return at <= Math.max(delivered, read) ? "delivered" : "sent";
}

/** The initial thread owner: Meta delivers on `messaging` only to the app that owns the thread. */
const initialStateOf = (first: DomainEvent | undefined) =>
  initialState(first && first.channel === "messaging" ? "baton" : "bot");

function systemInserts(
  conversationId: string,
  eventId: number,
  at: number,
  drafts: readonly SystemDraft[],
): TimelineInsert[] {
  return drafts.map((d, n) => ({
    id: systemItemId(eventId, n),
    conversationId,
    at,
    kind: "system",
    mid: null,
    clientId: null,
    author: "system",
    agentId: d.agentId,
    delivery: null,
    text: d.text,
    item: { event: d.event },
    sourceEventId: eventId,
  }));
}

/** Handoff buttons in the bot's new messages, for the Page's learned table. */
export function handoffSightings(stored: readonly StoredEvent[], rules: Rules): HandoffButtonSighting[] {
  return stored.flatMap(({ event: e }) =>
    e.kind === "page_message" && e.sender === "bot"
      ? buttonsOffered(e, rules)
          .filter((b) => b.handoff)
          .map((b) => ({
            pageId: e.pageId,
            key: b.key,
            title: b.title,
            payload: b.payload,
            source: b.source,
            at: e.at,
          }))
      : [],
  );
}

/** A message's reactions from its reaction events in history order: a react replaces the same reaction, an unreact removes it. */
export function foldReactions(events: readonly StoredEvent[]): { reaction: string; emoji: string }[] {
  let out: { reaction: string; emoji: string }[] = [];
  for (const { event } of [...events].sort(historyOrder)) {
    if (event.kind !== "reaction") continue;
    out = out.filter((r) => r.reaction !== event.reaction);
    if (event.action === "react") out.push({ reaction: event.reaction, emoji: event.emoji });
  }
  return out;
}

/** A grace timer to store: the bot must answer the customer message sent at customerAt by dueAt. */
interface PlannedTimer {
  conversationId: string;
  dueAt: number;
  customerAt: number;
}

/** A conversation's row after the events. */
export interface ConversationUpdate {
  id: string;
  state: ConversationState;
  /** The transcript's handoff divider: undefined keeps the stored one, null removes it (a replay found none). */
  handoffItemId: string | null | undefined;
  /** The batch's earliest event: a conversation of receipts alone (no activity in its state) shows there. */
  firstAt: number;
  deliveredWatermark: number;
  readWatermark: number;
  /** New receipts came: the Page's stored messages take the watermarks. */
  newReceipts: boolean;
}

/** Which rows the events change. */
export interface Plan {
  /** What each conversation's subscribers are told (write.ts adds the items the SQL changed). */
  changes: Change[];
  updates: ConversationUpdate[];
  timeline: TimelineInsert[];
  timers: PlannedTimer[];
  /** Conversations replayed from their log: their system items, resolutions and pending timers are planned anew. */
  replayed: string[];
  /** Bot resolutions started or changed, the last version of each (issue 10). */
  resolutions: { id: string; conversationId: string; pageId: string; r: ResolutionState }[];
  /** UTC days (since the epoch) whose insights must be summed again (insights-rollup.ts). */
  dirtyDays: number[];
  /** Messages reacted to now: their reactions are folded again from the log. */
  reactedMids: string[];
}

/** Whether a conversation must be replayed from its log: a new logged event belongs before what it has applied. */
export function needsReplay(conv: LockedConversation, list: readonly StoredEvent[]): boolean {
  const { lastEventAt } = restoreState(conv.state);
  return list.some((s) => !isReceipt(s.event) && arrivedLate(s.event, lastEventAt));
}

/**
 * Plans the rows the events change. `groups` holds each conversation's new events in history order; `logs` the
 * whole log of the conversations needsReplay chose, in history order; `learnedByPage` each Page's learned titles.
 */
export function planEvents(input: {
  groups: ReadonlyMap<string, readonly StoredEvent[]>;
  locked: ReadonlyMap<string, LockedConversation>;
  logs: ReadonlyMap<string, readonly StoredEvent[]>;
  rules: Rules;
  learnedByPage: ReadonlyMap<string, ReadonlyMap<string, LearnedHandoffTitle>>;
  now: number;
}): Plan {
  const { rules } = input;
  const out: Plan = {
    changes: [],
    updates: [],
    timeline: [],
    timers: [],
    replayed: [],
    resolutions: [],
    dirtyDays: [],
    reactedMids: [],
  };
  const resolutions = new Map<string, Plan["resolutions"][number]>();
  /** Times whose UTC days the insights must sum again. */
  const touched: number[] = [];

  for (const [conversationId, list] of input.groups) {
    const conv = input.locked.get(conversationId);
    if (!conv) continue;
    const change: Change = { conversationId, itemIds: [], escalated: false };
    out.changes.push(change);
    let handoffItemId: string | null | undefined;

    let delivered = conv.delivered_watermark;
    let read = conv.read_watermark;
    for (const s of list) {
      if (s.event.kind === "delivery") delivered = Math.max(delivered, s.event.watermark);
      else if (s.event.kind === "read") read = Math.max(read, s.event.watermark);
      else if (s.event.kind === "reaction") out.reactedMids.push(s.event.mid);
    }
    for (const s of list) {
      const content = messageContent(s.event);
      if (!content) continue;
      // A receipt that came before the Page's message (its watermark covers it) counts for it as it arrives.
      const delivery =
        content.delivery === "sent" ? deliveryByWatermarks(content.at, delivered, read) : content.delivery;
      out.timeline.push({
        id: messageItemIdOfEvent(s.id),
        conversationId,
        sourceEventId: s.id,
        ...content,
        delivery,
      });
    }

    const before = restoreState(conv.state);
    // Out of order: rebuild the conversation's state and system items from the whole log, in history order.
    const replayLog = input.logs.get(conversationId);
    const log = replayLog ?? list;
    if (replayLog) {
      out.replayed.push(conversationId);
      handoffItemId = null;
    }
    // The first logged events of a conversation (it may exist for receipts alone) start from the initial state.
    let state =
      replayLog || before.lastEventAt === 0
        ? initialStateOf(log.find((s) => !isReceipt(s.event))?.event ?? log[0]?.event)
        : before;
    const fresh = new Set(list.map((s) => s.id));
    const pageId = list[0]?.event.pageId ?? "";
    const pageRules: Rules = {
      ...rules,
      learnedHandoffTitles: input.learnedByPage.get(pageId) ?? rules.learnedHandoffTitles,
    };
    for (const s of log) {
      const t = transition(state, s.event, pageRules);
      state = t.state;
      const sys = systemInserts(conversationId, s.id, s.event.at, t.system);
      out.timeline.push(...sys);
      if (t.escalated)
        handoffItemId =
          sys.find((_, i) => HANDOFF_EVENTS.has(t.system[i]?.event ?? "resolved"))?.id ?? handoffItemId;
      if (fresh.has(s.id)) change.escalated ||= t.escalated;
      for (const timer of t.timers) out.timers.push({ conversationId, ...timer });
      if (t.resolution) {
        const r = t.resolution.resolution;
        const id = resolutionId(conversationId, r.n);
        resolutions.set(id, { id, conversationId, pageId, r });
        touched.push(r.resolvedAt);
        if (before.resolution?.n === r.n) touched.push(before.resolution.resolvedAt);
      }
      touched.push(s.event.at);
    }
    // The conversation counts on the day of its last activity: the day it leaves and the day it joins.
    touched.push(before.lastActivityAt, state.lastActivityAt);
    out.updates.push({
      id: conversationId,
      state,
      handoffItemId,
      firstAt: list[0]?.event.at ?? input.now,
      deliveredWatermark: delivered,
      readWatermark: read,
      newReceipts: list.some((s) => isReceipt(s.event)),
    });
  }
  out.resolutions = [...resolutions.values()];
  out.dirtyDays = [...new Set(touched.filter((t) => t > 0).map((t) => Math.floor(t / DAY_MS)))];
  return out;
}
