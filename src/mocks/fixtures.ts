import type { Agent, AuthorKind, ConversationSummary, Customer } from "@contract/conversation.ts";
import type { LearnedHandoffButton, MessengerSettings, PolicyAlert, Referral } from "@contract/signals.ts";
import type {
  Attachment,
  MessageItem,
  QuickReplyOption,
  SystemItem,
  TimelineItem,
} from "@contract/timeline.ts";
import { messagingWindowAt } from "@contract/messaging-window.ts";
import { createRng, type Rng } from "@/mocks/random.ts";
import { PAGE_INBOX_APP_ID } from "../../server/messenger/meta-apps.ts";

/** Fixture builders: deterministic, contract-valid data for the mock backend, unit tests and previews. */

export { PAGE_INBOX_APP_ID };
export const BOT_APP_ID = "1001";
export const BATON_APP_ID = "2002";
const PAGE_ID = "100200300";

export const ana: Agent = { id: "agent-ana", name: "Ana Silva", role: "agent" };
export const agents: Agent[] = [
  ana,
  { id: "agent-ben", name: "Ben Okafor", role: "agent" },
  { id: "agent-chloe", name: "Chloé Dubois", role: "manager" },
  { id: "agent-dmitri", name: "Dmitri Volkov", role: "agent" },
];

const firstNames = [
  "Maya",
  "Liam",
  "Sofia",
  "Noah",
  "Aiko",
  "Mateo",
  "Zara",
  "Oliver",
  "Priya",
  "Lucas",
  "Amara",
  "Elena",
  "Kofi",
  "Ingrid",
  "Tomás",
  "Yuki",
  "Fatima",
  "Jonas",
  "Chen",
  "Isabela",
];
const lastNames = [
  "Nguyen",
  "Schmidt",
  "García",
  "Kowalski",
  "Haddad",
  "Johansson",
  "Okoye",
  "Rossi",
  "Tanaka",
  "Murphy",
  "Silva",
  "Dubois",
  "Patel",
  "Novak",
  "Larsen",
];
/** Awkward names on purpose: very long, right-to-left, emoji. */
const oddNames = [
  "Maximiliana Theodora Wolfeschlegelsteinhausenbergerdorff-Vanderbilt",
  "محمد عبد الرحمن",
  "נועה כהן",
  "🌸 Lily 🌸",
  "Jean-Baptiste Emmanuel Zorg de la Fontaine",
];

export function buildCustomer(overrides: Partial<Customer> = {}): Customer {
  return { psid: "psid-1", name: "Maya Nguyen", avatarUrl: null, ...overrides };
}

export function buildMessage(overrides: Partial<MessageItem> = {}): MessageItem {
  return {
    kind: "message",
    id: "m-1",
    mid: "mid.1",
    clientId: null,
    author: "customer",
    agent: null,
    appId: null,
    at: "2025-01-15T10:42:00.000Z",
    text: "Hello!",
    attachments: [],
    quickReplies: [],
    quickReplyPayload: null,
    postback: null,
    replyToMid: null,
    reactions: [],
    delivery: "delivered",
    error: null,
    tag: null,
    ...overrides,
  };
}

export function buildSystemItem(overrides: Partial<SystemItem> = {}): SystemItem {
  return {
    kind: "system",
    id: "s-1",
    at: "2025-01-15T10:43:00.000Z",
    event: "escalated",
    text: "Escalated to a human: the customer asked for a person.",
    agent: null,
    ...overrides,
  };
}

export function buildSummary(overrides: Partial<ConversationSummary> = {}): ConversationSummary {
  return {
    id: "c-1",
    pageId: PAGE_ID,
    customer: buildCustomer(),
    status: "open",
    owner: "baton",
    assignee: null,
    flags: [],
    lastMessage: {
      preview: "Can I talk to a human please?",
      author: "customer",
      at: "2025-01-15T10:42:00.000Z",
    },
    lastActivityAt: "2025-01-15T10:42:00.000Z",
    lastCustomerMessageAt: "2025-01-15T10:42:00.000Z",
    escalatedAt: "2025-01-15T10:42:00.000Z",
    escalationReason: "The customer asked for a person.",
    unreadCount: 1,
    window: { kind: "open", closesAt: "2025-01-16T10:42:00.000Z", reason: null },
    version: 1,
    ...overrides,
  };
}

