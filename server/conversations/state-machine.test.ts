import { describe, expect, it } from "vitest";
import type { Attachment, QuickReplyOption, SystemEvent, TemplateButton } from "../../contract/timeline.ts";
import {
  DEFAULT_AUTORESPONDER_PHRASES,
  DEFAULT_HANDOFF_PAYLOADS,
  DEFAULT_HANDOFF_PHRASES,
  PAGE_INBOX_APP_ID,
} from "../config.ts";
import type {
  CustomerMessage,
  FeedbackAnswer,
  OptIn,
  PageMessage,
  ReferralInfo,
} from "../messenger/events.ts";
import { titleKey, type LearnedHandoffTitle } from "./classify.ts";
import type { DomainEvent } from "./domain-events.ts";
import {
  initialState,
  replay,
  restoreState,
  type ConversationReferral,
  type ConversationState,
  type ResolutionReport,
  type ResolutionState,
  type Rules,
} from "./state-machine.ts";

/*
 * The state machine's table. A row's leading number ("4: …") is the rule it implements in
 * docs/messenger-handover-rules.md (the seed's six rules, and how Baton closes the pitfall of rule 5); rows without
 * a number implement the Messenger facts listed in that document after the rules.
 */

const rules: Rules = {
  apps: { bot: "BOT", baton: "BATON" },
  botGraceMs: 60_000,
  handoffPayloads: DEFAULT_HANDOFF_PAYLOADS,
  handoffPhrases: DEFAULT_HANDOFF_PHRASES,
  autoresponderPhrases: DEFAULT_AUTORESPONDER_PHRASES,
  learnedHandoffTitles: new Map(),
  quietMs: 60 * 60_000,
};
const HOUR = 60 * 60_000;
const DAY = 24 * HOUR;

/** The Page's learned table, as the engine passes it: titles another conversation's bot messages taught. */
const learned = (...buttons: [title: string, payload: string][]): Rules["learnedHandoffTitles"] =>
  new Map<string, LearnedHandoffTitle>(
    buttons.map(([title, payload]) => [titleKey(title), { title, payload, source: "button_template" }]),
  );

const qr = (title: string, payload: string): QuickReplyOption => ({ title, payload, imageUrl: null });
const postbackButton = (title: string, payload: string): TemplateButton => ({
  type: "postback",
  title,
  payload,
  url: null,
});
const buttonTemplate = (text: string, buttons: TemplateButton[]): Attachment => ({
  type: "template",
  templateType: "button",
  text,
  elements: [],
  buttons,
});
const carousel = (...cards: [title: string, buttons: TemplateButton[]][]): Attachment => ({
  type: "template",
  templateType: "generic",
  text: null,
  elements: cards.map(([title, buttons]) => ({ title, subtitle: null, imageUrl: null, buttons })),
  buttons: [],
});
const referral = (r: Partial<ReferralInfo> & { source: string }): ReferralInfo => ({
  type: "OPEN_THREAD",
  ref: null,
  adId: null,
  adTitle: null,
  refererUri: null,
  ...r,
});

/**
 * One conversation's events, each a second after the one before, on a clock of its own: every row (and every test)
 * builds its events from a fresh timeline, so no row depends on which rows ran before it.
 */
function timeline(start = 1_000_000) {
  let clock = start;
  const base = () => {
    clock += 1000;
    return { pageId: "PAGE", psid: "U1", at: clock, channel: "standby" as const, dedupeKey: String(clock) };
  };
  const customer = (text: string, quickReplyPayload: string | null = null): CustomerMessage => ({
    ...base(),
    kind: "customer_message",
    mid: `m${clock}`,
    text,
    attachments: [],
    quickReplyPayload,
    replyToMid: null,
  });
  const page = (sender: "bot" | "baton" | "page_inbox" | "unknown", text: string): DomainEvent => ({
    ...base(),
    kind: "page_message",
    mid: `p${clock}`,
    appId: { bot: "BOT", baton: "BATON", page_inbox: PAGE_INBOX_APP_ID, unknown: null }[sender],
    sender,
    text,
    attachments: [],
    quickReplies: [],
    metadata: null,
  });
  const agentBase = () => ({ ...base(), channel: "baton" as const, agentId: "A1" });
  return {
    /** The time of the last event built. */
    now: () => clock,
    /** Moves this row's clock on (spread it into the events: it adds none). */
    wait: (ms: number): DomainEvent[] => {
      clock += ms;
      return [];
    },
    react: (emoji: string, reaction: string): DomainEvent => ({
      ...base(),
      kind: "reaction",
      mid: "p1",
      action: "react",
      reaction,
      emoji,
    }),
    base,
    customer,
    chip: (title: string, payload: string) => customer(title, payload),
    postback: (title: string, payload: string | null): DomainEvent => ({
      ...base(),
      kind: "customer_postback",
      mid: null,
      title,
      payload,
    }),
    page,
    bot: (text = "Here is your order status") => page("bot", text),
    /** A bot message that offers chips, a button template or a carousel. */
    botOffers: (
      text: string,
      offer: { quickReplies?: QuickReplyOption[]; attachments?: Attachment[] },
    ): PageMessage => ({
      ...base(),
      kind: "page_message",
      mid: `p${clock}`,
      appId: "BOT",
      sender: "bot",
      text,
      attachments: offer.attachments ?? [],
      quickReplies: offer.quickReplies ?? [],
      metadata: null,
    }),
    referred: (r: ReferralInfo): DomainEvent => ({ ...base(), kind: "referral", referral: r }),
    optIn: (o: Partial<OptIn> & { optinType: string }): DomainEvent => ({
      ...base(),
      kind: "opt_in",
      ref: null,
      userRef: null,
      topic: null,
      payload: null,
      frequency: null,
      status: null,
      tokenExpiresAt: null,
      raw: {},
      ...o,
    }),
    feedback: (...answers: FeedbackAnswer[]): DomainEvent => ({ ...base(), kind: "feedback", answers }),
    pass: (to: string, metadata: string | null = null): DomainEvent => ({
      ...base(),
      kind: "pass_thread_control",
      newOwnerAppId: to,
      previousOwnerAppId: "BOT",
      metadata,
    }),
    take: (to: string, from: string): DomainEvent => ({
      ...base(),
      kind: "take_thread_control",
      newOwnerAppId: to,
      previousOwnerAppId: from,
      metadata: null,
    }),
    request: (by: string, metadata: string | null = null): DomainEvent => ({
      ...base(),
      kind: "request_thread_control",
      requestedOwnerAppId: by,
      metadata,
    }),
    agent: (kind: "agent_resolve" | "agent_reopen" | "agent_read"): DomainEvent => ({ ...agentBase(), kind }),
    agentReply: (): DomainEvent => ({
      ...agentBase(),
      kind: "agent_message",
      mid: `a${clock}`,
      messageId: "x",
      text: "Hi, Sam here",
    }),
    assign: (assigneeId: string | null): DomainEvent => ({
      ...agentBase(),
      kind: "agent_assign",
      assigneeId,
    }),
    ownerChange: (owner: "baton" | "bot"): DomainEvent => ({
      ...agentBase(),
      kind: "agent_owner_change",
      owner,
    }),
    /** The bot's grace timer for this customer message fires (a minute after it); the clock moves there. */
    graceExpired: (asked: { at: number }): DomainEvent => {
      clock = Math.max(clock, asked.at + rules.botGraceMs);
      return {
        pageId: "PAGE",
        psid: "U1",
        channel: "baton",
        kind: "bot_grace_expired",
        at: asked.at + rules.botGraceMs,
        customerAt: asked.at,
        dedupeKey: `t${asked.at}`,
      };
    },
  };
}
type Timeline = ReturnType<typeof timeline>;

