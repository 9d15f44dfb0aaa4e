import type { ConversationSummary } from "@contract/conversation.ts";
import { messagingWindowAt, type WindowPolicy } from "@contract/messaging-window.ts";
import type {
  BotFlow,
  KnowledgeGap,
  KnowledgeGapsResponse,
  QueueSource,
  ReviewItem,
  ReviewProgress,
  Verdict,
} from "@contract/review.ts";
import type { TimelineItem } from "@contract/timeline.ts";
import { BOT_APP_ID, buildCustomer, buildMessage, buildSummary } from "@/mocks/fixtures.ts";
import { createRng } from "@/mocks/random.ts";

/**
 * The managers' review queue for the mock backend, stories and unit tests (issue 10): bot-closed conversations with
 * their transcripts, why each is in the queue, and the knowledge gaps earlier verdicts found. Seeded, and relative to
 * the `now` passed in, so the same seed gives the same queue on every run.
 */

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The demo manager who reviews (src/mocks/auth-fixtures.ts). */
export const REVIEWER = { id: "agent-chloe", name: "Chloé Dubois" };

/** What the bot and the customer said: the customer's last line is the one the reviewer judges the answer against. */
interface Script {
  flow: BotFlow;
  lines: { author: "bot" | "customer"; text: string }[];
}

const scripts: Script[] = [
  {
    flow: "shipping",
    lines: [
      { author: "customer", text: "Where is my order #4411? It said 2 days." },
      { author: "bot", text: "Your order is on its way! Track it at demo-shop.example/track/4411 📦" },
      { author: "customer", text: "The tracking hasn't moved since Monday, is it lost?" },
      { author: "bot", text: "Glad I could help! Anything else?" },
    ],
  },
  {
    flow: "welcome",
    lines: [
      { author: "bot", text: "Hi! 👋 How can we help today?" },
      { author: "customer", text: "Do you ship to Norway?" },
      { author: "bot", text: "Thanks for your message! We'll get back to you as soon as possible." },
    ],
  },
  {
    flow: "abandoned_cart",
    lines: [
      { author: "bot", text: "You left something in your cart! Use CART10 for 10% off today." },
      { author: "customer", text: "Does the code work on sale items?" },
      { author: "bot", text: "Our Spring Sale is on now 🎉 Shop the collection!" },
    ],
  },
  {
    flow: "review",
    lines: [
      { author: "bot", text: "How did you like your linen shirt? Tap 1-5 ⭐" },
      { author: "customer", text: "2. It shrank after one wash. Can I return it?" },
      { author: "bot", text: "Thanks for your feedback! 💛" },
    ],
  },
  {
    flow: "broadcast",
    lines: [
      { author: "bot", text: "Spring Sale: 30% off everything until Sunday 🌷" },
      { author: "customer", text: "👍" },
      { author: "bot", text: "Happy shopping!" },
    ],
  },
  {
    flow: "shipping",
    lines: [
      { author: "customer", text: "Can I change the delivery address for order #5120?" },
      { author: "bot", text: "Sure! Reply with the new address and we'll update it." },
      { author: "customer", text: "12 Harbour Street, Bristol BS1 4RN" },
      { author: "bot", text: "Done ✅ Your order will go to 12 Harbour Street." },
    ],
  },
  {
    flow: "other",
    lines: [
      { author: "customer", text: "Are your candles vegan?" },
      { author: "bot", text: "Sorry, I didn't get that. Try: order status, returns, sizes." },
      { author: "customer", text: "Are the candles vegan???" },
      { author: "bot", text: "Sorry, I didn't get that. Try: order status, returns, sizes." },
    ],
  },
  {
    flow: "abandoned_cart",
    lines: [
      { author: "bot", text: "Still thinking about the wool scarf? It's almost sold out." },
      { author: "customer", text: "Which colours are left?" },
      { author: "bot", text: "Grey and navy are in stock. Here's the link: demo-shop.example/scarf" },
      { author: "customer", text: "Perfect, thanks!" },
    ],
  },
];