/** A referral: by default the Spring Sale ad that opened the thread. */
export function buildReferral(overrides: Partial<Referral> = {}): Referral {
  return {
    source: "ADS",
    type: "OPEN_THREAD",
    ref: "spring-sale-25",
    adId: "120210000000000001",
    adTitle: "Spring Sale",
    at: "2025-01-15T10:30:00.000Z",
    ...overrides,
  };
}

/** The referrals the mock conversations came from: an ad, an m.me link with a ref, a QR code in a shop window. */
const referrals: Omit<Referral, "at">[] = [
  {
    source: "ADS",
    type: "OPEN_THREAD",
    ref: "spring-sale-25",
    adId: "120210000000000001",
    adTitle: "Spring Sale",
  },
  { source: "SHORTLINK", type: "OPEN_THREAD", ref: "summer-newsletter", adId: null, adTitle: null },
  { source: "MESSENGER_CODE", type: "OPEN_THREAD", ref: "store-window-berlin", adId: null, adTitle: null },
];

const referralAt = (n: number): Omit<Referral, "at"> =>
  referrals[n % referrals.length] ?? {
    source: "ADS",
    type: "OPEN_THREAD",
    ref: null,
    adId: null,
    adTitle: null,
  };

/** The system note Baton writes for a referral (the server words it the same way). */
function referralNote(r: Referral): string {
  const from =
    r.source === "ADS"
      ? r.adTitle
        ? `the ${r.adTitle} ad`
        : "an ad"
      : r.source === "SHORTLINK"
        ? "an m.me link"
        : r.source === "MESSENGER_CODE"
          ? "a QR code"
          : r.source.toLowerCase();
  return `Came from ${from}${r.ref ? ` (ref ${r.ref})` : ""}.`;
}

export function buildPolicyAlert(overrides: Partial<PolicyAlert> = {}): PolicyAlert {
  return {
    id: "alert-1",
    pageId: PAGE_ID,
    action: "block",
    reason:
      "The bot violated our Platform Policies (https://developers.facebook.com/devpolicy/#messengerplatform). Common violations include sending out excessive spammy messages or being non-functional.",
    at: "2025-01-15T09:12:00.000Z",
    acknowledgedBy: null,
    acknowledgedAt: null,
    ...overrides,
  };
}

/** Handoff buttons Baton learned from the shop bot's own messages (their payloads are handoff payloads). */
function buildLearnedHandoffButtons(now: Date = new Date()): LearnedHandoffButton[] {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
  return [
    {
      pageId: PAGE_ID,
      title: "🙋 Talk to a human",
      payload: "TALK_TO_HUMAN",
      source: "quick_reply",
      firstSeenAt: ago(28 * 24 * 60),
      lastSeenAt: ago(3),
    },
    {
      pageId: PAGE_ID,
      title: "Chat with an agent",
      payload: "LIVE_AGENT",
      source: "button_template",
      firstSeenAt: ago(6 * 24 * 60),
      lastSeenAt: ago(47),
    },
    {
      pageId: PAGE_ID,
      title: "Hablar con un agente",
      payload: "HUMAN_AGENT",
      source: "generic_template",
      firstSeenAt: ago(2 * 24 * 60),
      lastSeenAt: ago(26 * 60),
    },
    {
      pageId: PAGE_ID,
      title: "Customer service",
      payload: "HANDOFF",
      source: "persistent_menu",
      firstSeenAt: ago(40 * 24 * 60),
      lastSeenAt: ago(9 * 24 * 60),
    },
  ];
}

