import type {
  CannedReply,
  ConversationPage,
  ConversationDetail,
  Settings,
  TimelinePage,
  ViewCounts,
} from "@contract/api.ts";
import { searchFinds, searchPlan, type SearchPlan } from "@contract/search.ts";
import type { Agent, ConversationSummary, InboxView } from "@contract/conversation.ts";
import { inboxView } from "@contract/conversation.ts";
import type { LiveEvent } from "@contract/live.ts";
import { messagingWindowAt } from "@contract/messaging-window.ts";
import type { MessengerSettings, PolicyAlert } from "@contract/signals.ts";
import type { MessageItem, SystemEvent, SystemItem, TimelineItem } from "@contract/timeline.ts";
import { compareInView, inView, type ViewSubject } from "@contract/views.ts";
import { loadConfig, type Config } from "../../server/config.ts";
import type { AgentEvent, DomainEvent } from "../../server/conversations/domain-events.ts";
import {
  initialState,
  transition,
  type ConversationState,
  type Rules,
} from "../../server/conversations/state-machine.ts";
import { effectiveOwner, toSummary, type ConversationRow } from "../../server/conversations/summary.ts";
import {
  ana,
  BATON_APP_ID,
  BOT_APP_ID,
  buildChatter,
  buildConversations,
  buildMessage,
  buildMessengerSettings,
  buildPolicyAlert,
  buildShowcaseTimeline,
} from "@/mocks/fixtures.ts";
import { MockAuth, type MockAuthOptions } from "@/mocks/mock-auth.ts";
import { MockApiError } from "@/mocks/mock-errors.ts";
import { createRng } from "@/mocks/random.ts";
import { graphFailure, type MockScenario } from "@/mocks/scenario.ts";

export { MockApiError };
export type { MockScenario };

export interface MockDbOptions {
  conversations?: number;
  seed?: number;
  now?: () => Date;
  humanAgentTagEnabled?: boolean;
  /** The server's PASS_BACK_ON_RESOLVE (default, like the server's: true). */
  passBackOnResolve?: boolean;
  /** Milliseconds before a sent reply is marked delivered (0: at once; null: never). */
  deliveryDelayMs?: number | null;
  /** Accounts and the browser's session (default: signed in as Ana Silva, an agent). */
  auth?: MockAuthOptions;
  /** What Meta refuses (default: nothing). */
  scenario?: MockScenario;
}

/** A conversation as the server stores it: the state machine's state and the columns beside it. */
interface StoredConversation {
  id: string;
  pageId: string;
  psid: string;
  customerName: string;
  avatarUrl: string | null;
  state: ConversationState;
  version: number;
}

const ms = (iso: string | null | undefined): number | null => (iso ? Date.parse(iso) : null);
const iso = (at: number) => new Date(at).toISOString();

/** System items that mark where a conversation became a human's job (server/conversations/engine.ts). */
const HANDOFF_EVENTS = new Set<SystemEvent>(["escalated", "no_bot_answer", "reopened"]);

/**
 * The state machine's state for a conversation given as a summary (fixtures, and the exact states stories and tests
 * put): what the server would hold for a conversation that shows this summary.
 */
function stateOf(c: ConversationSummary): ConversationState {
  const humansJob = c.status === "open" || c.status === "pending";
  const lastActivityAt = Date.parse(c.lastActivityAt);
  return {
    ...initialState(c.owner),
    status: c.status,
    owner: c.owner,
    flags: [...c.flags],
    escalation: humansJob && c.escalatedAt !== null ? "requested" : null,
    escalatedAt: ms(c.escalatedAt),
    escalationReason: c.escalationReason,
    humanEngaged: c.status === "pending",
    lastCustomerAt: ms(c.lastCustomerMessageAt),
    lastEventAt: lastActivityAt,
    lastActivityAt,
    assigneeId: c.assignee?.id ?? null,
    unread: c.unreadCount,
    lastMessage: c.lastMessage
      ? { preview: c.lastMessage.preview, author: c.lastMessage.author, at: Date.parse(c.lastMessage.at) }
      : null,
    botResolvedNoted: c.status === "bot_resolved",
    referral: c.referral ? { ...c.referral, refererUri: null, at: Date.parse(c.referral.at) } : null,
  };
}

