import type {
  CannedReply,
  ConversationPage,
  ConversationDetail,
  Settings,
  TimelinePage,
  ViewCounts,
} from "@contract/api.ts";
import type { Agent, ConversationSummary, InboxView } from "@contract/conversation.ts";
import { inboxView } from "@contract/conversation.ts";
import type { LiveEvent } from "@contract/live.ts";
import type { MessengerSettings, PolicyAlert } from "@contract/signals.ts";
import type { MessageItem, SystemItem, TimelineItem } from "@contract/timeline.ts";
import { messagingWindowAt } from "@contract/messaging-window.ts";
import { compareForView, viewIncludes } from "@/shared/view-membership.ts";

const compareByActivity = compareForView("all");
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

export { MockApiError };

export interface MockDbOptions {
  conversations?: number;
  seed?: number;
  now?: () => Date;
  humanAgentTagEnabled?: boolean;
  /** Milliseconds before a sent reply is marked delivered (0: at once; null: never). */
  deliveryDelayMs?: number | null;
  /** Accounts and the browser's session (default: signed in as Ana Silva, an agent). */
  auth?: MockAuthOptions;
}

/**
 * An in-memory Baton backend with the API's semantics, used by the MSW handlers (dev:mock, unit tests,
 * previews). It keeps conversations sorted by activity and emits live events like the real server.
 */