export function buildMessengerSettings(
  overrides: Partial<MessengerSettings> = {},
  now: Date = new Date(),
): MessengerSettings {
  return {
    learnedHandoffButtons: buildLearnedHandoffButtons(now),
    lastWebhookTestAt: new Date(now.getTime() - 2 * 86_400_000).toISOString(),
    lastWebhookTestField: "messages",
    handoffPayloads: ["HUMAN", "TALK_TO_HUMAN", "TALK_TO_AGENT", "HUMAN_AGENT", "LIVE_AGENT", "HANDOFF"],
    handoffPhrases: [
      "talk to a human",
      "talk to a person",
      "speak to an agent",
      "human",
      "agent",
      "real person",
      "customer service",
      "live agent",
    ],
    ...overrides,
  };
}

const customerLines = [
  "Hi! Where is my order #48213?",
  "It says delivered but I don't have it 😕",
  "Can I change the size to M?",
  "Do you ship to Canada?",
  "The zipper broke after two days.",
  "Thanks, that helps a lot!",
  "مرحبا، أين طلبي؟",
  "I was charged twice for the same order, can someone check?",
  "Supercalifragilisticexpialidocious-order-reference-AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
  "ok",
];
const agentLines = [
  "Hi! I'm looking into it right now.",
  "I can see your order left our warehouse yesterday. Here is the tracking link.",
  "I've issued a refund for the duplicate charge; it takes 3–5 business days.",
  "Sure, I've changed the size to M for you.",
  "Is there anything else I can help with?",
];

const quickReplies: QuickReplyOption[] = [
  { title: "Track my order", payload: "TRACK_ORDER", imageUrl: null },
  { title: "Returns", payload: "RETURNS", imageUrl: null },
  { title: "Talk to a human", payload: "HUMAN", imageUrl: null },
];

const img = (seed: number, w = 480, h = 320) => `https://picsum.photos/seed/baton${seed}/${w}/${h}`;

const carousel: Attachment = {
  type: "template",
  templateType: "generic",
  text: null,
  elements: [
    {
      title: "Linen shirt — Sand",
      subtitle: "€49 · In stock",
      imageUrl: img(1),
      buttons: [
        { type: "postback", title: "Buy now", payload: "BUY_1", url: null },
        { type: "web_url", title: "View", payload: null, url: "https://shop.example/p/1" },
      ],
    },
    {
      title: "Chino shorts — Navy",
      subtitle: "€39 · Only 2 left",
      imageUrl: img(2),
      buttons: [{ type: "postback", title: "Buy now", payload: "BUY_2", url: null }],
    },
    { title: "Canvas tote", subtitle: null, imageUrl: null, buttons: [] },
  ],
  buttons: [],
};

/**
 * A scripted conversation that contains every kind the transcript must render: where the customer came from (a
 * referral), a story reply and a story mention, an opt-in, quick replies and the tapped chip, postbacks, cards and
 * carousels, button templates, image, sticker, video, audio, file, fallback, location, reactions, the handoff, a bot
 * reply after the handoff, agent, Page Inbox and page messages, a failed send, an edited and an unsent message, and
 * the customer's feedback. `referral` (default: the Spring Sale ad) is the conversation's; null leaves the note out.
 */