interface Row {
  rule: string;
  events: (t: Timeline) => DomainEvent[];
  expect: Partial<Omit<ConversationState, "referral" | "resolution">> & {
    referral?: Partial<ConversationReferral> | null;
    resolution?: Partial<ResolutionState> | null;
  };
  /** Every system item the events write, in order: [] where they write none. */
  system: SystemEvent[];
  /** What the events did to bot resolutions, in order (started, extended, confirmed, reopened); absent: nothing. */
  resolutions?: ResolutionReport["kind"][];
  /** The system items' texts, when the row is about what they say. */
  texts?: (string | RegExp)[];
  /** Rules of this row: the Page's learned titles. */
  rules?: Partial<Rules>;
}

const rows: Row[] = [
  {
    rule: "1: while the customer taps the bot's chips and the bot answers, the thread stays with the bot",
    events: (t) => [
      t.bot("Welcome! What can we help with?"),
      t.chip("Track my order", "TRACK"),
      t.bot("Your order ships today"),
    ],
    expect: { status: "bot_resolved", escalation: null },
    system: ["bot_resolved"],
    resolutions: ["started"],
  },
  {
    rule: "1: a customer message waiting for the bot's answer is the bot's, not the inbox's",
    events: (t) => [t.chip("Shipping", "SHIPPING")],
    expect: { status: "bot" },
    system: [],
  },
  {
    rule: "2: a bot answer to the customer's message counts as resolved by the bot",
    events: (t) => [t.customer("Where is my parcel?"), t.bot("It is on its way")],
    expect: { status: "bot_resolved" },
    system: ["bot_resolved"],
    resolutions: ["started"],
  },
  {
    rule: "2: a second round of bot answers writes no second resolved note",
    events: (t) => [t.customer("Hi"), t.bot(), t.customer("Thanks"), t.bot("You're welcome")],
    expect: { status: "bot_resolved" },
    system: ["bot_resolved"],
    resolutions: ["started", "confirmed"],
  },
  {
    rule: "2: a bot message nobody asked for (a broadcast) leaves a new thread with the bot",
    events: (t) => [t.bot("Black Friday: 30% off everything")],
    expect: { status: "bot" },
    system: [],
  },
  {
    rule: "3: no bot answer within the grace period opens the conversation",
    events: (t) => {
      const asked = t.customer("Do you ship to Norway?");
      return [asked, t.graceExpired(asked)];
    },
    expect: { status: "open", escalation: "no_answer" },
    system: ["no_bot_answer"],
  },
  {
    rule: "3: a bot answer before the grace period ends cancels the timer",
    events: (t) => {
      const asked = t.customer("Do you ship to Norway?");
      return [asked, t.bot("Yes we do"), t.graceExpired(asked)];
    },
    expect: { status: "bot_resolved" },
    system: ["bot_resolved"],
    resolutions: ["started"],
  },
  {
    rule: "3: a late bot answer to an unanswered question resolves it after all",
    events: (t) => {
      const asked = t.customer("Do you ship to Norway?");
      return [asked, t.graceExpired(asked), t.bot("Yes we do")];
    },
    expect: { status: "bot_resolved", escalation: null },
    system: ["no_bot_answer", "bot_resolved"],
    resolutions: ["started"],
  },
  {
    rule: "4: the talk-to-a-human quick reply escalates into the inbox",
    events: (t) => [t.bot("Anything else?"), t.chip("Talk to a human", "TALK_TO_HUMAN")],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: a chip titled like a handoff escalates even with the bot's own payload",
    events: (t) => [t.chip("Talk to a human", "RCART_FLOW_7_BTN_3")],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: a handoff postback seen on standby (title only, no payload) escalates",
    events: (t) => [t.postback("Talk to a human", null)],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: a typed request for a person escalates",
    events: (t) => [t.customer("Can I speak to a person please")],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: the word agent inside a sentence is not a request",
    events: (t) => [t.customer("my agent code is 55")],
    expect: { status: "bot" },
    system: [],
  },
  {
    rule: "4: the bot passing thread control to Baton escalates with its reason",
    events: (t) => [t.customer("I want a refund"), t.pass("BATON", "refund request")],
    expect: {
      status: "open",
      escalation: "passed",
      owner: "baton",
      escalationReason: "The bot passed the conversation to Baton: refund request",
    },
    system: ["control_passed", "escalated"],
  },
  {
    rule: "5: a bot reply after the handoff request keeps the thread escalated and flags the bot",
    events: (t) => [t.chip("Talk to a human", "HUMAN"), t.bot("Okay")],
    expect: { status: "open", escalation: "requested", flags: ["bot_replied_after_handoff"] },
    system: ["escalated", "bot_replied_after_handoff"],
  },
  {
    rule: "5: a bot reply after the bot itself passed control keeps the thread escalated",
    events: (t) => [t.pass("BATON"), t.bot("Okay")],
    expect: { status: "open", flags: ["bot_replied_after_handoff"] },
    system: ["control_passed", "escalated", "bot_replied_after_handoff"],
  },
  {
    rule: "5: an autoresponder bot reply is bot-resolved but flagged for managers",
    events: (t) => [t.customer("My order is broken"), t.bot("Thanks, we'll get back to you soon")],
    expect: { status: "bot_resolved", flags: ["autoresponder_suspected"] },
    system: ["autoresponder_suspected", "bot_resolved"],
    resolutions: ["started"],
  },
  {
    rule: "5: an autoresponder reply after a handoff carries both flags and stays open",
    events: (t) => [
      t.chip("Talk to a human", "HUMAN"),
      t.bot("Thanks for reaching out! We'll get back to you soon"),
    ],
    expect: { status: "open", flags: ["autoresponder_suspected", "bot_replied_after_handoff"] },
    system: ["escalated", "autoresponder_suspected", "bot_replied_after_handoff"],
  },
  {
    rule: "6: the Page's automated response does not count as the bot resolving",
    events: (t) => [
      t.customer("Are you open on Sunday?"),
      t.page("page_inbox", "Thanks for your message, we typically reply in an hour"),
    ],
    expect: { status: "bot" },
    system: [],
  },
  {
    rule: "6: an echo with no app id and no human in the thread is treated as automated",
    events: (t) => [t.customer("Hello?"), t.page("unknown", "We are away right now")],
    expect: { status: "bot" },
    system: [],
  },
  {
    rule: "6: the automated response leaves the no-answer timer running",
    events: (t) => {
      const asked = t.customer("Hello?");
      return [asked, t.page("page_inbox", "Away message"), t.graceExpired(asked)];
    },
    expect: { status: "open", escalation: "no_answer" },
    system: ["no_bot_answer"],
  },
  {
    rule: "a reply typed in Page Inbox after it took the thread counts as a human answer",
    events: (t) => [
      t.chip("Talk to a human", "HUMAN"),
      t.take(PAGE_INBOX_APP_ID, "BOT"),
      t.page("page_inbox", "Hi, this is Dana from the shop"),
    ],
    expect: { status: "pending", owner: "page_inbox", humanEngaged: true },
    system: ["escalated", "control_taken"],
  },
  {
    rule: "an agent reply makes the conversation pending on the customer",
    events: (t) => [t.chip("Talk to a human", "HUMAN"), t.agentReply()],
    expect: { status: "pending", unread: 0 },
    system: ["escalated"],
  },
  {
    rule: "a customer answer to the agent reopens it for the team",
    events: (t) => [
      t.chip("Talk to a human", "HUMAN"),
      t.agentReply(),
      t.customer("Thanks, but it still does not work"),
    ],
    expect: { status: "open", escalation: "requested", unread: 1 },
    system: ["escalated"],
  },
  {
    rule: "a bot message after the agent took over (reopened) does not flag the bot",
    events: (t) => [
      t.chip("Talk to a human", "HUMAN"),
      t.agentReply(),
      t.agent("agent_resolve"),
      t.customer("One more thing"),
      t.bot("Hi again!"),
    ],
    expect: { status: "open", escalation: "reopened", flags: [] },
    system: ["escalated", "resolved", "reopened"],
  },
  {
    rule: "an agent resolves: the conversation is closed and its escalation cleared",
    events: (t) => [t.chip("Talk to a human", "HUMAN"), t.agentReply(), t.agent("agent_resolve")],
    expect: { status: "resolved", escalation: null, humanEngaged: false },
    system: ["escalated", "resolved"],
  },
  {
    rule: "a customer message after resolve reopens the conversation",
    events: (t) => [t.chip("Talk to a human", "HUMAN"), t.agent("agent_resolve"), t.customer("Hello again")],
    expect: { status: "open", escalation: "reopened" },
    system: ["escalated", "resolved", "reopened"],
  },
  {
    rule: "an agent reopens a bot-resolved conversation for a human",
    events: (t) => [t.customer("Hi"), t.bot(), t.agent("agent_reopen")],
    expect: { status: "open", escalation: "reopened" },
    system: ["bot_resolved", "reopened"],
    resolutions: ["started"],
  },
  {
    rule: "a customer message while Baton owns the thread is a human's job at once",
    events: (t) => [
      t.pass("BATON"),
      t.agentReply(),
      t.agent("agent_resolve"),
      { ...t.customer("still there?"), channel: "messaging" },
    ],
    expect: { status: "open" },
    system: ["control_passed", "escalated", "resolved", "reopened"],
  },
  {
    rule: "a message on the messaging channel means Baton owns the thread",
    events: (t) => [{ ...t.customer("Hi"), channel: "messaging" }],
    expect: { owner: "baton", status: "open" },
    system: ["escalated"],
  },
  {
    rule: "a reaction reopens the messaging window without changing the status",
    events: (t) => [
      t.customer("Hi"),
      t.bot(),
      { ...t.base(), kind: "reaction", mid: "p1", action: "react", reaction: "love", emoji: "❤" },
    ],
    expect: { status: "bot_resolved" },
    system: ["bot_resolved"],
    resolutions: ["started", "confirmed"],
  },
  {
    rule: "an agent reading the thread clears its unread count",
    events: (t) => [t.chip("Talk to a human", "HUMAN"), t.customer("hello?"), t.agent("agent_read")],
    expect: { unread: 0, status: "open" },
    system: ["escalated"],
  },

  // Wording variants and learned handoff buttons (issue 14: the escalation that was still lost).
  {
    rule: "4: a standby tap on a button titled in other words ('Chat with an agent', no payload) escalates",
    events: (t) => [t.postback("Chat with an agent", null)],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "5: a standby tap on 'Talk to human' (no payload) then the bot's 'Okay' stays escalated and flagged",
    events: (t) => [
      t.botOffers("Anything else?", {
        attachments: [buttonTemplate("Anything else?", [postbackButton("Talk to human", "TALK_TO_HUMAN")])],
      }),
      t.postback("Talk to human", null),
      t.bot("Okay"),
    ],
    expect: { status: "open", escalation: "requested", flags: ["bot_replied_after_handoff"] },
    system: ["escalated", "bot_replied_after_handoff"],
  },
  {
    rule: "5: a handoff button whose title says nothing of a person, tapped on standby, then 'Connecting you to our team…' stays escalated and flagged",
    events: (t) => [
      t.botOffers("Need anything else?", {
        attachments: [buttonTemplate("Need anything else?", [postbackButton("Get help", "HUMAN_AGENT")])],
      }),
      t.postback("Get help", null),
      t.bot("Connecting you to our team…"),
    ],
    expect: { status: "open", escalation: "requested", flags: ["bot_replied_after_handoff"] },
    system: ["escalated", "bot_replied_after_handoff"],
    texts: [
      "The customer tapped “Get help”, the bot's handoff button (payload HUMAN_AGENT)",
      /bot replied after/,
    ],
  },
  {
    rule: "4: a tapped chip whose payload Meta kept escalates by its payload, whatever its title",
    events: (t) => [
      t.botOffers("Anything else?", { quickReplies: [qr("🙋 Get help", "LIVE_AGENT")] }),
      t.chip("🙋 Get help", "LIVE_AGENT"),
    ],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: a handoff chip the bot offered, tapped and delivered without its payload, escalates by its title",
    events: (t) => [
      t.botOffers("Anything else?", {
        quickReplies: [qr("📦 Track my order", "TRACK"), qr("🙋 Get help", "LIVE_AGENT")],
      }),
      t.customer("🙋 Get help"),
    ],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: a handoff title learned from a carousel button escalates a standby tap on it",
    events: (t) => [
      t.botOffers("", {
        attachments: [
          carousel(
            ["Linen shirt", [postbackButton("Tell me more", "MORE_1")]],
            ["Still unsure?", [postbackButton("Ask the team", "HANDOFF")]],
          ),
        ],
      }),
      t.postback("Ask the team", null),
    ],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: a title learned from the bot in another conversation of the same Page escalates a standby tap here",
    events: (t) => [t.customer("Hi"), t.bot("Hello! How can I help?"), t.postback("Ask the team", null)],
    rules: { learnedHandoffTitles: learned(["Ask the team", "HANDOFF"]) },
    expect: { status: "open", escalation: "requested" },
    system: ["bot_resolved", "escalated"],
    resolutions: ["started", "reopened"],
    texts: [
      "Resolved by the bot",
      "The customer tapped “Ask the team”, a handoff button the bot uses on this Page (payload HANDOFF)",
    ],
  },
  {
    rule: "4: text typed exactly like a learned handoff title counts as the tap it looks like",
    events: (t) => [t.customer("ask the team!")],
    rules: { learnedHandoffTitles: learned(["Ask the team", "HANDOFF"]) },
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: a button that is not a handoff, titled like the learned one, does not escalate",
    events: (t) => [
      t.botOffers("Pick one", { quickReplies: [qr("Chat about an order", "ORDER_CHAT")] }),
      t.customer("Chat about an order"),
    ],
    rules: { learnedHandoffTitles: learned(["Chat with an agent", "TALK_TO_AGENT"]) },
    expect: { status: "bot", escalation: null },
    system: [],
  },
  {
    rule: "4: the conversation wins: a title this thread last offered with another payload is not taken from the Page's table",
    events: (t) => [
      t.botOffers("Pick one", { quickReplies: [qr("Get help", "HELP_CENTER")] }),
      t.postback("Get help", null),
    ],
    rules: { learnedHandoffTitles: learned(["Get help", "HUMAN"]) },
    expect: { status: "bot", escalation: null },
    system: [],
  },
  {
    rule: "4: the conversation's own offer is recognised before the Page has learned it",
    events: (t) => [
      t.botOffers("Pick one", { quickReplies: [qr("Get help", "HUMAN")] }),
      t.postback("Get help", null),
    ],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: a typed request in Spanish escalates",
    events: (t) => [t.customer("Quiero hablar con una persona")],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: a typed mention of an agent that asks for nobody does not escalate",
    events: (t) => [t.customer("the agent said my parcel is late")],
    expect: { status: "bot", escalation: null },
    system: [],
  },

  // Signals beyond messages.
  {
    rule: "a referral from an ad is noted and kept as the conversation's referral",
    events: (t) => [
      t.referred(referral({ source: "ADS", adId: "6045", adTitle: "Spring Sale", ref: "SPRING" })),
    ],
    expect: { status: "bot", referral: { source: "ADS", adTitle: "Spring Sale", ref: "SPRING" } },
    system: ["referral"],
    texts: ["Came from the Spring Sale ad (ref SPRING)"],
  },
  {
    rule: "a first message from an m.me link carries its referral: noted before the message is handled",
    events: (t) => [
      {
        ...t.customer("Hi, is the sale still on?"),
        referral: referral({ source: "SHORTLINK", ref: "SPRING" }),
      },
      t.bot("It is!"),
    ],
    expect: { status: "bot_resolved", referral: { source: "SHORTLINK", ref: "SPRING" } },
    system: ["referral", "bot_resolved"],
    resolutions: ["started"],
    texts: ["Opened from an m.me link (ref SPRING)", "Resolved by the bot"],
  },
  {
    rule: "a later referral replaces the conversation's referral",
    events: (t) => [
      t.referred(referral({ source: "SHORTLINK", ref: "OLD" })),
      t.referred(referral({ source: "MESSENGER_CODE", ref: "QR1" })),
    ],
    expect: { referral: { source: "MESSENGER_CODE", ref: "QR1" } },
    system: ["referral", "referral"],
    texts: ["Opened from an m.me link (ref OLD)", "Opened from a Messenger QR code (ref QR1)"],
  },
  {
    rule: "an opt-in to recurring notifications is noted with its topic and frequency, and opens no messaging window",
    events: (t) => [
      t.optIn({
        optinType: "notification_messages",
        topic: "Weekly deals",
        frequency: "WEEKLY",
        payload: "DEALS",
      }),
    ],
    expect: { status: "bot", lastCustomerAt: null },
    system: ["opt_in"],
    texts: ["Opted in to weekly “Weekly deals” notifications"],
  },
  {
    rule: "stopping recurring notifications is noted",
    events: (t) => [
      t.optIn({ optinType: "notification_messages", topic: "Weekly deals", status: "STOP_NOTIFICATIONS" }),
    ],
    expect: { status: "bot" },
    system: ["opt_in"],
    texts: ["Stopped “Weekly deals” notifications"],
  },
  {
    rule: "a Send to Messenger opt-in is noted with its ref",
    events: (t) => [t.optIn({ optinType: "send_to_messenger", ref: "CART_42" })],
    expect: { status: "bot" },
    system: ["opt_in"],
    texts: ["Opted in with Send to Messenger (ref CART_42)"],
  },
  {
    rule: "the first reply after a checkbox opt-in links that opt-in to the customer with a note",
    events: (t) => [
      { ...t.customer("Thanks!"), priorMessage: { source: "checkbox_plugin", identifier: "shop-user-77" } },
    ],
    expect: { status: "bot" },
    system: ["opt_in"],
    texts: ["Opted in with the checkbox plugin (user_ref shop-user-77); this is their first reply"],
  },
  {
    rule: "a feedback form is noted with its scores and the customer's words",
    events: (t) => [
      t.chip("Talk to a human", "HUMAN"),
      t.agentReply(),
      t.agent("agent_resolve"),
      t.feedback(
        { id: "q1", type: "csat", score: 4, followUp: "Quick and kind" },
        { id: "q2", type: "nps", score: 9, followUp: null },
      ),
    ],
    expect: { status: "resolved" },
    system: ["escalated", "resolved", "feedback"],
    texts: [/tapped/, "Resolved", "Feedback: CSAT 4/5 (“Quick and kind”); NPS 9/10"],
  },
  {
    rule: "an edit or an unsent message changes the stored message, not the conversation",
    events: (t) => [
      t.customer("Where is order 123?"),
      t.bot("Let me check"),
      { ...t.base(), kind: "message_edit", mid: "m1", text: "Where is order 124?", numEdit: 1 },
      { ...t.base(), kind: "message_deleted", mid: "m1" },
    ],
    expect: { status: "bot_resolved", unread: 1 },
    system: ["bot_resolved"],
    resolutions: ["started"],
  },
  {
    rule: "Page-level signals (policy alerts, Test samples, app roles) leave a conversation as it is",
    events: (t) => [
      t.customer("Hi"),
      { ...t.base(), kind: "policy_enforcement", action: "block", reason: "spam" },
      { ...t.base(), kind: "webhook_test", field: "messages", value: {} },
      { ...t.base(), kind: "app_roles", roles: { BOT: ["primary_receiver"], BATON: ["secondary_receiver"] } },
    ],
    expect: { status: "bot", owner: "bot", unread: 1 },
    system: [],
  },
  {
    rule: "an event Baton cannot read changes nothing in the conversation",
    events: (t) => [
      t.customer("Hi"),
      t.bot(),
      { ...t.base(), kind: "unknown", reason: "no known field", raw: { surprise: true } },
    ],
    expect: { status: "bot_resolved", unread: 1 },
    system: ["bot_resolved"],
    resolutions: ["started"],
  },
  {
    rule: "delivery and read receipts change nothing in the conversation",
    events: (t) => [
      t.chip("Talk to a human", "HUMAN"),
      t.agentReply(),
      { ...t.base(), kind: "delivery", mids: [], watermark: t.now() },
      { ...t.base(), kind: "read", watermark: t.now() },
    ],
    expect: { status: "pending", escalation: "requested", unread: 0 },
    system: ["escalated"],
  },

  // Thread control and Baton's own calls.
  {
    rule: "a Page admin asking to move the thread to Meta's inbox is noted, and the thread stays where it is",
    events: (t) => [t.customer("Hi"), t.request(PAGE_INBOX_APP_ID, "from Business Suite")],
    expect: { status: "bot", owner: "bot" },
    system: ["control_requested"],
    texts: ["A Page admin asked to move the thread to Meta's inbox: from Business Suite"],
  },
  {
    rule: "Baton taking the thread and handing it back is noted once each, and the owner follows",
    events: (t) => [t.customer("Hi"), t.ownerChange("baton"), t.ownerChange("baton"), t.ownerChange("bot")],
    expect: { status: "bot", owner: "bot" },
    system: ["control_taken", "control_passed"],
    texts: ["Baton took control of the thread", "Control handed back to the bot"],
  },
  {
    rule: "assigning a conversation is noted once per change, and so is unassigning it",
    events: (t) => [t.chip("Talk to a human", "HUMAN"), t.assign("A2"), t.assign("A2"), t.assign(null)],
    expect: { status: "open", assigneeId: null },
    system: ["escalated", "assigned", "assigned"],
    texts: [/./, "Assigned", "Unassigned"],
  },

  // Bot resolutions (issue 10): started by the bot's resolving answer, then confirmed, carried on or reopened.
  {
    rule: "2: the bot's answer that resolves the conversation starts a bot resolution, with its flow and the customer's question",
    events: (t) => [
      t.customer("Where is my parcel?"),
      t.bot("Your order has shipped, here is the tracking link"),
    ],
    expect: {
      status: "bot_resolved",
      resolution: {
        n: 1,
        flow: "shipping",
        lastCustomerText: "Where is my parcel?",
        lastCustomerAsked: true,
        confirmedAt: null,
        reopenedAt: null,
      },
    },
    system: ["bot_resolved"],
    resolutions: ["started"],
  },
  {
    rule: "a customer who taps 'That helped' confirms the bot's resolution, and the bot's 'glad to help' starts none",
    events: (t) => [
      t.customer("Where is my parcel?"),
      t.botOffers("It ships today. Did that help?", {
        quickReplies: [qr("That helped", "BOT_THANKS_1"), qr("Talk to a human", "TALK_TO_HUMAN")],
      }),
      t.chip("That helped", "BOT_THANKS_1"),
      t.bot("Glad I could help!"),
    ],
    expect: {
      status: "bot_resolved",
      resolution: { n: 1, confirmedAt: expect.any(Number), reopenedAt: null },
    },
    system: ["bot_resolved"],
    resolutions: ["started", "confirmed"],
  },
  {
    rule: "a customer who writes 'thanks' alone confirms it",
    events: (t) => [t.customer("Do you ship to Canada?"), t.bot("Yes, in 5 to 7 days"), t.customer("thanks")],
    expect: { resolution: { n: 1, confirmedAt: expect.any(Number) } },
    system: ["bot_resolved"],
    resolutions: ["started", "confirmed"],
  },
  {
    rule: "a confirming reaction (❤) to the bot's answer confirms it",
    events: (t) => [t.customer("Do you ship to Canada?"), t.bot("Yes, in 5 to 7 days"), t.react("❤", "love")],
    expect: { status: "bot_resolved", resolution: { n: 1, confirmedAt: expect.any(Number) } },
    system: ["bot_resolved"],
    resolutions: ["started", "confirmed"],
  },
  {
    rule: "a phrase the managers configured confirms, with the rules passed in",
    events: (t) => [t.customer("Do you ship to Canada?"), t.bot("Yes"), t.customer("top")],
    rules: { confirmation: { phrases: ["top"], payloads: [] } },
    expect: { resolution: { n: 1, confirmedAt: expect.any(Number) } },
    system: ["bot_resolved"],
    resolutions: ["started", "confirmed"],
  },
  {
    rule: "a thanks followed by a question does not confirm: within the quiet time it carries the exchange on",
    events: (t) => [
      t.customer("Where is my parcel?"),
      t.bot("It ships today"),
      t.customer("Thanks! And do you ship to Canada?"),
      t.bot("Yes, in 5 to 7 days"),
    ],
    expect: {
      status: "bot_resolved",
      resolution: {
        n: 1,
        confirmedAt: null,
        reopenedAt: null,
        lastCustomerText: "Thanks! And do you ship to Canada?",
        lastCustomerAsked: true,
      },
    },
    system: ["bot_resolved"],
    resolutions: ["started", "extended"],
  },
  {
    rule: "a customer who answers the bot's question within the quiet time carries the same resolution on",
    events: (t) => [
      t.customer("hi"),
      t.bot("Welcome to Lumen & Loom! What can we help with?"),
      t.chip("Track my order", "TRACK_ORDER"),
      t.bot("Sure! What's your order number?"),
      t.customer("#51872"),
      t.bot("Order #51872 has shipped and arrives Thursday"),
    ],
    expect: { resolution: { n: 1, flow: "shipping", lastCustomerText: "#51872", reopenedAt: null } },
    system: ["bot_resolved"],
    resolutions: ["started", "extended", "extended"],
  },
  {
    rule: "a customer who writes again within 7 days reopens it (it is no durable resolution)",
    events: (t) => [
      t.customer("Where is my parcel?"),
      t.bot("It ships today"),
      ...t.wait(2 * DAY),
      t.customer("It still hasn't arrived"),
    ],
    expect: { status: "bot", resolution: { n: 1, reopenedAt: expect.any(Number), confirmedAt: null } },
    system: ["bot_resolved"],
    resolutions: ["started", "reopened"],
  },
  {
    rule: "a thanks then a new question after the quiet time reopens it, and the bot's answer starts a new resolution",
    events: (t) => [
      t.customer("Where is my parcel?"),
      t.bot("It ships today"),
      ...t.wait(2 * HOUR),
      t.customer("thanks, but where is my refund?"),
      t.bot("Refunds take 3 to 5 days"),
    ],
    expect: { status: "bot_resolved", resolution: { n: 2, reopenedAt: null, lastCustomerAsked: true } },
    system: ["bot_resolved"],
    resolutions: ["started", "reopened", "started"],
  },
  {
    rule: "a new question after a confirmation reopens it",
    events: (t) => [
      t.customer("Where is my parcel?"),
      t.bot("It ships today"),
      t.customer("perfect"),
      t.customer("and do you ship to Canada?"),
    ],
    expect: { resolution: { n: 1, confirmedAt: expect.any(Number), reopenedAt: expect.any(Number) } },
    system: ["bot_resolved"],
    resolutions: ["started", "confirmed", "reopened"],
  },
  {
    rule: "after 7 days a new message starts a new conversation cycle and does not reopen",
    events: (t) => [
      t.customer("Where is my parcel?"),
      t.bot("It ships today"),
      ...t.wait(8 * DAY),
      t.customer("Hi, I have a question about another order"),
      t.bot("Sure, what's your order number?"),
    ],
    expect: { status: "bot_resolved", resolution: { n: 2, reopenedAt: null } },
    system: ["bot_resolved"],
    resolutions: ["started", "started"],
  },
  {
    rule: "4: a handoff request after a bot resolution reopens it and is the conversation's handoff (a chip)",
    events: (t) => [
      t.customer("Where is my parcel?"),
      t.bot("It ships today"),
      t.chip("Talk to a human", "HUMAN"),
    ],
    expect: {
      status: "open",
      handoffAt: expect.any(Number),
      handoffReasonKind: "chip",
      resolution: { n: 1, reopenedAt: expect.any(Number) },
    },
    system: ["bot_resolved", "escalated"],
    resolutions: ["started", "reopened"],
  },
  {
    rule: "3: the bot's follow-up the customer answered but the bot did not reopens the resolution",
    events: (t) => {
      const asked = t.customer("#51872");
      return [
        t.customer("Where is my parcel?"),
        t.bot("What's your order number?"),
        asked,
        t.graceExpired(asked),
      ];
    },
    expect: {
      status: "open",
      handoffReasonKind: "no_bot_answer",
      resolution: { n: 1, reopenedAt: expect.any(Number) },
    },
    system: ["bot_resolved", "no_bot_answer"],
    resolutions: ["started", "reopened"],
  },
  {
    rule: "3: a late bot answer is no handoff after all: its resolution starts and the handoff is forgotten",
    events: (t) => {
      const asked = t.customer("Do you ship to Norway?");
      return [asked, t.graceExpired(asked), t.bot("Yes we do")];
    },
    expect: { status: "bot_resolved", handoffAt: null, handoffReasonKind: null, resolution: { n: 1 } },
    system: ["no_bot_answer", "bot_resolved"],
    resolutions: ["started"],
  },
  {
    rule: "5: an autoresponder's reply starts a resolution of a flagged thread, for the managers' review",
    events: (t) => [t.customer("My order is broken"), t.bot("Thanks, we'll get back to you soon")],
    expect: {
      status: "bot_resolved",
      flags: ["autoresponder_suspected"],
      resolution: { n: 1, lastCustomerText: "My order is broken", lastCustomerAsked: false },
    },
    system: ["autoresponder_suspected", "bot_resolved"],
    resolutions: ["started"],
  },
  {
    rule: "an agent reopening a bot-resolved conversation (a manager's verdict) is no handoff and leaves the resolution to the verdict",
    events: (t) => [t.customer("Hi"), t.bot(), t.agent("agent_reopen")],
    expect: { status: "open", handoffAt: null, resolution: { n: 1, reopenedAt: null } },
    system: ["bot_resolved", "reopened"],
    resolutions: ["started"],
  },
  {
    rule: "a broadcast nobody answered: the bot spoke first, the customer never did, and nothing was resolved",
    events: (t) => [t.bot("Black Friday: 30% off everything")],
    expect: {
      botFirstAt: expect.any(Number),
      firstCustomerAt: null,
      resolution: null,
      flowEvidence: { tapped: [], said: [], offered: [], first: "bot" },
    },
    system: [],
  },

  // What the insights read: the first handoff, its kind, and the first human answer after it.
  {
    rule: "4: a typed request is a typed-phrase handoff, and the first agent reply after it is recorded with its agent",
    events: (t) => [
      t.customer("Can I speak to a person please"),
      t.agentReply(),
      t.customer("ok"),
      t.agentReply(),
    ],
    expect: {
      firstCustomerAt: expect.any(Number),
      handoffAt: expect.any(Number),
      handoffReasonKind: "typed_phrase",
      firstHumanReplyAt: expect.any(Number),
      firstHumanReplyBy: "A1",
    },
    system: ["escalated"],
  },
  {
    rule: "4: a standby postback is a postback handoff, and Page Inbox's answer is a human reply by nobody in Baton",
    events: (t) => [
      t.postback("Talk to a human", null),
      t.take(PAGE_INBOX_APP_ID, "BOT"),
      t.page("page_inbox", "Hi, Dana here"),
    ],
    expect: { handoffReasonKind: "postback", firstHumanReplyAt: expect.any(Number), firstHumanReplyBy: null },
    system: ["escalated", "control_taken"],
  },
  {
    rule: "4: the bot passing the thread is a passed handoff; Baton's echo of an agent's reply names the agent",
    events: (t) => [
      t.customer("I want a refund"),
      t.pass("BATON", "refund"),
      {
        ...t.page("baton", "Hi, Sam here"),
        metadata: JSON.stringify({ baton: { agentId: "sam", clientId: "c1" } }),
      },
    ],
    expect: { handoffReasonKind: "passed", firstHumanReplyBy: "sam" },
    system: ["control_passed", "escalated"],
  },
  {
    rule: "a customer writing while Baton holds the thread is a handoff of another kind",
    events: (t) => [{ ...t.customer("Hi"), channel: "messaging" }],
    expect: { handoffReasonKind: "other", status: "open" },
    system: ["escalated"],
  },
];