const names = [
  "Maya Nguyen",
  "Liam Schmidt",
  "Sofia García",
  "Noah Kowalski",
  "Aiko Tanaka",
  "Mateo Rossi",
  "Zara Okoye",
  "Priya Patel",
  "Jonas Larsen",
  "Elena Novak",
];

/** How long ago each kind of case heard from the customer, so the queue covers every reply window. */
export type CustomerRecency = "hours" | "days" | "too_late";
const recencyMs: Record<CustomerRecency, number> = { hours: 5 * HOUR, days: 3 * DAY, too_late: 9 * DAY };

export interface ReviewCase {
  item: ReviewItem;
  /** The conversation's transcript, for a mock database that serves it. */
  timeline: TimelineItem[];
}

export interface ReviewCaseOptions {
  id?: string;
  source?: QueueSource;
  script?: number;
  recency?: CustomerRecency;
  /** Exactly when the customer last wrote (overrides `recency`). */
  lastCustomerMessageAt?: string;
  verdicts?: Verdict[];
  customerName?: string;
  now?: Date;
  policy?: WindowPolicy;
}

/** One queue item and its transcript: a bot-closed conversation whose last customer line the bot answered. */
export function buildReviewCase(options: ReviewCaseOptions = {}): ReviewCase {
  const now = options.now ?? new Date();
  const id = options.id ?? "rev-1";
  const script = scripts[(options.script ?? 0) % scripts.length] ?? scripts[0];
  if (!script) throw new Error("no review scripts");
  const source = options.source ?? "flagged";
  const lastCustomer = options.lastCustomerMessageAt
    ? new Date(options.lastCustomerMessageAt)
    : new Date(now.getTime() - recencyMs[options.recency ?? "hours"]);
  // The lines lead up to the customer's last message, a minute apart; the bot answers after it.
  const lastCustomerIndex = script.lines.map((l) => l.author).lastIndexOf("customer");
  const at = (i: number) => new Date(lastCustomer.getTime() + (i - lastCustomerIndex) * 60_000).toISOString();
  const conversationId = `c-${id}`;
  const timeline: TimelineItem[] = script.lines.map((line, i) =>
    buildMessage({
      id: `${conversationId}-m${i}`,
      mid: `mid.${conversationId}.${i}`,
      author: line.author,
      appId: line.author === "bot" ? BOT_APP_ID : null,
      at: at(i),
      text: line.text,
    }),
  );
  const last = script.lines[script.lines.length - 1];
  const lastAt = at(script.lines.length - 1);
  const lastCustomerText = script.lines[lastCustomerIndex]?.text ?? null;
  const reopened = source === "reopened";
  const window = messagingWindowAt(lastCustomer, now, options.policy ?? { humanAgentTagEnabled: true });
  const conversation: ConversationSummary = buildSummary({
    id: conversationId,
    customer: buildCustomer({ psid: `psid-${id}`, name: options.customerName ?? "Maya Nguyen" }),
    status: "bot_resolved",
    owner: "bot",
    assignee: null,
    flags:
      source === "flagged"
        ? script.flow === "welcome"
          ? ["autoresponder_suspected"]
          : ["bot_replied_after_handoff"]
        : [],
    lastMessage: last ? { preview: last.text, author: last.author, at: lastAt } : null,
    lastActivityAt: lastAt,
    lastCustomerMessageAt: lastCustomer.toISOString(),
    escalatedAt: null,
    escalationReason: null,
    unreadCount: 0,
    window,
  });
  const item: ReviewItem = {
    resolution: {
      id,
      conversationId,
      flow: script.flow,
      kind: source === "assumed_question" ? "assumed" : source === "sample" ? "confirmed" : "assumed",
      resolvedAt: lastAt,
      confirmedAt: source === "sample" ? lastAt : null,
      reopenedAt: reopened ? lastCustomer.toISOString() : null,
      lastCustomerText,
      lastCustomerAsked: lastCustomerText?.trim().endsWith("?") ?? false,
    },
    conversation,
    source,
    verdicts: options.verdicts ?? [],
  };
  return { item, timeline };
}