export function buildShowcaseTimeline(
  start: Date,
  agent: Agent = ana,
  referral: Referral | null = buildReferral({ at: start.toISOString() }),
): { items: TimelineItem[]; handoffItemId: string } {
  let t = start.getTime();
  let n = 0;
  const at = () => new Date((t += 47_000)).toISOString();
  const id = (p: string) => `${p}-${++n}`;
  const m = (o: Partial<MessageItem>): MessageItem =>
    buildMessage({ id: id("m"), mid: `mid.${n}`, at: at(), text: null, ...o });
  const s = (o: Partial<SystemItem>): SystemItem => buildSystemItem({ id: id("s"), at: at(), ...o });
  // Messenger signals, with ids of their own ("sig-…") so the numbered ids of the items below stay put.
  let k = 0;
  const sig = <T extends TimelineItem>(item: T): T => ({
    ...item,
    id: `sig-${++k}`,
    at: at(),
    ...(item.kind === "message" ? { mid: `mid.sig.${k}` } : {}),
  });
  const story = "https://scontent.example/stories/lumen-spring-lamp.jpg";
  const items: TimelineItem[] = [
    ...(referral ? [sig(buildSystemItem({ event: "referral", text: referralNote(referral) }))] : []),
    sig(
      buildMessage({
        author: "customer",
        text: "Is this lamp still available in walnut?",
        storyReply: { url: story, id: "story-9001" },
      }),
    ),
    sig(
      buildMessage({
        author: "customer",
        text: null,
        attachments: [{ type: "story_mention", url: "https://scontent.example/stories/maya-unboxing.mp4" }],
      }),
    ),
    sig(
      buildSystemItem({
        event: "opt_in",
        text: "Opted in to messages with the checkbox on the checkout page (ref checkout).",
      }),
    ),
    m({ author: "customer", text: "Hi there 👋" }),
    m({ author: "bot", appId: BOT_APP_ID, text: "Hi! I'm ShopBot. What can I help you with?", quickReplies }),
    m({ author: "customer", text: "Track my order", quickReplyPayload: "TRACK_ORDER" }),
    m({
      author: "bot",
      appId: BOT_APP_ID,
      text: "Here are some picks you might like while you wait:",
      attachments: [carousel],
    }),
    m({
      author: "bot",
      appId: BOT_APP_ID,
      attachments: [
        {
          type: "template",
          templateType: "button",
          text: "Your order #48213 is on its way. What next?",
          elements: [],
          buttons: [
            { type: "postback", title: "Change address", payload: "CHANGE_ADDRESS", url: null },
            { type: "postback", title: "Talk to a human", payload: "HUMAN", url: null },
          ],
        },
      ],
    }),
    m({ author: "customer", postback: { title: "Change address", payload: "CHANGE_ADDRESS" }, text: null }),
    m({
      author: "bot",
      appId: BOT_APP_ID,
      attachments: [
        {
          type: "template",
          templateType: "generic",
          text: null,
          elements: [
            {
              title: "Update your address",
              subtitle: "Opens our secure form",
              imageUrl: img(7),
              buttons: [
                { type: "web_url", title: "Open form", payload: null, url: "https://shop.example/address" },
              ],
            },
          ],
          buttons: [],
        },
      ],
    }),
    m({
      author: "customer",
      attachments: [{ type: "image", url: img(3, 400, 600), stickerId: null }],
      text: "This is the parcel label",
    }),
    m({ author: "customer", attachments: [{ type: "image", url: null, stickerId: 369239263222822 }] }),
    m({ author: "customer", attachments: [{ type: "video", url: "https://cdn.example/unboxing.mp4" }] }),
    m({ author: "customer", attachments: [{ type: "audio", url: "https://cdn.example/voice-note.mp4" }] }),
    m({
      author: "customer",
      attachments: [
        { type: "file", url: "https://cdn.example/invoice-48213.pdf", name: "invoice-48213.pdf" },
      ],
    }),
    m({
      author: "customer",
      attachments: [{ type: "fallback", url: "https://shop.example/p/1", title: "Linen shirt — Sand" }],
    }),
    m({
      author: "customer",
      attachments: [
        { type: "location", title: "Rua Augusta 100, Lisboa", url: "https://maps.example/?q=38.71,-9.14" },
      ],
    }),
    m({
      author: "bot",
      appId: BOT_APP_ID,
      text: "Did that answer your question?",
      quickReplies: [
        { title: "Yes", payload: "YES", imageUrl: null },
        { title: "Talk to a human", payload: "HUMAN", imageUrl: null },
      ],
    }),
  ];
  const handoff = m({ author: "customer", text: "Talk to a human", quickReplyPayload: "HUMAN" });
  const escalated = s({ event: "escalated", text: "Escalated: the customer tapped “Talk to a human”." });
  items.push(
    handoff,
    escalated,
    m({ author: "bot", appId: BOT_APP_ID, text: "Okay! Someone will be with you shortly." }),
    s({
      event: "bot_replied_after_handoff",
      text: "The bot replied after the customer asked for a human. The conversation stays with a human.",
    }),
    s({ event: "control_passed", text: "The bot passed thread control to Baton." }),
    s({ event: "assigned", text: `Assigned to ${agent.name}.`, agent }),
    m({
      author: "agent",
      agent,
      appId: BATON_APP_ID,
      text: "Hi! I'm looking into it right now.",
      delivery: "read",
      reactions: [{ emoji: "❤️", reaction: "love" }],
    }),
    m({ author: "customer", text: "يرجى التحقق من عنوان الشحن الخاص بي، شكرا لك" }),
    m({
      author: "page_inbox",
      appId: PAGE_INBOX_APP_ID,
      text: "Hi, this is Jo from the shop team replying from Page Inbox.",
    }),
    m({ author: "page", appId: null, text: "Sent from the Pages app on a phone." }),
    s({ event: "control_taken", text: "Baton took thread control back from Page Inbox.", agent }),
    m({
      author: "agent",
      agent,
      appId: BATON_APP_ID,
      text: "Your new address is saved.",
      delivery: "failed",
      error: "The customer cannot be reached right now (Graph error 551).",
    }),
    m({
      author: "agent",
      agent,
      appId: BATON_APP_ID,
      text: "I can see your order left our warehouse yesterday. Here is the tracking link.",
      delivery: "delivered",
      tag: "HUMAN_AGENT",
    }),
    sig(
      buildMessage({
        author: "customer",
        text: "It's order #48213, not #48231 sorry!",
        edited: { at: new Date(t + 60_000).toISOString(), originalText: "It's order #48231", count: 1 },
      }),
    ),
    sig(buildMessage({ author: "customer", text: "ugh this shop is useless", deleted: true })),
    sig(
      buildSystemItem({
        event: "feedback",
        text: "Feedback: satisfaction 4 of 5 · “Quick and friendly, thanks!”",
      }),
    ),
    m({
      author: "customer",
      text: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA thank you!!",
    }),
  );
  return { items, handoffItemId: escalated.id };
}

