import type {
  ConversationFlag,
  ConversationStatus,
  ThreadOwner,
  AuthorKind,
} from "../../contract/conversation.ts";
import type { SystemEvent } from "../../contract/timeline.ts";
import { PAGE_INBOX_APP_ID } from "../messenger/meta-apps.ts";
import type { AppIds, FeedbackAnswer, OptIn, ReferralInfo } from "../messenger/events.ts";
import {
  autoresponderPhraseOf,
  buttonsOffered,
  handoffRequestOf,
  type HandoffRules,
  type LearnedHandoffTitle,
  type OfferedButton,
} from "./classify.ts";
import type { DomainEvent } from "./domain-events.ts";
import type { BotFlow } from "../../contract/review.ts";
import type { HandoffReason } from "../../contract/insights.ts";
import {
  addFlowEvidence,
  flowOfEvidence,
  NO_FLOW_EVIDENCE,
  type FlowEvidence,
  type FlowMessage,
} from "../review/flow.ts";
import {
  afterCustomerTurn,
  continuesExchange,
  DEFAULT_CONFIRMATION_RULES,
  isConfirmingReaction,
  isQuestion,
  type ConfirmationRules,
} from "../review/resolution.ts";
import { REOPEN_WINDOW_MS } from "../../contract/review.ts";

/**
 * The conversation state machine: (state, event) -> (state, system items, timers). Pure: no clock, no I/O.
 * Every rule of docs/messenger-handover-rules.md is a row in state-machine.test.ts; "rule N" in the comments below
 * is the rule of that number there.
 */

/** Why a conversation became a human's job. */
export type Escalation = "requested" | "passed" | "no_answer" | "reopened";

/**
 * The conversation's latest bot resolution (issue 10), as the engine stores it in bot_resolutions (id: the
 * conversation's id and `n`). Assumed is not stored: it is read from `resolvedAt` and the quiet time.
 */
export interface ResolutionState {
  /** 1 for the conversation's first bot resolution, 2 for the next, and so on. */
  n: number;
  flow: BotFlow;
  /** The bot's answer that resolved it; the bot's later answers in the same exchange move it on. */
  resolvedAt: number;
  confirmedAt: number | null;
  reopenedAt: number | null;
  /** The customer's last message before that answer (the question behind a knowledge gap). */
  lastCustomerText: string | null;
  lastCustomerAsked: boolean;
  /** The customer carried on the exchange within the quiet time (see continuesExchange): the bot's next answer extends it. */
  continuedAt: number | null;
}

/** What a transition did to the conversation's bot resolution, for the engine to store. */
export interface ResolutionReport {
  kind: "started" | "extended" | "confirmed" | "reopened";
  resolution: ResolutionState;
}

/** The latest referral of a conversation, with when it came. */
export type ConversationReferral = ReferralInfo & { at: number };

export interface ConversationState {
  status: ConversationStatus;
  owner: ThreadOwner;
  flags: ConversationFlag[];
  escalation: Escalation | null;
  escalatedAt: number | null;
  escalationReason: string | null;
  /** A human (a Baton agent, or someone in Page Inbox) has answered since the conversation needed one. */
  humanEngaged: boolean;
  /** The first customer message the bot has not answered yet. */
  awaitingBotSince: number | null;
  /** The customer's last message, postback or reaction: what opens the messaging window. */
  lastCustomerAt: number | null;
  /** The latest Meta time among the logged events applied (receipts are not logged): what arrives at or before it is late. */
  lastEventAt: number;
  /** What orders the inbox: the last message or change of state. Receipts and an agent reading do not count. */
  lastActivityAt: number;
  assigneeId: string | null;
  unread: number;
  lastMessage: { preview: string; author: AuthorKind; at: number } | null;
  /** A "resolved by the bot" note was written for the current run of bot answers. */
  botResolvedNoted: boolean;
  /**
   * Buttons and chips the Page offered in this thread that send a payload, newest first (at most MAX_OFFERED_BUTTONS):
   * a tap that follows, even on standby without its payload, is recognised by its title before the Page's learned
   * table knows it, and a title this thread last offered without a handoff payload wins over that table.
   */
  offeredButtons: OfferedButton[];
  /** What last brought the customer here: an ad, an m.me link, a QR code. */
  referral: ConversationReferral | null;
  /** The latest bot resolution (issue 10). */
  resolution: ResolutionState | null;
  /** What the bot's flow is decided from (server/review/flow.ts), gathered from the bot's and customer's messages. */
  flowEvidence: FlowEvidence;
  /** The text of the customer's last message (or the title of the button they tapped). */
  lastCustomerText: string | null;
  /** For the insights: the customer's first message, the bot's first message, the first handoff and its kind. */
  firstCustomerAt: number | null;
  botFirstAt: number | null;
  handoffAt: number | null;
  handoffReasonKind: HandoffReason | null;
  /** The first human answer after the handoff, and the Baton agent who wrote it (null: Page Inbox, or unknown). */
  firstHumanReplyAt: number | null;
  firstHumanReplyBy: string | null;
}