/** A verdict by the demo manager, `hoursAgo` before `now`. */
export function buildVerdict(overrides: Partial<Verdict> = {}, hoursAgo = 30, now = new Date()): Verdict {
  return {
    resolutionId: "rev-1",
    verdict: "correct",
    reason: null,
    note: null,
    reviewer: REVIEWER,
    at: new Date(now.getTime() - hoursAgo * HOUR).toISOString(),
    ...overrides,
  };
}

const sources: QueueSource[] = ["flagged", "assumed_question", "reopened", "sample"];
const recencies: CustomerRecency[] = ["hours", "days", "too_late"];

/**
 * A queue of `count` items, seeded: every source (a quarter of them the random sample), every flow, every reply
 * window; reopened ones carry the verdict they had before the customer wrote again.
 */
export function buildReviewCases(options: { seed?: number; count?: number; now?: Date } = {}): ReviewCase[] {
  const rng = createRng(options.seed ?? 10);
  const now = options.now ?? new Date();
  const count = options.count ?? 8;
  return Array.from({ length: count }, (_, i) => {
    const id = `rev-${String(i + 1).padStart(3, "0")}`;
    const source = sources[i % sources.length] ?? "flagged";
    return buildReviewCase({
      id,
      source,
      script: i,
      recency: recencies[i % recencies.length],
      customerName: names[rng.int(0, names.length - 1)],
      now,
      verdicts:
        source === "reopened"
          ? [buildVerdict({ resolutionId: id, verdict: "correct" }, 24 + rng.int(1, 48), now)]
          : [],
    });
  });
}

export function buildReviewProgress(overrides: Partial<ReviewProgress> = {}): ReviewProgress {
  return { reviewedToday: 7, reviewedThisWeek: 41, dailyGoal: 20, weeklyGoal: 100, ...overrides };
}

const gapQuestions: {
  flow: BotFlow;
  question: string;
  reason: KnowledgeGap["reason"];
  note: string | null;
}[] = [
  { flow: "shipping", question: "Do you ship to Norway?", reason: "missing_knowledge", note: "Add EU+ list" },
  {
    flow: "shipping",
    question: "The tracking hasn't moved since Monday, is it lost?",
    reason: "wrong_answer",
    note: null,
  },
  { flow: "shipping", question: "Can I pick up my order in store?", reason: "missing_knowledge", note: null },
  {
    flow: "abandoned_cart",
    question: "Does the code work on sale items?",
    reason: "wrong_answer",
    note: "Bot pushed the sale instead",
  },
  {
    flow: "review",
    question: "It shrank after one wash. Can I return it?",
    reason: "missing_knowledge",
    note: null,
  },
  {
    flow: "other",
    question: "Are your candles vegan?",
    reason: "missing_knowledge",
    note: "Ask product team",
  },
  { flow: "welcome", question: "Do you have gift cards?", reason: "missing_knowledge", note: null },
];

/** What "missing knowledge" and "wrong answer" verdicts found, grouped by flow (the order of the contract's flows). */
export function buildKnowledgeGaps(options: { seed?: number; now?: Date } = {}): KnowledgeGapsResponse {
  const rng = createRng(options.seed ?? 11);
  const now = options.now ?? new Date();
  const gaps: KnowledgeGap[] = gapQuestions.map((g, i) => ({
    resolutionId: `gap-${i + 1}`,
    conversationId: `c-gap-${i + 1}`,
    flow: g.flow,
    question: g.question,
    reason: g.reason,
    note: g.note,
    at: new Date(now.getTime() - rng.int(1, 72) * HOUR).toISOString(),
  }));
  return groupGaps(gaps);
}

const flowOrder: BotFlow[] = ["abandoned_cart", "shipping", "welcome", "review", "broadcast", "other"];

export function groupGaps(gaps: KnowledgeGap[]): KnowledgeGapsResponse {
  return {
    groups: flowOrder
      .map((flow) => ({
        flow,
        gaps: gaps.filter((g) => g.flow === flow).sort((a, b) => b.at.localeCompare(a.at)),
      }))
      .filter((g) => g.gaps.length > 0),
  };
}