/** Filler chat between a customer and an agent, for long threads. */
export function buildChatter(
  count: number,
  start: Date,
  rng: Rng,
  agent: Agent = ana,
  idPrefix = "x",
): TimelineItem[] {
  const items: TimelineItem[] = [];
  let t = start.getTime();
  for (let i = 0; i < count; i++) {
    t += rng.int(5, 600) * 1000;
    const fromCustomer = rng.chance(0.55);
    items.push(
      buildMessage({
        id: `${idPrefix}-${i}`,
        mid: `mid.${idPrefix}.${i}`,
        at: new Date(t).toISOString(),
        author: fromCustomer ? "customer" : "agent",
        agent: fromCustomer ? null : agent,
        appId: fromCustomer ? null : BATON_APP_ID,
        text: `${fromCustomer ? rng.pick(customerLines) : rng.pick(agentLines)}${rng.chance(0.2) ? " (" + i + ")" : ""}`,
        delivery: fromCustomer ? "delivered" : "read",
      }),
    );
  }
  return items;
}

export interface GeneratedConversation {
  summary: ConversationSummary;
  /** Items are built on first open, so 50,000 conversations cost nothing until read. */
  timelineLength: number;
}

const previews: { text: string; author: AuthorKind }[] = [
  { text: "Talk to a human", author: "customer" },
  { text: "Where is my order?", author: "customer" },
  { text: "Thanks for your message! We'll get back to you soon.", author: "bot" },
  { text: "Your order has shipped 📦", author: "bot" },
  { text: "I've issued a refund for the duplicate charge.", author: "agent" },
  { text: "Hi, this is Jo from the shop team.", author: "page_inbox" },
  { text: "مرحبا، أين طلبي؟", author: "customer" },
  { text: "📷 Photo", author: "customer" },
  {
    text: "Thisisaverylongunbrokenpreviewwithoutanyspacesatallthatmustnotbreakthelayoutofthelistrowever",
    author: "customer",
  },
];