const subjectOf = (c: StoredConversation): ViewSubject => ({
  id: c.id,
  status: c.state.status,
  assigneeId: c.state.assigneeId,
  flagged: c.state.flags.length > 0,
  lastActivityAt: c.state.lastActivityAt,
});

/**
 * A list cursor names a place in the view's order, like the server's: the last item's sort keys, as unpadded
 * base64url (the only alphabet the contract's cursor accepts).
 */
function encodeCursor(s: ViewSubject): string {
  return btoa(JSON.stringify([s.flagged ? 1 : 0, s.lastActivityAt, s.id]))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
function decodeCursor(raw: string): ViewSubject {
  try {
    const v: unknown = JSON.parse(atob(raw.replace(/-/g, "+").replace(/_/g, "/")));
    if (Array.isArray(v) && v.length === 3 && typeof v[1] === "number" && typeof v[2] === "string")
      return { id: v[2], flagged: v[0] === 1, lastActivityAt: v[1], status: "open", assigneeId: null };
  } catch {
    // refused below
  }
  throw new MockApiError(400, "invalid_request", "The cursor is not one this server gave out.");
}

/**
 * An in-memory Baton backend with the server's rules, used by the MSW handlers (dev:mock, unit tests, previews).
 * Conversations hold the server's state-machine state: an agent's reply, resolve, reopen, assignment, take control,
 * hand back and read, and a customer's message, run through server/conversations/state-machine.ts as the server's
 * service and engine run them; summaries are built by the server's toSummary, lists by contract/views.ts. What Meta
 * refuses is chosen by `scenario`, and it emits live events like the real server.
 */
export class MockDb {
  readonly settings: Settings;
  /** Accounts, the session, one-time links, the audit log (src/mocks/mock-auth.ts). */
  readonly auth: MockAuth;
  /** What Meta refuses; stories and tests set it (.storybook/mock-api.ts, parameters.baton.scenario). */
  scenario: MockScenario;
  /** Every canned reply: the shared ones and every agent's personal ones (their owner in cannedReplyOwners). */
  cannedReplies: CannedReply[] = [
    {
      id: "cr-1",
      shortcut: "hello",
      text: "Hi! Thanks for reaching out, I'm looking into this now.",
      shared: true,
    },
    {
      id: "cr-2",
      shortcut: "tracking",
      text: "You can follow your parcel here: https://shop.example/track",
      shared: true,
    },
    {
      id: "cr-3",
      shortcut: "refund",
      text: "I've issued a refund; it takes 3–5 business days to appear on your statement.",
      shared: true,
    },
    {
      id: "cr-4",
      shortcut: "bye",
      text: "Is there anything else I can help with? Have a lovely day!",
      shared: true,
    },
    { id: "cr-5", shortcut: "sign", text: "Ben from the Baton Demo Shop team", shared: false },
  ];
  /** Meta's policy alerts about the Page's app; GET /api/alerts lists those nobody acknowledged (managers, admins). */
  policyAlerts: PolicyAlert[];
  /** GET /api/admin/messenger (admins): learned handoff buttons, the handoff configuration, the last webhook test. */
  messenger: MessengerSettings;
  /** Personal canned reply id → the agent who owns it. */
  readonly cannedReplyOwners = new Map<string, string>([["cr-5", "agent-ben"]]);
  /** The server's configuration (defaults, with the options above) and the state machine's rules made from it. */
  readonly config: Config;
  private readonly rules: Rules;
  private conversations = new Map<string, StoredConversation>();
  /** Agents named by conversations that are not accounts (fixtures): the server's agents table keeps them too. */
  private knownAgents = new Map<string, Agent>();
  private timelineLength = new Map<string, number>();
  private timelines = new Map<string, TimelineItem[]>();
  private handoffIds = new Map<string, string | null>();
  private listeners = new Set<(event: LiveEvent) => void>();
  private seq = 0;
  readonly now: () => Date;
  private readonly deliveryDelayMs: number | null;

  constructor(options: MockDbOptions = {}) {
    this.now = options.now ?? (() => new Date());
    this.deliveryDelayMs = options.deliveryDelayMs === undefined ? 800 : options.deliveryDelayMs;
    this.scenario = options.scenario ?? {};
    this.config = loadConfig({
      BOT_APP_ID,
      BATON_APP_ID,
      HUMAN_AGENT_TAG: String(options.humanAgentTagEnabled ?? true),
      PASS_BACK_ON_RESOLVE: String(options.passBackOnResolve ?? true),
    });
    // As server/conversations/service.ts makes them from the configuration.
    this.rules = {
      apps: { bot: this.config.BOT_APP_ID, baton: this.config.BATON_APP_ID },
      botGraceMs: this.config.BOT_GRACE_SECONDS * 1000,
      handoffPayloads: this.config.HANDOFF_PAYLOADS,
      handoffPhrases: this.config.HANDOFF_PHRASES,
      autoresponderPhrases: this.config.AUTORESPONDER_PHRASES,
      learnedHandoffTitles: new Map(),
    };
    this.settings = {
      humanAgentTagEnabled: this.config.HUMAN_AGENT_TAG,
      pageName: "Baton Demo Shop",
      simulator: false,
    };
    this.auth = new MockAuth(this.now, this.settings.pageName, options.auth);
    const now = this.now();
    this.policyAlerts = [
      buildPolicyAlert({
        id: "alert-1",
        action: "warning",
        reason:
          "Your app sent messages outside the 24-hour window without an approved tag. Continued violations may lead to a block.",
        at: new Date(now.getTime() - 3 * 3_600_000).toISOString(),
      }),
    ];
    this.messenger = buildMessengerSettings({}, now);
    const generated = buildConversations(options.conversations ?? 300, {
      seed: options.seed ?? 42,
      now: this.now(),
      humanAgentTagEnabled: this.settings.humanAgentTagEnabled,
    });
    for (const g of generated) {
      this.store(g.summary);
      this.timelineLength.set(g.summary.id, g.timelineLength);
    }
  }

  /** The active accounts, as GET /api/agents lists them. */
  get agents(): Agent[] {
    return this.auth.activeAgents();
  }

  // --- reading -------------------------------------------------------------------------------

  private stored(id: string): StoredConversation {
    const c = this.conversations.get(id);
    if (!c) throw new MockApiError(404, "not_found", "There is no such conversation.");
    return c;
  }

  /** Any agent the database knows, active or not (the server's agents table). */
  private agentById(id: string | null): Agent | null {
    if (id === null) return null;
    const account = this.auth.accounts.find((a) => a.id === id);
    return account
      ? { id: account.id, name: account.name, role: account.role }
      : (this.knownAgents.get(id) ?? null);
  }

  private row(c: StoredConversation): ConversationRow {
    const s = c.state;
    const assignee = this.agentById(s.assigneeId);
    return {
      id: c.id,
      page_id: c.pageId,
      psid: c.psid,
      customer_name: c.customerName,
      avatar_url: c.avatarUrl,
      status: s.status,
      owner: s.owner,
      flags: s.flags,
      escalated_at: s.escalatedAt,
      escalation_reason: s.escalationReason,
      last_message_preview: s.lastMessage?.preview ?? null,
      last_message_author: s.lastMessage?.author ?? null,
      last_message_at: s.lastMessage?.at ?? null,
      last_activity_at: s.lastActivityAt,
      last_customer_at: s.lastCustomerAt,
      unread_count: s.unread,
      handoff_item_id: this.handoffIds.get(c.id) ?? null,
      version: c.version,
      assignee_id: s.assigneeId,
      assignee_name: assignee?.name ?? null,
      assignee_role: assignee?.role ?? null,
      referral: s.referral,
    };
  }

  private summaryOf(c: StoredConversation): ConversationSummary {
    return toSummary(this.row(c), this.now(), this.settings);
  }

  /** The conversation as the API shows it now (the window and an idle owner follow the clock, as on the server). */
  get(id: string): ConversationSummary {
    return this.summaryOf(this.stored(id));
  }

  private store(summary: ConversationSummary): void {
    if (summary.assignee) this.knownAgents.set(summary.assignee.id, summary.assignee);
    this.conversations.set(summary.id, {
      id: summary.id,
      pageId: summary.pageId,
      psid: summary.customer.psid,
      customerName: summary.customer.name,
      avatarUrl: summary.customer.avatarUrl,
      state: stateOf(summary),
      version: summary.version,
    });
  }

  /** Adds or replaces a conversation in the state that shows this summary (tests and stories set up exact states). */
  put(summary: ConversationSummary, timeline?: TimelineItem[], handoffItemId: string | null = null): void {
    this.store(summary);
    if (timeline) {
      this.timelines.set(summary.id, timeline);
      this.handoffIds.set(summary.id, handoffItemId);
    }
  }

  timeline(id: string): TimelineItem[] {
    const existing = this.timelines.get(id);
    if (existing) return existing;
    const summary = this.get(id);
    const length = this.timelineLength.get(id) ?? 0;
    const rng = createRng(Number(id.replace(/\D/g, "")) || 7);
    const span = (length + 40) * 5 * 60_000;
    const start = new Date(Date.parse(summary.lastActivityAt) - span);
    let items: TimelineItem[];
    let handoff: string | null = null;
    if (summary.status === "bot_resolved" || summary.status === "bot") {
      const t0 = Date.parse(summary.lastActivityAt) - 120_000;
      const auto = summary.flags.includes("autoresponder_suspected");
      items = [
        buildMessage({
          id: `${id}-1`,
          mid: `mid.${id}.1`,
          at: new Date(t0).toISOString(),
          author: "customer",
          text: "Do you have this in blue?",
        }),
        buildMessage({
          id: `${id}-2`,
          mid: `mid.${id}.2`,
          at: new Date(t0 + 3000).toISOString(),
          author: "bot",
          appId: BOT_APP_ID,
          text: auto
            ? "Thanks for your message! We'll get back to you soon."
            : "Yes! The blue one is in stock in every size.",
          quickReplies: auto
            ? []
            : [
                { title: "Buy now", payload: "BUY", imageUrl: null },
                { title: "Talk to a human", payload: "HUMAN", imageUrl: null },
              ],
        }),
      ];
      if (summary.status === "bot_resolved") {
        const sys: SystemItem = {
          kind: "system",
          id: `${id}-3`,
          at: new Date(t0 + 4000).toISOString(),
          event: auto ? "autoresponder_suspected" : "bot_resolved",
          text: auto
            ? "Resolved by the bot, but its reply looks like an autoresponder."
            : "Resolved by the bot.",
          agent: null,
        };
        items.push(sys);
      }
    } else {
      const showcase = buildShowcaseTimeline(start, summary.assignee ?? ana, summary.referral ?? null);
      handoff = showcase.handoffItemId;
      const last = showcase.items[showcase.items.length - 1];
      const chatterStart = new Date(last ? Date.parse(last.at) : start.getTime());
      items = [
        ...showcase.items.map((i) => ({ ...i, id: `${id}-${i.id}` })),
        ...buildChatter(length, chatterStart, rng, summary.assignee ?? ana, `${id}-x`),
      ];
      handoff = `${id}-${handoff}`;
    }
    this.timelines.set(id, items);
    this.handoffIds.set(id, handoff);
    return items;
  }

  list(
    view: InboxView,
    q: string | undefined,
    cursor: string | undefined,
    limit: number,
    agentId: string | null,
  ): ConversationPage {
    const plan = q?.trim() ? searchPlan(q) : null;
    const compare = compareInView(view);
    const after = cursor ? decodeCursor(cursor) : null;
    const matching: { c: StoredConversation; subject: ViewSubject }[] = [];
    for (const c of this.conversations.values()) {
      const subject = subjectOf(c);
      if (!inView(view, subject, agentId)) continue;
      if (after && compare(after, subject) >= 0) continue;
      if (plan && !this.matches(c, plan)) continue;
      matching.push({ c, subject });
    }
    matching.sort((a, b) => compare(a.subject, b.subject));
    const page = matching.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(({ c }) => this.summaryOf(c)),
      nextCursor: matching.length > limit && last ? encodeCursor(last.subject) : null,
    };
  }

  /** The server's search rule (contract/search.ts) over what the mock holds of the conversation. */
  private matches(c: StoredConversation, plan: SearchPlan): boolean {
    const conversationText = [
      c.customerName,
      c.state.referral?.ref ?? "",
      c.state.referral?.adTitle ?? "",
    ].join(" ");
    const built = this.timelines.get(c.id);
    const messages = built
      ? built.map((i) => (i.kind === "message" ? i.text : null))
      : [c.state.lastMessage?.preview];
    return searchFinds(plan, conversationText, messages);
  }

  counts(agentId: string | null): ViewCounts {
    const counts = Object.fromEntries(inboxView.options.map((v) => [v, 0])) as Record<InboxView, number>;
    for (const c of this.conversations.values()) {
      const subject = subjectOf(c);
      for (const v of inboxView.options) if (inView(v, subject, agentId)) counts[v]++;
    }
    return counts;
  }

  detail(id: string, limit = 100): ConversationDetail {
    const conversation = this.get(id);
    const items = this.timeline(id);
    const from = Math.max(0, items.length - limit);
    return {
      conversation,
      timeline: { items: items.slice(from), olderCursor: from > 0 ? String(from) : null },
      handoffItemId: this.handoffIds.get(id) ?? null,
    };
  }

  olderPage(id: string, before: string | undefined, limit: number): TimelinePage {
    const items = this.timeline(id);
    const end = before === undefined ? items.length : Math.min(items.length, Number(before) || 0);
    const from = Math.max(0, end - limit);
    return { items: items.slice(from, end), olderCursor: from > 0 ? String(from) : null };
  }

  // --- the state machine ---------------------------------------------------------------------

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(id: string, items: TimelineItem[], escalated = false): void {
    const event: LiveEvent = { type: "conversation", conversation: this.get(id), items, escalated };
    for (const l of this.listeners) l(event);
  }

  /**
   * Applies events to a conversation as the server's engine does: through the state machine, the system items it
   * writes added to the timeline, the version bumped once, and a live event sent with `items` (the events' own
   * messages, already in the timeline) and those system items.
   */
  private apply(id: string, events: DomainEvent[], items: TimelineItem[] = []): ConversationSummary {
    const c = this.stored(id);
    const timeline = this.timeline(id);
    const added = [...items];
    let escalated = false;
    let state = c.state;
    for (const event of events) {
      const t = transition(state, event, this.rules);
      state = t.state;
      const notes: SystemItem[] = t.system.map((d) => ({
        kind: "system",
        id: `s-live-${++this.seq}`,
        at: iso(event.at),
        event: d.event,
        text: d.text,
        agent: this.agentById(d.agentId),
      }));
      added.push(...notes);
      if (t.escalated) {
        escalated = true;
        const handoff = notes.find((n) => HANDOFF_EVENTS.has(n.event));
        if (handoff) this.handoffIds.set(id, handoff.id);
      }
    }
    c.state = state;
    c.version += 1;
    timeline.push(...added.slice(items.length));
    this.emit(id, added, escalated);
    return this.get(id);
  }

  private agentEvent(c: StoredConversation, agentId: string | null) {
    return {
      pageId: c.pageId,
      psid: c.psid,
      at: this.now().getTime(),
      channel: "baton" as const,
      dedupeKey: `agent:${++this.seq}`,
      agentId,
    };
  }

  /** The owner Meta's Conversation Routing gives the thread now (idle a day after the customer last wrote). */
  private ownerNow(c: StoredConversation) {
    return effectiveOwner(c.state.owner, c.state.lastCustomerAt, this.now());
  }

  private agent(agentId: string | null): Agent {
    const a = this.agents.find((x) => x.id === agentId);
    if (!a) throw new MockApiError(401, "unknown_agent", "Sign in as one of the agents first.");
    return a;
  }

  private timelineMessage(id: string, match: (m: MessageItem) => boolean): MessageItem | undefined {
    return this.timeline(id).find((i): i is MessageItem => i.kind === "message" && match(i));
  }

  private replaceMessage(id: string, message: MessageItem): void {
    const items = this.timeline(id);
    const index = items.findIndex((i) => i.id === message.id);
    if (index >= 0) items[index] = message;
  }

  /** An agent's reply (server: ConversationService.sendReply). Sending the same clientId twice sends once. */
  send(
    id: string,
    text: string,
    clientId: string,
    agentId: string | null,
  ): { message: MessageItem; conversation: ConversationSummary } {
    const agent = this.agent(agentId);
    this.stored(id);
    const prior = this.timelineMessage(id, (m) => m.clientId === clientId);
    if (prior && prior.delivery !== "failed") return { message: prior, conversation: this.get(id) };
    return this.sendReply(id, agent, prior ?? null, text, clientId);
  }

  /** Sends a failed reply again (server: sendReply with retryOf); one that did not fail is answered as it is. */
  retry(
    id: string,
    messageId: string,
    agentId: string | null,
  ): { message: MessageItem; conversation: ConversationSummary } {
    const agent = this.agent(agentId);
    this.stored(id);
    const prior = this.timelineMessage(id, (m) => m.id === messageId && m.author === "agent");
    if (!prior) throw new MockApiError(404, "not_found", "There is no such message to retry.");
    if (prior.delivery !== "failed") return { message: prior, conversation: this.get(id) };
    return this.sendReply(id, agent, prior, prior.text ?? "", prior.clientId ?? "");
  }

  /**
   * The reply is stored before Meta is called, so nothing the agent typed is lost: it ends as sent, or as failed
   * with Meta's reason. Baton takes the thread first when it does not hold it.
   */
  private sendReply(
    id: string,
    agent: Agent,
    prior: MessageItem | null,
    text: string,
    clientId: string,
  ): { message: MessageItem; conversation: ConversationSummary } {
    const c = this.stored(id);
    const now = this.now();
    const window = messagingWindowAt(
      c.state.lastCustomerAt !== null ? new Date(c.state.lastCustomerAt) : null,
      now,
      this.settings,
    );
    if (window.kind === "closed")
      throw new MockApiError(422, "window_closed", window.reason ?? "The messaging window is closed.");
    let message: MessageItem = prior
      ? { ...prior, delivery: "sending", error: null, at: now.toISOString() }
      : buildMessage({
          id: `m-live-${++this.seq}`,
          mid: null,
          clientId,
          author: "agent",
          agent,
          appId: null,
          at: now.toISOString(),
          text,
          delivery: "sending",
          error: null,
          tag: window.kind === "human_agent" ? "HUMAN_AGENT" : null,
        });
    if (prior) this.replaceMessage(id, message);
    else this.timeline(id).push(message);
    this.emit(id, [message]);
    try {
      if (this.ownerNow(c) !== "baton") {
        if (this.scenario.threadControlFails) throw graphFailure(this.scenario.threadControlFails);
        this.apply(id, [{ ...this.agentEvent(c, agent.id), kind: "agent_owner_change", owner: "baton" }]);
      }
      if (this.scenario.sendFails) throw graphFailure(this.scenario.sendFails);
    } catch (error) {
      if (!(error instanceof MockApiError)) throw error;
      message = { ...message, delivery: "failed", error: error.message };
      this.replaceMessage(id, message);
      this.emit(id, [message]);
      throw new MockApiError(error.status, error.code, error.message, { message });
    }
    const mid = `mid.live.${++this.seq}`;
    message = { ...message, mid, delivery: "sent", error: null };
    this.replaceMessage(id, message);
    const sent: AgentEvent = {
      ...this.agentEvent(c, agent.id),
      kind: "agent_message",
      mid,
      messageId: message.id,
      text,
      dedupeKey: `mid:${mid}`,
    };
    const conversation = this.apply(id, [sent], [message]);
    this.scheduleDelivery(id, message.id);
    return { message, conversation };
  }

  /** Meta's delivery receipt for a sent reply, after `deliveryDelayMs`. */
  private scheduleDelivery(id: string, messageId: string): void {
    if (this.deliveryDelayMs === null) return;
    const deliver = () => {
      const item = this.timelineMessage(id, (m) => m.id === messageId);
      if (!item || item.delivery !== "sent" || !this.conversations.has(id)) return;
      const delivered: MessageItem = { ...item, delivery: "delivered" };
      this.replaceMessage(id, delivered);
      const c = this.stored(id);
      const at = this.now().getTime();
      this.apply(
        id,
        [
          {
            kind: "delivery",
            pageId: c.pageId,
            psid: c.psid,
            at,
            channel: "messaging",
            dedupeKey: `delivery:${++this.seq}`,
            mids: item.mid ? [item.mid] : [],
            watermark: at,
          },
        ],
        [delivered],
      );
    };
    if (this.deliveryDelayMs === 0) deliver();
    else setTimeout(deliver, this.deliveryDelayMs);
  }

  /**
   * Resolves, then hands the thread back to the bot when the configuration says so and Baton holds it (server:
   * ConversationService.resolve). A hand-back Meta refuses leaves the conversation resolved.
   */
  resolve(id: string, agentId: string | null): ConversationSummary {
    const agent = this.agent(agentId);
    const c = this.stored(id);
    const ownerBefore = this.ownerNow(c);
    if (c.state.status !== "resolved")
      this.apply(id, [{ ...this.agentEvent(c, agent.id), kind: "agent_resolve" }]);
    if (this.config.PASS_BACK_ON_RESOLVE && ownerBefore === "baton") {
      try {
        this.handBack(id, agent.id);
      } catch (error) {
        if (!(error instanceof MockApiError)) throw error;
      }
    }
    return this.get(id);
  }

  reopen(id: string, agentId: string | null): ConversationSummary {
    const agent = this.agent(agentId);
    const c = this.stored(id);
    return this.apply(id, [{ ...this.agentEvent(c, agent.id), kind: "agent_reopen" }]);
  }

  takeControl(id: string, agentId: string | null): ConversationSummary {
    const agent = this.agent(agentId);
    const c = this.stored(id);
    if (this.scenario.threadControlFails) throw graphFailure(this.scenario.threadControlFails);
    return this.apply(id, [{ ...this.agentEvent(c, agent.id), kind: "agent_owner_change", owner: "baton" }]);
  }

  handBack(id: string, agentId: string | null): ConversationSummary {
    const agent = this.agent(agentId);
    const c = this.stored(id);
    if (this.scenario.threadControlFails) throw graphFailure(this.scenario.threadControlFails);
    return this.apply(id, [{ ...this.agentEvent(c, agent.id), kind: "agent_owner_change", owner: "bot" }]);
  }

  /** Nothing changes when nothing is unread (server: ConversationService.markRead). */
  markRead(id: string, agentId: string | null = null): ConversationSummary {
    const c = this.stored(id);
    if (c.state.unread === 0) return this.get(id);
    return this.apply(id, [{ ...this.agentEvent(c, agentId), kind: "agent_read" }]);
  }

  assign(id: string, assigneeId: string | null, agentId: string | null): ConversationSummary {
    const actor = this.agent(agentId);
    const c = this.stored(id);
    if (assigneeId !== null && this.agentById(assigneeId) === null)
      throw new MockApiError(422, "unknown_agent", "There is no agent with that id.");
    return this.apply(id, [{ ...this.agentEvent(c, actor.id), kind: "agent_assign", assigneeId }]);
  }

  // --- Messenger signals ------------------------------------------------------------------------

  /** The alerts nobody acknowledged yet, newest first (managers and admins). */
  unacknowledgedAlerts(): PolicyAlert[] {
    this.auth.requireRole("manager");
    return this.policyAlerts
      .filter((a) => a.acknowledgedAt === null)
      .sort((a, b) => b.at.localeCompare(a.at));
  }

  /** Someone saw the alert; acknowledging it twice keeps the first acknowledgement. */
  acknowledgeAlert(id: string): PolicyAlert {
    const account = this.auth.requireRole("manager");
    const alert = this.policyAlerts.find((a) => a.id === id);
    if (!alert) throw new MockApiError(404, "not_found", "There is no such alert.");
    if (alert.acknowledgedAt !== null) return alert;
    const acknowledged: PolicyAlert = {
      ...alert,
      acknowledgedBy: account.name,
      acknowledgedAt: this.now().toISOString(),
    };
    this.policyAlerts = this.policyAlerts.map((a) => (a.id === id ? acknowledged : a));
    return acknowledged;
  }

  messengerSettings(): MessengerSettings {
    this.auth.requireRole("admin");
    return this.messenger;
  }

  // --- the simulated outside world (dev:mock only) --------------------------------------------

  /** A customer writes in an existing conversation, as Meta's webhook would bring it. */
  customerWrites(id: string, text: string, quickReplyPayload: string | null = null): void {
    const c = this.stored(id);
    const at = this.now().getTime();
    const mid = `mid.live.${++this.seq}`;
    const message = buildMessage({
      id: `m-live-${this.seq}`,
      mid,
      at: iso(at),
      author: "customer",
      text,
      quickReplyPayload,
      delivery: "delivered",
    });
    this.timeline(id).push(message);
    this.apply(
      id,
      [
        {
          kind: "customer_message",
          pageId: c.pageId,
          psid: c.psid,
          at,
          // Meta delivers on `messaging` to the app that holds the thread, on `standby` to the others.
          channel: c.state.owner === "baton" ? "messaging" : "standby",
          dedupeKey: `mid:${mid}`,
          mid,
          text,
          attachments: [],
          quickReplyPayload,
          replyToMid: null,
        },
      ],
      [message],
    );
  }

  /** A customer the bot was talking with taps “Talk to a human”. */
  escalate(id: string): void {
    this.customerWrites(id, "Talk to a human", "HUMAN");
  }

  /** The conversations most recently active first (what the simulation picks from). */
  private byActivity(): StoredConversation[] {
    const compare = compareInView("all");
    return [...this.conversations.values()].sort((a, b) => compare(subjectOf(a), subjectOf(b)));
  }

  /** Picks something plausible to happen next; returns a stop function. */
  simulate(everyMs = 9000): () => void {
    const rng = createRng(99);
    const timer = setInterval(() => {
      const recent = this.byActivity();
      const bots = recent
        .filter((c) => c.state.status === "bot" || c.state.status === "bot_resolved")
        .slice(0, 50);
      const open = recent
        .filter((c) => c.state.status === "open" || c.state.status === "pending")
        .slice(0, 30);
      if (rng.chance(0.4) && bots.length) this.escalate(rng.pick(bots).id);
      else if (open.length)
        this.customerWrites(
          rng.pick(open).id,
          rng.pick([
            "Any news?",
            "Hello?",
            "Thank you so much!",
            "The tracking page says 'exception'.",
            "Can you also check order #50110?",
          ]),
        );
    }, everyMs);
    return () => clearInterval(timer);
  }
}