/**
 * Every kind of event the state machine takes. The compiler keeps this list whole: a kind added to DomainEvent
 * and missing here (or one listed here that does not exist) fails the typecheck, and the test below then asks for a
 * row of the table with that kind.
 */
const EVERY_EVENT_KIND: Record<DomainEvent["kind"], true> = {
  customer_message: true,
  customer_postback: true,
  page_message: true,
  delivery: true,
  read: true,
  reaction: true,
  pass_thread_control: true,
  take_thread_control: true,
  request_thread_control: true,
  app_roles: true,
  referral: true,
  opt_in: true,
  policy_enforcement: true,
  feedback: true,
  message_edit: true,
  message_deleted: true,
  webhook_test: true,
  unknown: true,
  agent_message: true,
  agent_resolve: true,
  agent_reopen: true,
  agent_assign: true,
  agent_read: true,
  agent_owner_change: true,
  bot_grace_expired: true,
};

/** Which event's time the inbox orders the thread by, after all of them. */
const activityRows: { rule: string; events: (t: Timeline) => DomainEvent[]; activityOf: number }[] = [
  {
    rule: "a customer message moves the thread up the inbox",
    events: (t) => [t.bot("Hi"), t.customer("Where is my order?")],
    activityOf: 1,
  },
  {
    rule: "an agent reading the thread leaves its place in the inbox",
    events: (t) => [t.chip("Talk to a human", "HUMAN"), t.agent("agent_read")],
    activityOf: 0,
  },
  {
    rule: "delivery and read receipts leave its place in the inbox",
    events: (t) => [
      t.customer("Hi"),
      t.bot(),
      { ...t.base(), kind: "delivery", mids: [], watermark: t.now() },
      { ...t.base(), kind: "read", watermark: t.now() },
    ],
    activityOf: 1,
  },
  {
    rule: "a resolve moves the thread up, as a change of state",
    events: (t) => [t.chip("Talk to a human", "HUMAN"), t.agentReply(), t.agent("agent_resolve")],
    activityOf: 2,
  },
  {
    rule: "an edit or an unsent message leaves its place in the inbox",
    events: (t) => [
      t.customer("Hi"),
      { ...t.base(), kind: "message_edit", mid: "m1", text: "Hello", numEdit: 1 },
      { ...t.base(), kind: "message_deleted", mid: "m1" },
    ],
    activityOf: 0,
  },
  {
    rule: "a referral moves the thread up",
    events: (t) => [t.customer("Hi"), t.referred(referral({ source: "SHORTLINK", ref: "X" }))],
    activityOf: 1,
  },
  {
    rule: "the grace timer of a message the bot answered leaves its place in the inbox",
    events: (t) => {
      const asked = t.customer("Hi");
      return [asked, t.bot(), t.graceExpired(asked)];
    },
    activityOf: 1,
  },
  {
    rule: "a grace timer that hands the thread to the team moves it up",
    events: (t) => {
      const asked = t.customer("Hi");
      return [asked, t.graceExpired(asked)];
    },
    activityOf: 1,
  },
  {
    rule: "an agent reopening an open thread, keeping its assignee or its owner leaves its place in the inbox",
    events: (t) => [
      t.chip("Talk to a human", "HUMAN"),
      t.agent("agent_reopen"),
      t.assign(null),
      t.ownerChange("bot"),
    ],
    activityOf: 0,
  },
  {
    rule: "an agent assigning the thread moves it up, as a change of state",
    events: (t) => [t.chip("Talk to a human", "HUMAN"), t.assign("A2")],
    activityOf: 1,
  },
];

