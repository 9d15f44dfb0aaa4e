import { describe, expect, it } from "vitest";
import { DEFAULT_AUTORESPONDER_PHRASES, DEFAULT_HANDOFF_PAYLOADS, DEFAULT_HANDOFF_PHRASES, PAGE_INBOX_APP_ID } from "../config.ts";
import type { CustomerMessage } from "../messenger/events.ts";
import type { DomainEvent } from "./domain-events.ts";
import { initialState, replay, type ConversationState, type Rules } from "./state-machine.ts";

const rules: Rules = {
  apps: { bot: "BOT", baton: "BATON" },
  botGraceMs: 60_000,
  handoffPayloads: DEFAULT_HANDOFF_PAYLOADS,
  handoffPhrases: DEFAULT_HANDOFF_PHRASES,
  autoresponderPhrases: DEFAULT_AUTORESPONDER_PHRASES,
};

let clock = 1_000_000;
const base = () => ({ pageId: "PAGE", psid: "U1", at: (clock += 1000), channel: "standby" as const, dedupeKey: String(clock) });

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
const postback = (title: string, payload: string | null): DomainEvent => ({ ...base(), kind: "customer_postback", mid: null, title, payload });
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
const pass = (to: string, metadata: string | null = null): DomainEvent => ({
  ...base(),
  kind: "pass_thread_control",
  newOwnerAppId: to,
  previousOwnerAppId: "BOT",
  metadata,
});
const take = (to: string, from: string): DomainEvent => ({ ...base(), kind: "take_thread_control", newOwnerAppId: to, previousOwnerAppId: from, metadata: null });
const agent = (kind: "agent_resolve" | "agent_reopen" | "agent_read"): DomainEvent => ({ ...base(), channel: "baton", kind, agentId: "A1" });
const agentReply = (): DomainEvent => ({ ...base(), channel: "baton", kind: "agent_message", agentId: "A1", mid: `a${clock}`, messageId: "x", text: "Hi, Sam here" });
/** The grace timer for the customer message `back` events ago fires. */
const graceExpired = (customerAt: () => number): DomainEvent => {
  const at = customerAt();
  return { pageId: "PAGE", psid: "U1", channel: "baton", kind: "bot_grace_expired", at: at + 60_000, customerAt: at, dedupeKey: `t${at}` };
};

interface Row {
  rule: string;
  events: () => DomainEvent[];
  expect: Partial<ConversationState>;
  system?: string[];
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
    events: () => [bot("Welcome! What can we help with?"), chip("Track my order", "TRACK"), bot("Your order ships today")],
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
    events: () => [customerAndRemember("Do you ship to Norway?"), bot("Yes we do"), graceExpired(() => lastCustomerAt)],
    expect: { status: "bot_resolved" },
    system: ["bot_resolved"],
  },
  {
    rule: "3: a late bot answer to an unanswered question resolves it after all",
    events: () => [customerAndRemember("Do you ship to Norway?"), graceExpired(() => lastCustomerAt), bot("Yes we do")],
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
    expect: { status: "open", escalation: "passed", owner: "baton", escalationReason: "The bot passed the conversation to Baton: refund request" },
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
    events: () => [chip("Talk to a human", "HUMAN"), bot("Thanks for reaching out! We'll get back to you soon")],
    expect: { status: "open", flags: ["autoresponder_suspected", "bot_replied_after_handoff"] },
  },
  {
    rule: "6: the Page's automated response does not count as the bot resolving",
    events: () => [customer("Are you open on Sunday?"), page("page_inbox", "Thanks for your message, we typically reply in an hour")],
    expect: { status: "bot" },
  },
  {
    rule: "6: an echo with no app id and no human in the thread is treated as automated",
    events: () => [customer("Hello?"), page("unknown", "We are away right now")],
    expect: { status: "bot" },
  },
  {
    rule: "6: the automated response leaves the no-answer timer running",
    events: () => [customerAndRemember("Hello?"), page("page_inbox", "Away message"), graceExpired(() => lastCustomerAt)],
    expect: { status: "open", escalation: "no_answer" },
  },
  {
    rule: "a reply typed in Page Inbox after it took the thread counts as a human answer",
    events: () => [chip("Talk to a human", "HUMAN"), take(PAGE_INBOX_APP_ID, "BOT"), page("page_inbox", "Hi, this is Dana from the shop")],
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
    events: () => [chip("Talk to a human", "HUMAN"), agentReply(), customer("Thanks, but it still does not work")],
    expect: { status: "open", escalation: "requested", unread: 1 },
  },
  {
    rule: "a bot message after the agent took over (reopened) does not flag the bot",
    events: () => [chip("Talk to a human", "HUMAN"), agentReply(), agent("agent_resolve"), customer("One more thing"), bot("Hi again!")],
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
    events: () => [pass("BATON"), agentReply(), agent("agent_resolve"), { ...customer("still there?"), channel: "messaging" }],
    expect: { status: "open" },
  },
  {
    rule: "a message on the messaging channel means Baton owns the thread",
    events: () => [{ ...customer("Hi"), channel: "messaging" }],
    expect: { owner: "baton", status: "open" },
  },
  {
    rule: "a reaction reopens the messaging window without changing the status",
    events: () => [customer("Hi"), bot(), { ...base(), kind: "reaction", mid: "p1", action: "react", reaction: "love", emoji: "❤" }],
    expect: { status: "bot_resolved" },
  },
  {
    rule: "an agent reading the thread clears its unread count",
    events: () => [chip("Talk to a human", "HUMAN"), customer("hello?"), agent("agent_read")],
    expect: { unread: 0, status: "open" },
  },
];

/** Which event's time the inbox orders the thread by, after all of them. */
const activityRows: { rule: string; events: () => DomainEvent[]; activityOf: number }[] = [
  { rule: "a customer message moves the thread up the inbox", events: () => [bot("Hi"), customer("Where is my order?")], activityOf: 1 },
  { rule: "an agent reading the thread leaves its place in the inbox", events: () => [chip("Talk to a human", "HUMAN"), agent("agent_read")], activityOf: 0 },
  {
    rule: "delivery and read receipts leave its place in the inbox",
    events: () => [customer("Hi"), bot(), { ...base(), kind: "delivery", mids: [], watermark: clock }, { ...base(), kind: "read", watermark: clock }],
    activityOf: 1,
  },
  { rule: "a resolve moves the thread up, as a change of state", events: () => [chip("Talk to a human", "HUMAN"), agentReply(), agent("agent_resolve")], activityOf: 2 },
];

describe("conversation state machine", () => {
  it.each(activityRows)("$rule", (row) => {
    const events = row.events();
    expect(replay(events, rules).at(-1)?.state.lastActivityAt).toBe(events[row.activityOf]?.at);
  });

  it.each(rows)("$rule", (row) => {
    const events = row.events();
    const steps = replay(events, rules, initialState());
    const final = steps.at(-1)?.state;
    expect(final).toMatchObject(row.expect);
    if (row.system) expect(steps.flatMap((s) => s.system.map((x) => x.event))).toEqual(row.system);
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