/** The conversation's flow as the insights count it: decided once the bot has spoken. */
export const conversationFlow = (s: ConversationState): BotFlow | null =>
  s.botFirstAt === null ? null : flowOfEvidence(s.flowEvidence);

export interface Rules extends HandoffRules {
  apps: AppIds;
  botGraceMs: number;
  /** The handoff button titles learned from this Page's bot (by titleKey); the engine loads them per Page. */
  learnedHandoffTitles: ReadonlyMap<string, LearnedHandoffTitle>;
  /** What confirms a bot resolution (review settings); the defaults when absent. */
  confirmation?: ConfirmationRules;
  /** The review settings' quiet time: a customer turn within it after the bot's answer carries the exchange on. */
  quietMs?: number;
}

/** The review settings' default quiet time, when the rules name none. */
const DEFAULT_QUIET_MS = 60 * 60_000;

/** How many offered buttons a conversation remembers. */
const MAX_OFFERED_BUTTONS = 30;

export interface SystemDraft {
  event: SystemEvent;
  text: string;
  agentId: string | null;
}

export interface Transition {
  state: ConversationState;
  system: SystemDraft[];
  /** Timers to store: the bot must answer the customer message sent at customerAt by dueAt. */
  timers: { dueAt: number; customerAt: number }[];
  /** This event made the conversation a human's job. */
  escalated: boolean;
  /** This event started, extended, confirmed or reopened the conversation's bot resolution. */
  resolution: ResolutionReport | null;
}

export function initialState(owner: ThreadOwner = "bot"): ConversationState {
  return {
    status: "bot",
    owner,
    flags: [],
    escalation: null,
    escalatedAt: null,
    escalationReason: null,
    humanEngaged: false,
    awaitingBotSince: null,
    lastCustomerAt: null,
    lastEventAt: 0,
    lastActivityAt: 0,
    assigneeId: null,
    unread: 0,
    lastMessage: null,
    botResolvedNoted: false,
    offeredButtons: [],
    referral: null,
    resolution: null,
    flowEvidence: NO_FLOW_EVIDENCE,
    lastCustomerText: null,
    firstCustomerAt: null,
    botFirstAt: null,
    handoffAt: null,
    handoffReasonKind: null,
    firstHumanReplyAt: null,
    firstHumanReplyBy: null,
  };
}

/** Fields a state stored by an earlier version of Baton may lack. */
type AddedFields =
  | "offeredButtons"
  | "referral"
  | "resolution"
  | "flowEvidence"
  | "lastCustomerText"
  | "firstCustomerAt"
  | "botFirstAt"
  | "handoffAt"
  | "handoffReasonKind"
  | "firstHumanReplyAt"
  | "firstHumanReplyBy";

/** A state as stored: written before offered buttons, referrals or resolutions existed, it lacks them. */
export type StoredState = Omit<ConversationState, AddedFields> &
  Partial<Pick<ConversationState, AddedFields>>;

/** A state as stored, with the fields added since it was written filled in. */
export function restoreState(stored: StoredState): ConversationState {
  return { ...initialState(stored.owner), ...stored };
}