describe("conversation state machine", () => {
  it.each(activityRows)("$rule", (row) => {
    const events = row.events(timeline());
    expect(replay(events, rules).at(-1)?.state.lastActivityAt).toBe(events[row.activityOf]?.at);
  });

  it.each(rows)("$rule", (row) => {
    const events = row.events(timeline());
    const steps = replay(events, { ...rules, ...row.rules }, initialState());
    const final = steps.at(-1)?.state;
    expect(final).toMatchObject(row.expect);
    expect(steps.flatMap((s) => s.system.map((x) => x.event))).toEqual(row.system);
    expect(steps.flatMap((s) => (s.resolution ? [s.resolution.kind] : []))).toEqual(row.resolutions ?? []);
    if (row.texts)
      expect(steps.flatMap((s) => s.system.map((x) => x.text))).toEqual(
        row.texts.map((t) => (typeof t === "string" ? t : expect.stringMatching(t))),
      );
  });

  it("every kind of event has at least one row in the table", () => {
    const inRows = new Set<string>(rows.flatMap((row) => row.events(timeline()).map((e) => e.kind)));
    expect(Object.keys(EVERY_EVENT_KIND).filter((kind) => !inRows.has(kind))).toEqual([]);
  });

  it("a row's events are the same whichever rows were built before it", () => {
    const alone = rows.map((row) => row.events(timeline()));
    const afterAllOthers = rows.map((row) => {
      const shared = timeline();
      for (const other of rows) other.events(shared);
      return row.events(timeline());
    });
    expect(afterAllOthers).toEqual(alone);
  });

  it("a conversation remembers the buttons offered in it, newest first, one per title, at most 30", () => {
    const t = timeline();
    const many = Array.from({ length: 40 }, (_, i) => qr(`Option ${i}`, `OPT_${i}`));
    const steps = replay(
      [
        t.botOffers("Pick", { quickReplies: many }),
        t.botOffers("Or", { quickReplies: [qr("Get help", "HUMAN"), qr("Option 3", "OPT_3_NEW")] }),
      ],
      rules,
    );
    const offered = steps.at(-1)?.state.offeredButtons ?? [];
    expect(offered).toHaveLength(30);
    expect(offered.slice(0, 2)).toEqual([
      { key: "get help", title: "Get help", payload: "HUMAN", source: "quick_reply", handoff: true },
      { key: "option 3", title: "Option 3", payload: "OPT_3_NEW", source: "quick_reply", handoff: false },
    ]);
  });

  it("a state stored before offered buttons and referrals existed is read with them empty", () => {
    const { offeredButtons: _o, referral: _r, ...old } = initialState("baton");
    const restored = restoreState({ ...old, status: "open" });
    expect(restored).toMatchObject({ status: "open", owner: "baton", offeredButtons: [], referral: null });
  });

  it("a customer message schedules the bot's grace timer once per unanswered run", () => {
    const t = timeline();
    const steps = replay([t.customer("Hi"), t.customer("Hello?"), t.bot(), t.customer("And?")], rules);
    expect(steps.map((s) => s.timers.length)).toEqual([1, 0, 0, 1]);
    expect(steps[0]?.timers[0]?.dueAt).toBe((steps[0]?.state.awaitingBotSince ?? 0) + 60_000);
  });

  it("a stale grace timer for an earlier message does nothing", () => {
    const t = timeline();
    const first = t.customer("Hi");
    const steps = replay([first, t.bot(), t.customer("And?"), t.graceExpired(first)], rules);
    expect(steps.at(-1)?.state.status).toBe("bot");
    expect(steps.at(-1)?.system).toEqual([]);
  });

  it("delivery and read receipts leave the time of the last logged event (a replay does not read them)", () => {
    const t = timeline();
    const steps = replay(
      [
        t.customer("Hi"),
        { ...t.base(), kind: "delivery", mids: [], watermark: t.now() },
        { ...t.base(), kind: "read", watermark: t.now() },
      ],
      rules,
    );
    expect(steps.map((s) => s.state.lastEventAt)).toEqual([
      steps[0]?.state.lastEventAt,
      steps[0]?.state.lastEventAt,
      steps[0]?.state.lastEventAt,
    ]);
  });

  it("escalation is reported once, not for every message of an escalated thread", () => {
    const t = timeline();
    const steps = replay(
      [t.chip("Talk to a human", "HUMAN"), t.customer("human"), t.customer("please")],
      rules,
    );
    expect(steps.map((s) => s.escalated)).toEqual([true, false, false]);
    expect(steps.map((s) => s.system.length)).toEqual([1, 0, 0]);
  });
});
