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

/**
 * The conversation state machine: (state, event) -> (state, system items, timers). Pure: no clock, no I/O.
 * Every rule of docs/messenger-handover-rules.md is a row in state-machine.test.ts; "rule N" in the comments below
 * is the rule of that number there.
 */

/** Why a conversation became a human's job. */
export type Escalation = "requested" | "passed" | "no_answer" | "reopened";

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
}

export interface Rules extends HandoffRules {
  apps: AppIds;
  botGraceMs: number;
  /** The handoff button titles learned from this Page's bot (by titleKey); the engine loads them per Page. */
  learnedHandoffTitles: ReadonlyMap<string, LearnedHandoffTitle>;
}

/** How many offered buttons a conversation remembers. */
export const MAX_OFFERED_BUTTONS = 30;

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
  };
}

/** A state as stored: written before offered buttons and referrals existed, it has neither. */
export type StoredState = Omit<ConversationState, "offeredButtons" | "referral"> &
  Partial<Pick<ConversationState, "offeredButtons" | "referral">>;

/** A state as stored, with the fields added since it was written filled in. */
export function restoreState(stored: StoredState): ConversationState {
  return { ...initialState(stored.owner), ...stored };
}

export function ownerOfApp(appId: string | null, apps: AppIds): ThreadOwner {
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

export function previewOf(
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
export function referralText(r: ReferralInfo): string {
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
export function optInText(o: Pick<OptIn, "optinType" | "ref" | "topic" | "frequency" | "status">): string {
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
export function feedbackText(answers: readonly FeedbackAnswer[]): string {
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
    lastEventAt: Math.max(prev.lastEventAt, event.at),
    lastActivityAt: QUIET_EVENTS.has(event.kind)
      ? prev.lastActivityAt
      : Math.max(prev.lastActivityAt, event.at),
  };
  const system: SystemDraft[] = [];
  const timers: Transition["timers"] = [];
  let escalated = false;
  const note = (e: SystemEvent, text: string, agentId: string | null = null) =>
    system.push({ event: e, text, agentId });

  const escalate = (kind: Escalation, reason: string) => {
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
    }
  };

  /** A person answered the customer: an agent in Baton, or someone typing in Meta's inbox. */
  const humanAnswered = () => {
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
          escalate("requested", "The customer wrote while Baton holds the thread");
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
      // A chip's title arrives as the text; Meta may leave its payload out, so the text is also looked up as a title.
      const reason = handoffRequestOf({ payload: event.quickReplyPayload, text: event.text }, rules, known);
      if (reason) escalate("requested", reason);
      else customerTurn();
      break;
    }
    case "customer_postback": {
      ownerFromChannel();
      referred(event.referral);
      s.lastCustomerAt = Math.max(s.lastCustomerAt ?? 0, event.at);
      s.unread += 1;
      s.lastMessage = { preview: event.title || "Tapped a button", author: "customer", at: event.at };
      const reason = handoffRequestOf({ payload: event.payload, title: event.title }, rules, known);
      if (reason) escalate("requested", reason);
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
    case "reaction":
      s.lastCustomerAt = Math.max(s.lastCustomerAt ?? 0, event.at);
      break;
    case "page_message": {
      const preview = previewOf(event.text, event.attachments);
      if (event.sender !== "baton") {
        const offered = buttonsOffered(event, rules);
        if (offered.length > 0) s.offeredButtons = mergeOffers(offered, s.offeredButtons);
      }
      if (event.sender === "bot") {
        s.lastMessage = { preview, author: "bot", at: event.at };
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
          // The bot answered late: by rule 2 it resolved the conversation after all.
          s.status = "bot_resolved";
          s.escalation = null;
          s.escalationReason = null;
          s.escalatedAt = null;
          s.botResolvedNoted = true;
          note("bot_resolved", "The bot answered late and resolved the conversation");
        } else if (!humansJob && s.status !== "resolved" && s.awaitingBotSince !== null) {
          s.status = "bot_resolved";
          s.awaitingBotSince = null;
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
        humanAnswered();
        break;
      }
      // Page Inbox or an unknown sender (a phone, an old API version). With no human in the thread it is the
      // Page's automated response, which must not count as the bot resolving anything (seed rule 6).
      // A reply typed in Meta's inbox makes Page Inbox take the thread, so a human is there only when it owns it.
      if (s.owner === "page_inbox") humanAnswered();
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
        escalate("passed", `The bot passed the conversation to Baton${metadataNote(event.metadata)}`);
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
      humanAnswered();
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
        escalate("no_answer", `The bot did not answer within ${Math.round(rules.botGraceMs / 1000)} s`);
      }
      break;
    default: {
      const unhandled: never = event;
      throw new Error(`No rule for event ${JSON.stringify(unhandled)}`);
    }
  }

  return { state: s, system, timers, escalated };
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