/** Baton's own sends carry `{"baton":{"agentId","clientId"}}` as metadata; the echo brings it back. */
export function batonMetadata(
  metadata: string | null,
): { agentId: string | null; clientId: string | null } | null {
  if (!metadata) return null;
  try {
    const parsed: unknown = JSON.parse(metadata);
    if (typeof parsed !== "object" || parsed === null || !("baton" in parsed)) return null;
    const b = parsed.baton;
    if (typeof b !== "object" || b === null) return null;
    // Any app can send metadata: take only ids that Baton could have written (and PostgreSQL can store).
    const id = (v: unknown) => (typeof v === "string" && v.length <= 100 && !v.includes("\u0000") ? v : null);
    return {
      agentId: "agentId" in b ? id(b.agentId) : null,
      clientId: "clientId" in b ? id(b.clientId) : null,
    };
  } catch {
    return null;
  }
}

function ownerOfApp(appId: string | null, apps: AppIds): ThreadOwner {
  if (appId === apps.baton) return "baton";
  if (appId === PAGE_INBOX_APP_ID) return "page_inbox";
  if (appId === null) return "idle";
  return "bot";
}

const ownerName: Record<ThreadOwner, string> = {
  bot: "the bot",
  baton: "Baton",
  page_inbox: "Page Inbox",
  idle: "nobody (idle)",
};

function previewOf(
  text: string | null,
  attachments: readonly { type: string }[],
  fallback = "Message",
): string {
  if (text && text.trim()) return text.trim().replace(/\s+/g, " ").slice(0, 140);
  const first = attachments[0];
  if (!first) return fallback;
  const names: Record<string, string> = {
    image: "📷 Photo",
    video: "🎬 Video",
    audio: "🎤 Voice message",
    file: "📎 File",
    template: "🃏 Card",
    location: "📍 Location",
    fallback: "🔗 Link",
    story_mention: "📣 Story mention",
  };
  return names[first.type] ?? fallback;
}

function withFlag(flags: ConversationFlag[], flag: ConversationFlag): ConversationFlag[] {
  return flags.includes(flag) ? flags : [...flags, flag];
}

function metadataNote(metadata: string | null): string {
  if (!metadata) return "";
  const trimmed = metadata.trim();
  return trimmed ? `: ${trimmed.length > 120 ? `${trimmed.slice(0, 119)}…` : trimmed}` : "";
}

/** Events that change nothing an agent needs to look at again, so they do not move a thread up the inbox. */
const QUIET_EVENTS = new Set<DomainEvent["kind"]>([
  "delivery",
  "read",
  "agent_read",
  "message_edit",
  "message_deleted",
  "policy_enforcement",
  "webhook_test",
  "app_roles",
]);

/**
 * Receipts are watermarks the engine keeps beside the state (they are not in the event log a replay reads), so they
 * do not move the state's clock either: the state after a replay is the state after the same events in order.
 */
const UNLOGGED_EVENTS = new Set<DomainEvent["kind"]>(["delivery", "read"]);

/**
 * Baton's own events that may find nothing to do (the grace timer of a message the bot answered, a reopen of an
 * open thread, the same assignee, the owner it has): they move the thread up the inbox only when they changed it
 * (wrote a system item), so a late timer does not reorder the inbox.
 */
const ACTIVE_WHEN_CHANGED = new Set<DomainEvent["kind"]>([
  "bot_grace_expired",
  "agent_reopen",
  "agent_assign",
  "agent_owner_change",
]);

/** The newest offers first, one per title; a title offered twice in one message is a handoff if either is. */
function mergeOffers(fresh: readonly OfferedButton[], older: readonly OfferedButton[]): OfferedButton[] {
  const byKey = new Map<string, OfferedButton>();
  for (const b of fresh) {
    const seen = byKey.get(b.key);
    if (!seen || (!seen.handoff && b.handoff)) byKey.set(b.key, b);
  }
  for (const b of older) if (!byKey.has(b.key)) byKey.set(b.key, b);
  return [...byKey.values()].slice(0, MAX_OFFERED_BUTTONS);
}