/** Builds `count` conversation summaries covering every status, owner, flag and window state. */
export function buildConversations(
  count: number,
  options: { seed?: number; now?: Date; humanAgentTagEnabled?: boolean } = {},
): GeneratedConversation[] {
  const rng = createRng(options.seed ?? 42);
  const now = options.now ?? new Date();
  const policy = { humanAgentTagEnabled: options.humanAgentTagEnabled ?? true };
  const out: GeneratedConversation[] = [];
  let t = now.getTime();
  for (let i = 0; i < count; i++) {
    t -= rng.int(20, 3600) * 1000 * (i < 40 ? 1 : 3);
    const status =
      i < 6
        ? "open"
        : rng.pick(["open", "open", "pending", "bot_resolved", "bot_resolved", "resolved", "bot"] as const);
    const name =
      i % 37 === 5
        ? (oddNames[((i / 37) | 0) % oddNames.length] ?? "Maya")
        : `${rng.pick(firstNames)} ${rng.pick(lastNames)}`;
    // Some customers wrote long ago, so every window state appears; a few are about to close.
    const ageChoice = rng.next();
    const lastCustomer =
      i === 2
        ? new Date(now.getTime() - (23 * 60 + 20) * 60_000)
        : i === 3
          ? new Date(now.getTime() - 3 * 86_400_000)
          : i === 4
            ? new Date(now.getTime() - 9 * 86_400_000)
            : new Date(ageChoice < 0.85 ? t : t - rng.int(1, 10) * 86_400_000);
    const lastActivityAt = new Date(Math.max(t, lastCustomer.getTime())).toISOString();
    const preview = rng.pick(previews);
    const flags: ConversationSummary["flags"] = [];
    if (status === "bot_resolved" && rng.chance(0.25)) flags.push("autoresponder_suspected");
    if ((status === "open" || status === "pending") && rng.chance(0.1))
      flags.push("bot_replied_after_handoff");
    const owner =
      status === "bot" || status === "bot_resolved"
        ? rng.chance(0.85)
          ? "bot"
          : "idle"
        : rng.pick(["baton", "baton", "baton", "page_inbox", "bot", "idle"] as const);
    const assignee =
      status === "open" || status === "pending" || status === "resolved"
        ? rng.chance(0.5)
          ? rng.pick(agents)
          : null
        : null;
    const escalated = status === "open" || status === "pending" || status === "resolved";
    out.push({
      summary: {
        id: `c-${i + 1}`,
        pageId: PAGE_ID,
        customer: {
          psid: `psid-${i + 1}`,
          name,
          avatarUrl: i % 9 === 0 ? `https://i.pravatar.cc/96?u=${i}` : null,
        },
        status,
        owner,
        assignee,
        flags,
        lastMessage: { preview: preview.text, author: preview.author, at: lastActivityAt },
        lastActivityAt,
        lastCustomerMessageAt: lastCustomer.toISOString(),
        escalatedAt: escalated ? lastActivityAt : null,
        escalationReason: escalated
          ? rng.pick([
              "The customer tapped “Talk to a human”.",
              "The bot did not answer within 60 seconds.",
              "The bot passed the thread to Baton.",
            ])
          : null,
        unreadCount: status === "open" && rng.chance(0.5) ? rng.int(1, 4) : 0,
        // Every third conversation came from an ad, an m.me link or a QR code (no draw from rng: the rest stays as it was).
        referral:
          i % 3 === 0
            ? { ...referralAt(i / 3), at: new Date(Date.parse(lastActivityAt) - 2 * 3_600_000).toISOString() }
            : null,
        window: messagingWindowAt(lastCustomer, now, policy),
        version: 1,
      },
      timelineLength: i === 0 ? 5000 : i % 11 === 0 ? 400 : rng.int(0, 30),
    });
  }
  return out;
}
