import { describe, expect, it } from "vitest";
import type { Attachment, QuickReplyOption, TemplateButton } from "../../contract/timeline.ts";
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
  type Rules,
} from "./state-machine.ts";

const rules: Rules = {
  apps: { bot: "BOT", baton: "BATON" },
  botGraceMs: 60_000,
  handoffPayloads: DEFAULT_HANDOFF_PAYLOADS,
  handoffPhrases: DEFAULT_HANDOFF_PHRASES,
  autoresponderPhrases: DEFAULT_AUTORESPONDER_PHRASES,
  learnedHandoffTitles: new Map(),
};

/** The Page's learned table, as the engine passes it: titles another conversation's bot messages taught. */
const learned = (...buttons: [title: string, payload: string][]): Rules["learnedHandoffTitles"] =>
  new Map<string, LearnedHandoffTitle>(
    buttons.map(([title, payload]) => [titleKey(title), { title, payload, source: "button_template" }]),
  );

let clock = 1_000_000;
const base = () => ({
  pageId: "PAGE",
  psid: "U1",
  at: (clock += 1000),
  channel: "standby" as const,
  dedupeKey: String(clock),
});

const customer = (text: string, quickReplyPayload: string | null = null): CustomerMessage => ({
  ...base(),
  kind: "customer_message",
  mid: `m${clock}`,
  text,
  attachments: [],
  quickReplyPayload,
  replyToMid: null,
});
const chip = (title: string, payload: string) => customer(title, payload);
const postback = (title: string, payload: string | null): DomainEvent => ({
  ...base(),
  kind: "customer_postback",
  mid: null,
  title,
  payload,
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
const bot = (text = "Here is your order status") => page("bot", text);
/** A bot message that offers chips, a button template or a carousel. */
const botOffers = (
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
});
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
const referred = (r: ReferralInfo): DomainEvent => ({ ...base(), kind: "referral", referral: r });
const optIn = (o: Partial<OptIn> & { optinType: string }): DomainEvent => ({
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
});
const feedback = (...answers: FeedbackAnswer[]): DomainEvent => ({ ...base(), kind: "feedback", answers });
const pass = (to: string, metadata: string | null = null): DomainEvent => ({
  ...base(),
  kind: "pass_thread_control",
  newOwnerAppId: to,
  previousOwnerAppId: "BOT",
  metadata,
});
const take = (to: string, from: string): DomainEvent => ({
  ...base(),
  kind: "take_thread_control",
  newOwnerAppId: to,
  previousOwnerAppId: from,
  metadata: null,
});
const agent = (kind: "agent_resolve" | "agent_reopen" | "agent_read"): DomainEvent => ({
  ...base(),
  channel: "baton",
  kind,
  agentId: "A1",
});
const agentReply = (): DomainEvent => ({
  ...base(),
  channel: "baton",
  kind: "agent_message",
  agentId: "A1",
  mid: `a${clock}`,
  messageId: "x",
  text: "Hi, Sam here",
});
/** The grace timer for the customer message `back` events ago fires. */
const graceExpired = (customerAt: () => number): DomainEvent => {
  const at = customerAt();
  return {
    pageId: "PAGE",
    psid: "U1",
    channel: "baton",
    kind: "bot_grace_expired",
    at: at + 60_000,
    customerAt: at,
    dedupeKey: `t${at}`,
  };
};

interface Row {
  rule: string;
  events: () => DomainEvent[];
  expect: Partial<Omit<ConversationState, "referral">> & { referral?: Partial<ConversationReferral> | null };
  system?: string[];
  /** The system items' texts, when the row is about what they say. */
  texts?: (string | RegExp)[];
  /** Rules of this row: the Page's learned titles. */
  rules?: Partial<Rules>;
}

// Capture the timestamp of the most recent customer message for timer rows.
let lastCustomerAt = 0;
const customerAndRemember = (text: string) => {
  const e = customer(text);
  lastCustomerAt = e.at;
  return e;
};

const rows: Row[] = [
  {
    rule: "1: while the customer taps the bot's chips and the bot answers, the thread stays with the bot",
    events: () => [
      bot("Welcome! What can we help with?"),
      chip("Track my order", "TRACK"),
      bot("Your order ships today"),
    ],
    expect: { status: "bot_resolved", escalation: null },
    system: ["bot_resolved"],
  },
  {
    rule: "1: a customer message waiting for the bot's answer is the bot's, not the inbox's",
    events: () => [chip("Shipping", "SHIPPING")],
    expect: { status: "bot" },
  },
  {
    rule: "2: a bot answer to the customer's message counts as resolved by the bot",
    events: () => [customer("Where is my parcel?"), bot("It is on its way")],
    expect: { status: "bot_resolved" },
    system: ["bot_resolved"],
  },
  {
    rule: "2: a second round of bot answers writes no second resolved note",
    events: () => [customer("Hi"), bot(), customer("Thanks"), bot("You're welcome")],
    expect: { status: "bot_resolved" },
    system: ["bot_resolved"],
  },
  {
    rule: "2: a bot message nobody asked for (a broadcast) leaves a new thread with the bot",
    events: () => [bot("Black Friday: 30% off everything")],
    expect: { status: "bot" },
  },
  {
    rule: "3: no bot answer within the grace period opens the conversation",
    events: () => [customerAndRemember("Do you ship to Norway?"), graceExpired(() => lastCustomerAt)],
    expect: { status: "open", escalation: "no_answer" },
    system: ["no_bot_answer"],
  },
  {
    rule: "3: a bot answer before the grace period ends cancels the timer",
    events: () => [
      customerAndRemember("Do you ship to Norway?"),
      bot("Yes we do"),
      graceExpired(() => lastCustomerAt),
    ],
    expect: { status: "bot_resolved" },
    system: ["bot_resolved"],
  },
  {
    rule: "3: a late bot answer to an unanswered question resolves it after all",
    events: () => [
      customerAndRemember("Do you ship to Norway?"),
      graceExpired(() => lastCustomerAt),
      bot("Yes we do"),
    ],
    expect: { status: "bot_resolved", escalation: null },
    system: ["no_bot_answer", "bot_resolved"],
  },
  {
    rule: "4: the talk-to-a-human quick reply escalates into the inbox",
    events: () => [bot("Anything else?"), chip("Talk to a human", "TALK_TO_HUMAN")],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: a chip titled like a handoff escalates even with the bot's own payload",
    events: () => [chip("Talk to a human", "RCART_FLOW_7_BTN_3")],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: a handoff postback seen on standby (title only, no payload) escalates",
    events: () => [postback("Talk to a human", null)],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: a typed request for a person escalates",
    events: () => [customer("Can I speak to a person please")],
    expect: { status: "open", escalation: "requested" },
  },
  {
    rule: "4: the word agent inside a sentence is not a request",
    events: () => [customer("my agent code is 55")],
    expect: { status: "bot" },
  },
  {
    rule: "4: the bot passing thread control to Baton escalates with its reason",
    events: () => [customer("I want a refund"), pass("BATON", "refund request")],
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
    events: () => [chip("Talk to a human", "HUMAN"), bot("Okay")],
    expect: { status: "open", escalation: "requested", flags: ["bot_replied_after_handoff"] },
    system: ["escalated", "bot_replied_after_handoff"],
  },
  {
    rule: "5: a bot reply after the bot itself passed control keeps the thread escalated",
    events: () => [pass("BATON"), bot("Okay")],
    expect: { status: "open", flags: ["bot_replied_after_handoff"] },
  },
  {
    rule: "5: an autoresponder bot reply is bot-resolved but flagged for managers",
    events: () => [customer("My order is broken"), bot("Thanks, we'll get back to you soon")],
    expect: { status: "bot_resolved", flags: ["autoresponder_suspected"] },
    system: ["autoresponder_suspected", "bot_resolved"],
  },
  {
    rule: "5: an autoresponder reply after a handoff carries both flags and stays open",
    events: () => [
      chip("Talk to a human", "HUMAN"),
      bot("Thanks for reaching out! We'll get back to you soon"),
    ],
    expect: { status: "open", flags: ["autoresponder_suspected", "bot_replied_after_handoff"] },
  },
  {
    rule: "6: the Page's automated response does not count as the bot resolving",
    events: () => [
      customer("Are you open on Sunday?"),
      page("page_inbox", "Thanks for your message, we typically reply in an hour"),
    ],
    expect: { status: "bot" },
  },
  {
    rule: "6: an echo with no app id and no human in the thread is treated as automated",
    events: () => [customer("Hello?"), page("unknown", "We are away right now")],
    expect: { status: "bot" },
  },
  {
    rule: "6: the automated response leaves the no-answer timer running",
    events: () => [
      customerAndRemember("Hello?"),
      page("page_inbox", "Away message"),
      graceExpired(() => lastCustomerAt),
    ],
    expect: { status: "open", escalation: "no_answer" },
  },
  {
    rule: "a reply typed in Page Inbox after it took the thread counts as a human answer",
    events: () => [
      chip("Talk to a human", "HUMAN"),
      take(PAGE_INBOX_APP_ID, "BOT"),
      page("page_inbox", "Hi, this is Dana from the shop"),
    ],
    expect: { status: "pending", owner: "page_inbox", humanEngaged: true },
    system: ["escalated", "control_taken"],
  },
  {
    rule: "an agent reply makes the conversation pending on the customer",
    events: () => [chip("Talk to a human", "HUMAN"), agentReply()],
    expect: { status: "pending", unread: 0 },
  },
  {
    rule: "a customer answer to the agent reopens it for the team",
    events: () => [
      chip("Talk to a human", "HUMAN"),
      agentReply(),
      customer("Thanks, but it still does not work"),
    ],
    expect: { status: "open", escalation: "requested", unread: 1 },
  },
  {
    rule: "a bot message after the agent took over (reopened) does not flag the bot",
    events: () => [
      chip("Talk to a human", "HUMAN"),
      agentReply(),
      agent("agent_resolve"),
      customer("One more thing"),
      bot("Hi again!"),
    ],
    expect: { status: "open", escalation: "reopened", flags: [] },
    system: ["escalated", "resolved", "reopened"],
  },
  {
    rule: "an agent resolves: the conversation is closed and its escalation cleared",
    events: () => [chip("Talk to a human", "HUMAN"), agentReply(), agent("agent_resolve")],
    expect: { status: "resolved", escalation: null, humanEngaged: false },
  },
  {
    rule: "a customer message after resolve reopens the conversation",
    events: () => [chip("Talk to a human", "HUMAN"), agent("agent_resolve"), customer("Hello again")],
    expect: { status: "open", escalation: "reopened" },
    system: ["escalated", "resolved", "reopened"],
  },
  {
    rule: "an agent reopens a bot-resolved conversation for a human",
    events: () => [customer("Hi"), bot(), agent("agent_reopen")],
    expect: { status: "open", escalation: "reopened" },
    system: ["bot_resolved", "reopened"],
  },
  {
    rule: "a customer message while Baton owns the thread is a human's job at once",
    events: () => [
      pass("BATON"),
      agentReply(),
      agent("agent_resolve"),
      { ...customer("still there?"), channel: "messaging" },
    ],
    expect: { status: "open" },
  },
  {
    rule: "a message on the messaging channel means Baton owns the thread",
    events: () => [{ ...customer("Hi"), channel: "messaging" }],
    expect: { owner: "baton", status: "open" },
  },
  {
    rule: "a reaction reopens the messaging window without changing the status",
    events: () => [
      customer("Hi"),
      bot(),
      { ...base(), kind: "reaction", mid: "p1", action: "react", reaction: "love", emoji: "❤" },
    ],
    expect: { status: "bot_resolved" },
  },
  {
    rule: "an agent reading the thread clears its unread count",
    events: () => [chip("Talk to a human", "HUMAN"), customer("hello?"), agent("agent_read")],
    expect: { unread: 0, status: "open" },
  },

  // Wording variants and learned handoff buttons (issue 14: the escalation that was still lost).
  {
    rule: "4: a standby tap on a button titled in other words ('Chat with an agent', no payload) escalates",
    events: () => [postback("Chat with an agent", null)],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "5: a standby tap on 'Talk to human' (no payload) then the bot's 'Okay' stays escalated and flagged",
    events: () => [
      botOffers("Anything else?", {
        attachments: [buttonTemplate("Anything else?", [postbackButton("Talk to human", "TALK_TO_HUMAN")])],
      }),
      postback("Talk to human", null),
      bot("Okay"),
    ],
    expect: { status: "open", escalation: "requested", flags: ["bot_replied_after_handoff"] },
    system: ["escalated", "bot_replied_after_handoff"],
  },
  {
    rule: "5: a handoff button whose title says nothing of a person, tapped on standby, then 'Connecting you to our team…' stays escalated and flagged",
    events: () => [
      botOffers("Need anything else?", {
        attachments: [buttonTemplate("Need anything else?", [postbackButton("Get help", "HUMAN_AGENT")])],
      }),
      postback("Get help", null),
      bot("Connecting you to our team…"),
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
    events: () => [
      botOffers("Anything else?", { quickReplies: [qr("🙋 Get help", "LIVE_AGENT")] }),
      chip("🙋 Get help", "LIVE_AGENT"),
    ],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: a handoff chip the bot offered, tapped and delivered without its payload, escalates by its title",
    events: () => [
      botOffers("Anything else?", {
        quickReplies: [qr("📦 Track my order", "TRACK"), qr("🙋 Get help", "LIVE_AGENT")],
      }),
      customer("🙋 Get help"),
    ],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: a handoff title learned from a carousel button escalates a standby tap on it",
    events: () => [
      botOffers("", {
        attachments: [
          carousel(
            ["Linen shirt", [postbackButton("Tell me more", "MORE_1")]],
            ["Still unsure?", [postbackButton("Ask the team", "HANDOFF")]],
          ),
        ],
      }),
      postback("Ask the team", null),
    ],
    expect: { status: "open", escalation: "requested" },
    system: ["escalated"],
  },
  {
    rule: "4: a title learned from the bot in another conversation of the same Page escalates a standby tap here",
    events: () => [customer("Hi"), bot("Hello! How can I help?"), postback("Ask the team", null)],
    rules: { learnedHandoffTitles: learned(["Ask the team", "HANDOFF"]) },
    expect: { status: "open", escalation: "requested" },
    system: ["bot_resolved", "escalated"],
    texts: [
      "Resolved by the bot",
      "The customer tapped “Ask the team”, a handoff button the bot uses on this Page (payload HANDOFF)",
    ],
  },
  {
    rule: "4: text typed exactly like a learned handoff title counts as the tap it looks like",
    events: () => [customer("ask the team!")],
    rules: { learnedHandoffTitles: learned(["Ask the team", "HANDOFF"]) },
    expect: { status: "open", escalation: "requested" },
  },
  {
    rule: "4: a button that is not a handoff, titled like the learned one, does not escalate",
    events: () => [
      botOffers("Pick one", { quickReplies: [qr("Chat about an order", "ORDER_CHAT")] }),
      customer("Chat about an order"),
    ],
    rules: { learnedHandoffTitles: learned(["Chat with an agent", "TALK_TO_AGENT"]) },
    expect: { status: "bot", escalation: null },
  },
  {
    rule: "4: the conversation wins: a title this thread last offered with another payload is not taken from the Page's table",
    events: () => [
      botOffers("Pick one", { quickReplies: [qr("Get help", "HELP_CENTER")] }),
      postback("Get help", null),
    ],
    rules: { learnedHandoffTitles: learned(["Get help", "HUMAN"]) },
    expect: { status: "bot", escalation: null },
  },
  {
    rule: "4: the conversation's own offer is recognised before the Page has learned it",
    events: () => [
      botOffers("Pick one", { quickReplies: [qr("Get help", "HUMAN")] }),
      postback("Get help", null),
    ],
    expect: { status: "open", escalation: "requested" },
  },
  {
    rule: "4: a typed request in Spanish escalates",
    events: () => [customer("Quiero hablar con una persona")],
    expect: { status: "open", escalation: "requested" },
  },
  {
    rule: "4: a typed mention of an agent that asks for nobody does not escalate",
    events: () => [customer("the agent said my parcel is late")],
    expect: { status: "bot", escalation: null },
  },

  // Signals beyond messages.
  {
    rule: "a referral from an ad is noted and kept as the conversation's referral",
    events: () => [
      referred(referral({ source: "ADS", adId: "6045", adTitle: "Spring Sale", ref: "SPRING" })),
    ],
    expect: { status: "bot", referral: { source: "ADS", adTitle: "Spring Sale", ref: "SPRING" } },
    system: ["referral"],
    texts: ["Came from the Spring Sale ad (ref SPRING)"],
  },
  {
    rule: "a first message from an m.me link carries its referral: noted before the message is handled",
    events: () => [
      {
        ...customer("Hi, is the sale still on?"),
        referral: referral({ source: "SHORTLINK", ref: "SPRING" }),
      },
      bot("It is!"),
    ],
    expect: { status: "bot_resolved", referral: { source: "SHORTLINK", ref: "SPRING" } },
    system: ["referral", "bot_resolved"],
    texts: ["Opened from an m.me link (ref SPRING)", "Resolved by the bot"],
  },
  {
    rule: "a later referral replaces the conversation's referral",
    events: () => [
      referred(referral({ source: "SHORTLINK", ref: "OLD" })),
      referred(referral({ source: "MESSENGER_CODE", ref: "QR1" })),
    ],
    expect: { referral: { source: "MESSENGER_CODE", ref: "QR1" } },
    texts: ["Opened from an m.me link (ref OLD)", "Opened from a Messenger QR code (ref QR1)"],
  },
  {
    rule: "an opt-in to recurring notifications is noted with its topic and frequency, and opens no messaging window",
    events: () => [
      optIn({
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
    events: () => [
      optIn({ optinType: "notification_messages", topic: "Weekly deals", status: "STOP_NOTIFICATIONS" }),
    ],
    expect: { status: "bot" },
    texts: ["Stopped “Weekly deals” notifications"],
  },
  {
    rule: "a Send to Messenger opt-in is noted with its ref",
    events: () => [optIn({ optinType: "send_to_messenger", ref: "CART_42" })],
    expect: { status: "bot" },
    texts: ["Opted in with Send to Messenger (ref CART_42)"],
  },
  {
    rule: "the first reply after a checkbox opt-in links that opt-in to the customer with a note",
    events: () => [
      { ...customer("Thanks!"), priorMessage: { source: "checkbox_plugin", identifier: "shop-user-77" } },
    ],
    expect: { status: "bot" },
    system: ["opt_in"],
    texts: ["Opted in with the checkbox plugin (user_ref shop-user-77); this is their first reply"],
  },
  {
    rule: "a feedback form is noted with its scores and the customer's words",
    events: () => [
      chip("Talk to a human", "HUMAN"),
      agentReply(),
      agent("agent_resolve"),
      feedback(
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
    events: () => [
      customer("Where is order 123?"),
      bot("Let me check"),
      { ...base(), kind: "message_edit", mid: "m1", text: "Where is order 124?", numEdit: 1 },
      { ...base(), kind: "message_deleted", mid: "m1" },
    ],
    expect: { status: "bot_resolved", unread: 1 },
    system: ["bot_resolved"],
  },
  {
    rule: "Page-level signals (policy alerts, Test samples) leave a conversation as it is",
    events: () => [
      customer("Hi"),
      { ...base(), kind: "policy_enforcement", action: "block", reason: "spam" },
      { ...base(), kind: "webhook_test", field: "messages", value: {} },
    ],
    expect: { status: "bot" },
    system: [],
  },
];

/** Which event's time the inbox orders the thread by, after all of them. */
const activityRows: { rule: string; events: () => DomainEvent[]; activityOf: number }[] = [
  {
    rule: "a customer message moves the thread up the inbox",
    events: () => [bot("Hi"), customer("Where is my order?")],
    activityOf: 1,
  },
  {
    rule: "an agent reading the thread leaves its place in the inbox",
    events: () => [chip("Talk to a human", "HUMAN"), agent("agent_read")],
    activityOf: 0,
  },
  {
    rule: "delivery and read receipts leave its place in the inbox",
    events: () => [
      customer("Hi"),
      bot(),
      { ...base(), kind: "delivery", mids: [], watermark: clock },
      { ...base(), kind: "read", watermark: clock },
    ],
    activityOf: 1,
  },
  {
    rule: "a resolve moves the thread up, as a change of state",
    events: () => [chip("Talk to a human", "HUMAN"), agentReply(), agent("agent_resolve")],
    activityOf: 2,
  },
  {
    rule: "an edit or an unsent message leaves its place in the inbox",
    events: () => [
      customer("Hi"),
      { ...base(), kind: "message_edit", mid: "m1", text: "Hello", numEdit: 1 },
      { ...base(), kind: "message_deleted", mid: "m1" },
    ],
    activityOf: 0,
  },
  {
    rule: "a referral moves the thread up",
    events: () => [customer("Hi"), referred(referral({ source: "SHORTLINK", ref: "X" }))],
    activityOf: 1,
  },
];

describe("conversation state machine", () => {
  it.each(activityRows)("$rule", (row) => {
    const events = row.events();
    expect(replay(events, rules).at(-1)?.state.lastActivityAt).toBe(events[row.activityOf]?.at);
  });

  it.each(rows)("$rule", (row) => {
    const events = row.events();
    const steps = replay(events, { ...rules, ...row.rules }, initialState());
    const final = steps.at(-1)?.state;
    expect(final).toMatchObject(row.expect);
    if (row.system) expect(steps.flatMap((s) => s.system.map((x) => x.event))).toEqual(row.system);
    if (row.texts)
      expect(steps.flatMap((s) => s.system.map((x) => x.text))).toEqual(
        row.texts.map((t) => (typeof t === "string" ? t : expect.stringMatching(t))),
      );
  });

  it("a conversation remembers the buttons offered in it, newest first, one per title, at most 30", () => {
    const many = Array.from({ length: 40 }, (_, i) => qr(`Option ${i}`, `OPT_${i}`));
    const steps = replay(
      [
        botOffers("Pick", { quickReplies: many }),
        botOffers("Or", { quickReplies: [qr("Get help", "HUMAN"), qr("Option 3", "OPT_3_NEW")] }),
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
    const steps = replay([customer("Hi"), customer("Hello?"), bot(), customer("And?")], rules);
    expect(steps.map((s) => s.timers.length)).toEqual([1, 0, 0, 1]);
    expect(steps[0]?.timers[0]?.dueAt).toBe((steps[0]?.state.awaitingBotSince ?? 0) + 60_000);
  });

  it("a stale grace timer for an earlier message does nothing", () => {
    const first = customer("Hi");
    const steps = replay([first, bot(), customer("And?"), { ...graceExpired(() => first.at) }], rules);
    expect(steps.at(-1)?.state.status).toBe("bot");
  });

  it("escalation is reported once, not for every message of an escalated thread", () => {
    const steps = replay([chip("Talk to a human", "HUMAN"), customer("human"), customer("please")], rules);
    expect(steps.map((s) => s.escalated)).toEqual([true, false, false]);
  });
});