const SOURCE_TEXT: Record<string, string> = {
  ADS: "Came from an ad",
  SHORTLINK: "Opened from an m.me link",
  MESSENGER_CODE: "Opened from a Messenger QR code",
  CUSTOMER_CHAT_PLUGIN: "Opened from the chat plugin",
  DISCOVER_TAB: "Found the Page in Messenger's Discover tab",
};

/** "Came from the Spring Sale ad", "Opened from an m.me link (ref SPRING)". */
function referralText(r: ReferralInfo): string {
  const source = r.source.toUpperCase();
  const head =
    source === "ADS" && r.adTitle
      ? `Came from the ${r.adTitle} ad`
      : source === "CUSTOMER_CHAT_PLUGIN" && r.refererUri
        ? `Opened from the chat plugin on ${r.refererUri}`
        : (SOURCE_TEXT[source] ?? `Came from ${source.toLowerCase().replace(/_/g, " ")}`);
  const details = [
    source === "ADS" && !r.adTitle && r.adId ? `ad ${r.adId}` : null,
    r.ref ? `ref ${r.ref}` : null,
  ].filter(Boolean);
  return details.length > 0 ? `${head} (${details.join(", ")})` : head;
}

/** "Opted in to weekly “Deals” notifications", "Opted in with Send to Messenger (ref CART)". */
function optInText(o: Pick<OptIn, "optinType" | "ref" | "topic" | "frequency" | "status">): string {
  const ref = o.ref ? ` (ref ${o.ref})` : "";
  const topic = o.topic ? `“${o.topic}” ` : "";
  switch (o.optinType) {
    case "notification_messages":
      if (o.status === "STOP_NOTIFICATIONS") return `Stopped ${topic}notifications`;
      if (o.status === "RESUME_NOTIFICATIONS") return `Resumed ${topic}notifications`;
      return `Opted in to ${o.frequency ? `${o.frequency.toLowerCase()} ` : "recurring "}${topic}notifications${ref}`;
    case "one_time_notif_req":
      return `Asked to be notified once${o.topic ? `: “${o.topic}”` : ""}${ref}`;
    case "checkbox":
      return `Opted in with the checkbox plugin${ref}`;
    case "send_to_messenger":
      return `Opted in with Send to Messenger${ref}`;
    default:
      return `Opted in (${o.optinType})${ref}`;
  }
}

const SCALES: Record<string, number> = { csat: 5, nps: 10, ces: 7 };

/** "Feedback: CSAT 4/5 (“Quick and kind”); NPS 9/10". */
function feedbackText(answers: readonly FeedbackAnswer[]): string {
  if (answers.length === 0) return "Feedback form sent back empty";
  const parts = answers.map((a) => {
    const type = a.type.toLowerCase();
    const scale = SCALES[type];
    const score = a.score === null ? "no score" : scale ? `${a.score}/${scale}` : String(a.score);
    const follow = a.followUp?.trim()
      ? ` (“${a.followUp.trim().length > 200 ? `${a.followUp.trim().slice(0, 199)}…` : a.followUp.trim()}”)`
      : "";
    return `${type.toUpperCase()} ${score}${follow}`;
  });
  return `Feedback: ${parts.join("; ")}`;
}