export class MockDb {
  readonly settings: Settings;
  /** Accounts, the session, one-time links, the audit log (src/mocks/mock-auth.ts). */
  readonly auth: MockAuth;
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
  private conversations: ConversationSummary[] = [];
  private byId = new Map<string, ConversationSummary>();
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
    this.settings = {
      humanAgentTagEnabled: options.humanAgentTagEnabled ?? true,
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
      this.conversations.push(g.summary);
      this.byId.set(g.summary.id, g.summary);
      this.timelineLength.set(g.summary.id, g.timelineLength);
    }
    this.conversations.sort(compareByActivity);
  }

  /** The active accounts, as GET /api/agents lists them. */
  get agents(): Agent[] {
    return this.auth.activeAgents();
  }

  // --- reading -------------------------------------------------------------------------------

  get(id: string): ConversationSummary {
    const c = this.byId.get(id);
    if (!c) throw new MockApiError(404, "not_found", "No such conversation.");
    return c;
  }

  /** Adds or replaces a conversation (tests use this to set up exact states). */
  put(summary: ConversationSummary, timeline?: TimelineItem[], handoffItemId: string | null = null): void {
    const old = this.byId.get(summary.id);
    if (old) this.conversations = this.conversations.filter((c) => c.id !== summary.id);
    this.byId.set(summary.id, summary);
    this.conversations.push(summary);
    this.conversations.sort(compareByActivity);
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
    const needle = q?.trim().toLocaleLowerCase() ?? "";
    let startIndex = 0;
    const source =
      view === "bot_resolved"
        ? this.conversations.filter((c) => c.status === "bot_resolved").sort(compareForView(view))
        : this.conversations;
    if (cursor) {
      const at = source.findIndex((c) => c.id === cursor);
      startIndex = at < 0 ? source.length : at + 1;
    }
    const items: ConversationSummary[] = [];
    let i = startIndex;
    for (; i < source.length && items.length < limit; i++) {
      const c = source[i];
      if (!c || !viewIncludes(view, c, agentId)) continue;
      if (needle && !this.matches(c, needle)) continue;
      items.push(c);
    }
    let more = false;
    for (let j = i; j < source.length; j++) {
      const c = source[j];
      if (c && viewIncludes(view, c, agentId) && (!needle || this.matches(c, needle))) {
        more = true;
        break;
      }
    }
    const lastItem = items[items.length - 1];
    return { items, nextCursor: more && lastItem ? lastItem.id : null };
  }

  private matches(c: ConversationSummary, needle: string): boolean {
    if (c.customer.name.toLocaleLowerCase().includes(needle)) return true;
    if (c.lastMessage?.preview.toLocaleLowerCase().includes(needle)) return true;
    const built = this.timelines.get(c.id);
    return built
      ? built.some((i) => i.kind === "message" && i.text?.toLocaleLowerCase().includes(needle))
      : false;
  }

  counts(agentId: string | null): ViewCounts {
    const counts = Object.fromEntries(inboxView.options.map((v) => [v, 0])) as Record<InboxView, number>;
    for (const c of this.conversations)
      for (const v of inboxView.options) if (viewIncludes(v, c, agentId)) counts[v]++;
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

  // --- writing -------------------------------------------------------------------------------

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(conversation: ConversationSummary, items: TimelineItem[], escalated = false): void {
    const event: LiveEvent = { type: "conversation", conversation, items, escalated };
    for (const l of this.listeners) l(event);
  }

  private update(
    id: string,
    patch: Partial<ConversationSummary>,
    items: TimelineItem[] = [],
    escalated = false,
  ): ConversationSummary {
    const current = this.get(id);
    const next: ConversationSummary = { ...current, ...patch, version: current.version + 1 };
    this.put(next);
    if (items.length) this.timeline(id).push(...items);
    this.emit(next, items, escalated);
    return next;
  }

  private agent(agentId: string | null): Agent {
    const a = this.agents.find((x) => x.id === agentId);
    if (!a) throw new MockApiError(401, "unknown_agent", "Sign in as one of the agents first.");
    return a;
  }

  private system(event: SystemItem["event"], text: string, agent: Agent | null = null): SystemItem {
    return { kind: "system", id: `s-live-${++this.seq}`, at: this.now().toISOString(), event, text, agent };
  }

  send(
    id: string,
    text: string,
    clientId: string,
    agentId: string | null,
  ): { message: MessageItem; conversation: ConversationSummary } {
    const agent = this.agent(agentId);
    const current = this.get(id);
    const window = current.window;
    if (window.kind === "closed")
      throw new MockApiError(422, "window_closed", window.reason ?? "The messaging window is closed.");
    if (current.owner === "page_inbox" && text.includes("#owned"))
      throw new MockApiError(
        409,
        "thread_owned_by_other_app",
        "Page Inbox controls this thread. Take control first.",
      );
    const at = this.now().toISOString();
    const failed = text.includes("#fail");
    const message = buildMessage({
      id: `m-live-${++this.seq}`,
      mid: failed ? null : `mid.live.${this.seq}`,
      clientId,
      author: "agent",
      agent,
      appId: BATON_APP_ID,
      at,
      text,
      delivery: failed ? "failed" : "sent",
      error: failed ? "The customer cannot be reached right now (Graph error 551)." : null,
      tag: window.kind === "human_agent" ? "HUMAN_AGENT" : null,
    });
    const conversation = this.update(
      id,
      {
        status: current.status === "resolved" ? current.status : "pending",
        owner: "baton",
        assignee: current.assignee ?? agent,
        lastMessage: { preview: text, author: "agent", at },
        lastActivityAt: at,
        unreadCount: 0,
      },
      [message],
    );
    if (failed)
      throw new MockApiError(502, "customer_unavailable", "The customer cannot be reached right now.", {
        message,
      });
    this.scheduleDelivery(id, message.id);
    return { message, conversation };
  }

  private scheduleDelivery(id: string, messageId: string): void {
    if (this.deliveryDelayMs === null) return;
    const deliver = () => {
      const items = this.timeline(id);
      const index = items.findIndex((i) => i.id === messageId);
      const item = items[index];
      if (!item || item.kind !== "message") return;
      const delivered: MessageItem = { ...item, delivery: "delivered" };
      items[index] = delivered;
      this.update(id, {}, []);
      this.emit(this.get(id), [delivered]);
    };
    if (this.deliveryDelayMs === 0) deliver();
    else setTimeout(deliver, this.deliveryDelayMs);
  }

  retry(
    id: string,
    messageId: string,
    agentId: string | null,
  ): { message: MessageItem; conversation: ConversationSummary } {
    this.agent(agentId);
    const items = this.timeline(id);
    const index = items.findIndex((i) => i.id === messageId);
    const item = items[index];
    if (!item || item.kind !== "message" || item.delivery !== "failed")
      throw new MockApiError(404, "not_found", "No failed message with this id.");
    const message: MessageItem = { ...item, delivery: "sent", error: null, mid: `mid.retry.${++this.seq}` };
    items[index] = message;
    const conversation = this.update(id, {});
    this.emit(conversation, [message]);
    this.scheduleDelivery(id, message.id);
    return { message, conversation };
  }

  resolve(id: string, agentId: string | null): ConversationSummary {
    const agent = this.agent(agentId);
    return this.update(id, { status: "resolved", owner: "bot" }, [
      this.system("resolved", `Resolved by ${agent.name}.`, agent),
    ]);
  }

  reopen(id: string, agentId: string | null): ConversationSummary {
    const agent = this.agent(agentId);
    return this.update(id, { status: "open", escalatedAt: this.now().toISOString() }, [
      this.system("reopened", `Reopened by ${agent.name}.`, agent),
    ]);
  }

  takeControl(id: string, agentId: string | null): ConversationSummary {
    const agent = this.agent(agentId);
    return this.update(id, { owner: "baton" }, [
      this.system("control_taken", `${agent.name} took control of the thread.`, agent),
    ]);
  }

  handBack(id: string, agentId: string | null): ConversationSummary {
    const agent = this.agent(agentId);
    return this.update(id, { owner: "bot" }, [
      this.system("control_passed", `${agent.name} handed the thread back to the bot.`, agent),
    ]);
  }

  markRead(id: string): ConversationSummary {
    return this.update(id, { unreadCount: 0 });
  }

  assign(id: string, assigneeId: string | null, agentId: string | null): ConversationSummary {
    const actor = this.agent(agentId);
    const assignee = assigneeId === null ? null : this.agent(assigneeId);
    return this.update(id, { assignee }, [
      this.system(
        "assigned",
        assignee
          ? `${actor.name} assigned this to ${assignee.name}.`
          : `${actor.name} unassigned this conversation.`,
        actor,
      ),
    ]);
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

  /** A customer writes in an existing conversation. */
  customerWrites(id: string, text: string): void {
    const at = this.now().toISOString();
    const current = this.get(id);
    const message = buildMessage({
      id: `m-live-${++this.seq}`,
      mid: `mid.live.${this.seq}`,
      at,
      author: "customer",
      text,
    });
    this.update(
      id,
      {
        lastMessage: { preview: text, author: "customer", at },
        lastActivityAt: at,
        lastCustomerMessageAt: at,
        unreadCount: current.unreadCount + 1,
        status: current.status === "pending" || current.status === "resolved" ? "open" : current.status,
        window: messagingWindowAt(new Date(at), this.now(), this.settings),
      },
      [message],
    );
  }

  /** A conversation the bot was handling asks for a human. */
  escalate(id: string): void {
    const at = this.now().toISOString();
    const message = buildMessage({
      id: `m-live-${++this.seq}`,
      mid: `mid.live.${this.seq}`,
      at,
      author: "customer",
      text: "Talk to a human",
      quickReplyPayload: "HUMAN",
    });
    const sys = this.system("escalated", "Escalated: the customer tapped “Talk to a human”.");
    this.update(
      id,
      {
        status: "open",
        lastMessage: { preview: "Talk to a human", author: "customer", at },
        lastActivityAt: at,
        lastCustomerMessageAt: at,
        escalatedAt: at,
        escalationReason: "The customer tapped “Talk to a human”.",
        unreadCount: 1,
        window: messagingWindowAt(new Date(at), this.now(), this.settings),
      },
      [message, sys],
      true,
    );
  }

  /** Picks something plausible to happen next; returns a stop function. */
  simulate(everyMs = 9000): () => void {
    const rng = createRng(99);
    const timer = setInterval(() => {
      const bots = this.conversations
        .filter((c) => c.status === "bot" || c.status === "bot_resolved")
        .slice(0, 50);
      const open = this.conversations
        .filter((c) => c.status === "open" || c.status === "pending")
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