export function transition(prev: ConversationState, event: DomainEvent, rules: Rules): Transition {
  const s: ConversationState = {
    ...prev,
    lastEventAt: UNLOGGED_EVENTS.has(event.kind) ? prev.lastEventAt : Math.max(prev.lastEventAt, event.at),
    lastActivityAt:
      QUIET_EVENTS.has(event.kind) || ACTIVE_WHEN_CHANGED.has(event.kind)
        ? prev.lastActivityAt
        : Math.max(prev.lastActivityAt, event.at),
  };
  const system: SystemDraft[] = [];
  const timers: Transition["timers"] = [];
  let escalated = false;
  let resolution: ResolutionReport | null = null;
  const note = (e: SystemEvent, text: string, agentId: string | null = null) =>
    system.push({ event: e, text, agentId });
  const confirmation = rules.confirmation ?? DEFAULT_CONFIRMATION_RULES;
  const quietMs = rules.quietMs ?? DEFAULT_QUIET_MS;

  /* Bot resolutions (issue 10). */
  const report = (kind: ResolutionReport["kind"], r: ResolutionState) => {
    s.resolution = r;
    resolution = { kind, resolution: r };
  };
  /** The latest resolution, when a turn now may still confirm or reopen it (7 days, REOPEN_WINDOW_MS). */
  const openResolution = (): ResolutionState | null => {
    const r = s.resolution;
    return r &&
      r.reopenedAt === null &&
      event.at >= r.resolvedAt &&
      event.at - r.resolvedAt <= REOPEN_WINDOW_MS
      ? r
      : null;
  };
  const reopen = (r: ResolutionState) =>
    report("reopened", { ...r, reopenedAt: r.continuedAt ?? event.at, continuedAt: null });
  /** A customer's message or tap after a bot resolution: it confirms it, carries the exchange on, or reopens it. */
  const customerAfterResolution = (
    turn: { text: string | null; payload: string | null },
    handoff: boolean,
  ) => {
    const r = openResolution();
    if (!r) return;
    if (handoff) {
      reopen(r);
      return;
    }
    const change = afterCustomerTurn(r, { kind: "message", at: event.at, ...turn }, confirmation);
    if (change === null) return;
    if ("confirmedAt" in change)
      report("confirmed", { ...r, confirmedAt: change.confirmedAt, continuedAt: null });
    else if (continuesExchange(r, change, quietMs))
      s.resolution = { ...r, continuedAt: r.continuedAt ?? event.at };
    else reopen(r);
  };
  /** The bot's answer resolved the conversation (rule 2): a new resolution, or the same exchange carried on. */
  const botResolves = (runStartedAt: number | null) => {
    const r = s.resolution;
    const answer = {
      flow: flowOfEvidence(s.flowEvidence),
      resolvedAt: event.at,
      lastCustomerText: s.lastCustomerText,
      lastCustomerAsked: isQuestion(s.lastCustomerText),
      continuedAt: null,
    };
    const open = r !== null && r.reopenedAt === null;
    if (open && r.continuedAt !== null) {
      report("extended", { ...r, ...answer });
    } else if (
      open &&
      r.confirmedAt !== null &&
      runStartedAt !== null &&
      runStartedAt >= r.resolvedAt &&
      runStartedAt - r.resolvedAt <= REOPEN_WINDOW_MS
    ) {
      // The bot answered the customer's thanks ("You're welcome"): the confirmed resolution stands, nothing new.
    } else {
      report("started", { n: (r?.n ?? 0) + 1, confirmedAt: null, reopenedAt: null, ...answer });
    }
  };

  const escalate = (kind: Escalation, reason: string, handoffKind: HandoffReason) => {
    const wasHumansJob = s.status === "open" && s.escalation !== null;
    s.status = "open";
    s.awaitingBotSince = null;
    s.botResolvedNoted = false;
    if (!wasHumansJob || s.escalation === "no_answer" || s.escalation === "reopened") {
      s.escalation = kind;
      s.escalatedAt = event.at;
      s.escalationReason = reason;
      escalated = true;
      note(kind === "no_answer" ? "no_bot_answer" : "escalated", reason);
      if (s.handoffAt === null) {
        s.handoffAt = event.at;
        s.handoffReasonKind = handoffKind;
      }
    }
    // A bot resolution nobody confirmed that ends with a human (the bot passed the thread, or left the customer's
    // follow-up unanswered) did not hold.
    const r = openResolution();
    if (r && r.confirmedAt === null) reopen(r);
  };

  /** A person answered the customer: an agent in Baton (by), or someone typing in Meta's inbox (null). */
  const humanAnswered = (by: string | null) => {
    if (s.handoffAt !== null && s.firstHumanReplyAt === null) {
      s.firstHumanReplyAt = event.at;
      s.firstHumanReplyBy = by;
    }
    s.humanEngaged = true;
    s.awaitingBotSince = null;
    s.unread = 0;
    s.botResolvedNoted = false;
    s.status = "pending";
  };

  /** A customer turn that did not ask for a human. */
  const customerTurn = () => {
    switch (s.status) {
      case "resolved":
        s.status = "open";
        s.escalation = "reopened";
        s.escalatedAt = event.at;
        s.escalationReason = "The customer wrote again after the conversation was resolved";
        s.humanEngaged = false;
        escalated = true;
        note("reopened", "Reopened: the customer wrote again");
        break;
      case "pending":
        s.status = "open";
        break;
      case "open":
        break;
      case "bot":
      case "bot_resolved":
        if (s.owner === "baton") {
          // Baton holds the thread, so the bot will not answer: it is a human's job at once.
          escalate("requested", "The customer wrote while Baton holds the thread", "other");
        } else if (s.awaitingBotSince === null) {
          s.status = "bot";
          s.awaitingBotSince = event.at;
          timers.push({ dueAt: event.at + rules.botGraceMs, customerAt: event.at });
        }
        break;
    }
  };

  /** Meta delivers to Baton on `messaging` only while Baton owns the thread: trust the channel over a missed handover. */
  const ownerFromChannel = () => {
    if (event.channel === "messaging" && s.owner !== "baton") s.owner = "baton";
    else if (event.channel === "standby" && s.owner === "baton") s.owner = "bot";
  };

  /** An ad, a link or a QR code brought the customer: noted, and kept as the conversation's latest referral. */
  const referred = (referral: ReferralInfo | undefined) => {
    if (!referral) return;
    s.referral = { ...referral, at: event.at };
    note("referral", referralText(referral));
  };
  /** What Baton knows of the buttons a tap may come from: this thread's offers, then the Page's learned titles. */
  const known = { offered: s.offeredButtons, learned: rules.learnedHandoffTitles };
  /** What every customer message or tap leaves for the insights and the bot's flow. */
  const customerSpoke = (text: string, message: FlowMessage) => {
    s.lastCustomerText = text;
    s.firstCustomerAt = Math.min(s.firstCustomerAt ?? event.at, event.at);
    s.flowEvidence = addFlowEvidence(s.flowEvidence, message);
  };

  switch (event.kind) {
    case "customer_message": {
      ownerFromChannel();
      referred(event.referral);
      if (event.priorMessage?.source === "checkbox_plugin") {
        // The Page-level checkbox opt-in (kept with this user_ref in the event log) belongs to this customer.
        note(
          "opt_in",
          `Opted in with the checkbox plugin (user_ref ${event.priorMessage.identifier}); this is their first reply`,
        );
      }
      s.lastCustomerAt = Math.max(s.lastCustomerAt ?? 0, event.at);
      s.unread += 1;
      s.lastMessage = { preview: previewOf(event.text, event.attachments), author: "customer", at: event.at };
      customerSpoke(event.text?.trim() ? event.text.trim().slice(0, 1000) : s.lastMessage.preview, {
        author: "customer",
        at: event.at,
        text: event.text,
        payload: event.quickReplyPayload,
      });
      // A chip's title arrives as the text; Meta may leave its payload out, so the text is also looked up as a title.
      const reason = handoffRequestOf({ payload: event.quickReplyPayload, text: event.text }, rules, known);
      customerAfterResolution({ text: event.text, payload: event.quickReplyPayload }, reason !== null);
      if (reason) {
        const tapped = event.quickReplyPayload !== null || reason.startsWith("The customer tapped");
        escalate("requested", reason, tapped ? "chip" : "typed_phrase");
      } else customerTurn();
      break;
    }
    case "customer_postback": {
      ownerFromChannel();
      referred(event.referral);
      s.lastCustomerAt = Math.max(s.lastCustomerAt ?? 0, event.at);
      s.unread += 1;
      s.lastMessage = { preview: event.title || "Tapped a button", author: "customer", at: event.at };
      customerSpoke(s.lastMessage.preview, {
        author: "customer",
        at: event.at,
        text: event.title,
        payload: event.payload,
      });
      const reason = handoffRequestOf({ payload: event.payload, title: event.title }, rules, known);
      customerAfterResolution({ text: event.title, payload: event.payload }, reason !== null);
      if (reason) escalate("requested", reason, "postback");
      else customerTurn();
      break;
    }
    case "referral":
      referred(event.referral);
      break;
    case "opt_in":
      note("opt_in", optInText(event));
      break;
    case "feedback":
      note("feedback", feedbackText(event.answers));
      break;
    case "message_edit":
    case "message_deleted":
      // The engine changes the stored message; the conversation's state does not move.
      break;
    case "reaction": {
      s.lastCustomerAt = Math.max(s.lastCustomerAt ?? 0, event.at);
      const r = openResolution();
      if (r && event.action === "react") {
        const said = isConfirmingReaction(event.emoji) ? event.emoji : event.reaction;
        const change = afterCustomerTurn(r, { kind: "reaction", at: event.at, reaction: said }, confirmation);
        if (change && "confirmedAt" in change)
          report("confirmed", { ...r, confirmedAt: change.confirmedAt, continuedAt: null });
      }
      break;
    }
    case "page_message": {
      const preview = previewOf(event.text, event.attachments);
      const offered = event.sender !== "baton" ? buttonsOffered(event, rules) : [];
      if (offered.length > 0) s.offeredButtons = mergeOffers(offered, s.offeredButtons);
      if (event.sender === "bot") {
        s.lastMessage = { preview, author: "bot", at: event.at };
        s.botFirstAt = Math.min(s.botFirstAt ?? event.at, event.at);
        s.flowEvidence = addFlowEvidence(s.flowEvidence, {
          author: "bot",
          at: event.at,
          text: event.text,
          offeredPayloads: offered.map((b) => b.payload),
        });
        const auto = autoresponderPhraseOf(event.text, rules);
        if (auto && !s.flags.includes("autoresponder_suspected")) {
          s.flags = withFlag(s.flags, "autoresponder_suspected");
          note(
            "autoresponder_suspected",
            `The bot's reply looks like an autoresponder (“${auto}”): the customer may still be waiting`,
          );
        }
        const humansJob = s.status === "open" || s.status === "pending";
        if (humansJob && (s.escalation === "requested" || s.escalation === "passed")) {
          // Seed rule 5's pitfall, closed: a bot message after a handoff request never un-escalates.
          if (!s.flags.includes("bot_replied_after_handoff")) {
            s.flags = withFlag(s.flags, "bot_replied_after_handoff");
            note(
              "bot_replied_after_handoff",
              "The bot replied after the customer asked for a human; the conversation stays with the team",
            );
          }
        } else if (humansJob && s.escalation === "no_answer" && !s.humanEngaged) {
          // The bot answered late: by rule 2 it resolved the conversation after all, and it was no handoff.
          if (s.handoffAt === s.escalatedAt) {
            s.handoffAt = null;
            s.handoffReasonKind = null;
          }
          s.status = "bot_resolved";
          s.escalation = null;
          s.escalationReason = null;
          s.escalatedAt = null;
          s.botResolvedNoted = true;
          note("bot_resolved", "The bot answered late and resolved the conversation");
          botResolves(null);
        } else if (!humansJob && s.status !== "resolved" && s.awaitingBotSince !== null) {
          const runStartedAt = s.awaitingBotSince;
          s.status = "bot_resolved";
          s.awaitingBotSince = null;
          botResolves(runStartedAt);
          if (!s.botResolvedNoted) {
            s.botResolvedNoted = true;
            note("bot_resolved", "Resolved by the bot");
          }
        }
        break;
      }
      const author: AuthorKind =
        event.sender === "baton" ? "agent" : event.sender === "page_inbox" ? "page_inbox" : "page";
      s.lastMessage = { preview, author, at: event.at };
      if (event.sender === "baton") {
        humanAnswered(batonMetadata(event.metadata)?.agentId ?? null);
        break;
      }
      // Page Inbox or an unknown sender (a phone, an old API version). With no human in the thread it is the
      // Page's automated response, which must not count as the bot resolving anything (seed rule 6).
      // A reply typed in Meta's inbox makes Page Inbox take the thread, so a human is there only when it owns it.
      if (s.owner === "page_inbox") humanAnswered(null);
      break;
    }
    case "delivery":
    case "read":
    case "unknown":
      break;
    case "app_roles":
    case "policy_enforcement":
    case "webhook_test":
      // Page-level: in no conversation (the engine stores alerts and test samples).
      break;
    case "pass_thread_control": {
      const to = ownerOfApp(event.newOwnerAppId, rules.apps);
      s.owner = to;
      note("control_passed", `Control passed to ${ownerName[to]}${metadataNote(event.metadata)}`);
      if (to === "baton") {
        escalate(
          "passed",
          `The bot passed the conversation to Baton${metadataNote(event.metadata)}`,
          "passed",
        );
      }
      break;
    }
    case "take_thread_control": {
      const to = event.newOwnerAppId ? ownerOfApp(event.newOwnerAppId, rules.apps) : "bot";
      const from = event.previousOwnerAppId ? ownerOfApp(event.previousOwnerAppId, rules.apps) : s.owner;
      s.owner = to;
      note(
        "control_taken",
        `${ownerName[to].replace(/^t/, "T")} took control from ${ownerName[from]}${metadataNote(event.metadata)}`,
      );
      break;
    }
    case "request_thread_control": {
      const who = ownerOfApp(event.requestedOwnerAppId, rules.apps);
      note(
        "control_requested",
        who === "page_inbox"
          ? `A Page admin asked to move the thread to Meta's inbox${metadataNote(event.metadata)}`
          : `${ownerName[who].replace(/^t/, "T")} asked for control${metadataNote(event.metadata)}`,
      );
      break;
    }
    case "agent_message":
      s.lastMessage = { preview: event.text?.slice(0, 140) ?? "Message", author: "agent", at: event.at };
      humanAnswered(event.agentId);
      break;
    case "agent_resolve":
      s.status = "resolved";
      s.escalation = null;
      s.escalationReason = null;
      s.escalatedAt = null;
      s.humanEngaged = false;
      s.awaitingBotSince = null;
      s.unread = 0;
      s.botResolvedNoted = false;
      note("resolved", "Resolved", event.agentId);
      break;
    case "agent_reopen":
      if (s.status !== "open") {
        s.status = "open";
        s.escalation = "reopened";
        s.escalatedAt = event.at;
        s.escalationReason = "Reopened for a human by an agent";
        s.awaitingBotSince = null;
        s.humanEngaged = false;
        escalated = true;
        note("reopened", "Reopened for a human", event.agentId);
      }
      break;
    case "agent_assign":
      if (s.assigneeId !== event.assigneeId) {
        s.assigneeId = event.assigneeId;
        note("assigned", event.assigneeId ? "Assigned" : "Unassigned", event.agentId);
      }
      break;
    case "agent_read":
      s.unread = 0;
      break;
    case "agent_owner_change":
      if (s.owner !== event.owner) {
        note(
          event.owner === "baton" ? "control_taken" : "control_passed",
          event.owner === "baton" ? "Baton took control of the thread" : "Control handed back to the bot",
          event.agentId,
        );
      }
      s.owner = event.owner;
      break;
    case "bot_grace_expired":
      if (s.status === "bot" && s.awaitingBotSince === event.customerAt) {
        escalate(
          "no_answer",
          `The bot did not answer within ${Math.round(rules.botGraceMs / 1000)} s`,
          "no_bot_answer",
        );
      }
      break;
    default: {
      const unhandled: never = event;
      throw new Error(`No rule for event ${JSON.stringify(unhandled)}`);
    }
  }

  if (ACTIVE_WHEN_CHANGED.has(event.kind) && system.length > 0)
    s.lastActivityAt = Math.max(s.lastActivityAt, event.at);
  return { state: s, system, timers, escalated, resolution };
}

/** Replays events (already in order) from the start. */
export function replay(events: readonly DomainEvent[], rules: Rules, start = initialState()): Transition[] {
  const out: Transition[] = [];
  let state = start;
  for (const e of events) {
    const t = transition(state, e, rules);
    out.push(t);
    state = t.state;
  }
  return out;
}
