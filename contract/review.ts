import { z } from "zod/mini";
import { noNul } from "./auth.ts";
import { conversationSummary } from "./conversation.ts";

/**
 * Managers review what the bot resolved (issue 10). A bot resolution is **confirmed** when the customer says or taps
 * that it helped, **assumed** when the customer stopped writing for the configured quiet time after the bot's last
 * answer, and still **awaiting** before that; a customer who writes again within 7 days **reopens** it (it stops
 * counting as durable). Their verdicts correct the bot's reported resolution rate (contract/insights.ts).
 */

/** The bot's flow a conversation ran through, as Baton infers it from the bot's messages and payloads. */
export const botFlow = z.enum(["abandoned_cart", "shipping", "welcome", "review", "broadcast", "other"]);
export type BotFlow = z.infer<typeof botFlow>;

export const resolutionKind = z.enum(["awaiting", "confirmed", "assumed"]);
export type ResolutionKind = z.infer<typeof resolutionKind>;

/** A customer who writes again within this long after a bot resolution reopens it. */
export const REOPEN_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

export const botResolution = z.object({
  id: z.string(),
  conversationId: z.string(),
  flow: botFlow,
  kind: resolutionKind,
  /** When the bot's answer resolved the conversation (ISO). */
  resolvedAt: z.string(),
  /** When the customer confirmed it, if they did. */
  confirmedAt: z.nullable(z.string()),
  /** When the customer wrote again within 7 days, if they did. */
  reopenedAt: z.nullable(z.string()),
  /** The customer's last message before the resolution, which a reviewer judges the answer against. */
  lastCustomerText: z.nullable(z.string()),
  /** That message reads as a question (ends with "?" or starts like one). */
  lastCustomerAsked: z.boolean(),
});
export type BotResolution = z.infer<typeof botResolution>;

export const verdictKind = z.enum([
  "correct", // correctly resolved
  "false_resolution", // the bot claimed it, the customer was not helped
  "should_have_escalated", // the bot should have handed over
  "abandoned", // cannot tell: the customer left
  "not_a_request", // nothing to resolve (a reaction, a greeting, spam)
]);
export type VerdictKind = z.infer<typeof verdictKind>;

export const verdictReason = z.enum([
  "wrong_answer",
  "missing_knowledge",
  "wrong_order_data",
  "closed_mid_thread",
  "looping",
  "failed_handoff",
  "autoresponder",
  "tone",
]);
export type VerdictReason = z.infer<typeof verdictReason>;

/** Why a resolution is in the queue. The random sample is kept apart: only it measures the false-resolution rate. */
export const queueSource = z.enum(["flagged", "assumed_question", "reopened", "sample"]);
export type QueueSource = z.infer<typeof queueSource>;

export const verdict = z.object({
  resolutionId: z.string(),
  verdict: verdictKind,
  reason: z.nullable(verdictReason),
  note: z.nullable(z.string()),
  reviewer: z.object({ id: z.string(), name: z.string() }),
  at: z.string(),
});
export type Verdict = z.infer<typeof verdict>;

export const reviewItem = z.object({
  resolution: botResolution,
  conversation: conversationSummary,
  source: queueSource,
  /** The current verdict and the earlier ones it replaced, newest first; empty until reviewed. */
  verdicts: z.array(verdict),
});
export type ReviewItem = z.infer<typeof reviewItem>;

export const reviewProgress = z.object({
  reviewedToday: z.number().check(z.int(), z.nonnegative()),
  reviewedThisWeek: z.number().check(z.int(), z.nonnegative()),
  dailyGoal: z.number().check(z.int(), z.nonnegative()),
  weeklyGoal: z.number().check(z.int(), z.nonnegative()),
});
export type ReviewProgress = z.infer<typeof reviewProgress>;

/** GET /api/review/queue: what is left to review (never a resolution already reviewed), oldest first. */
export const reviewQueueResponse = z.object({
  items: z.array(reviewItem),
  progress: reviewProgress,
});
export type ReviewQueueResponse = z.infer<typeof reviewQueueResponse>;

const note = z.pipe(
  z.string().check(z.trim(), z.maxLength(2000), z.refine(noNul, "Must not contain a NUL character.")),
  z.transform((s: string) => (s === "" ? null : s)),
);

/** POST /api/review/verdicts. "False resolution" and "should have escalated" may reopen and assign in one step. */
export const verdictBody = z.object({
  resolutionId: z.string().check(z.minLength(1), z.maxLength(600)),
  verdict: verdictKind,
  reason: z._default(z.nullable(verdictReason), null),
  note: z._default(z.nullable(note), null),
  /** Reopen the conversation for a human and assign it (null: to nobody) in the same step. */
  reopen: z.optional(z.object({ assigneeId: z.nullable(z.string()) })),
});
export type VerdictBody = z.input<typeof verdictBody>;

export const verdictResult = z.object({
  item: reviewItem,
  progress: reviewProgress,
});
export type VerdictResult = z.infer<typeof verdictResult>;

/** PUT /api/review/goal: the reviewing goal a manager sets for the team. */
export const reviewGoalBody = z.object({
  dailyGoal: z.number().check(z.int(), z.gte(0), z.lte(10000)),
  weeklyGoal: z.number().check(z.int(), z.gte(0), z.lte(70000)),
});

export const knowledgeGap = z.object({
  resolutionId: z.string(),
  conversationId: z.string(),
  flow: botFlow,
  question: z.string(),
  reason: z.enum(["wrong_answer", "missing_knowledge"]),
  note: z.nullable(z.string()),
  at: z.string(),
});
export type KnowledgeGap = z.infer<typeof knowledgeGap>;

/** GET /api/review/knowledge-gaps?format=csv answers the same gaps as text/csv (RFC 4180, spreadsheet-safe). */
export const knowledgeGapsQuery = z.strictObject({ format: z._default(z.enum(["json", "csv"]), "json") });

/** GET /api/review/knowledge-gaps (also as text/csv with ?format=csv), grouped by flow. */
export const knowledgeGapsResponse = z.object({
  groups: z.array(z.object({ flow: botFlow, gaps: z.array(knowledgeGap) })),
});
export type KnowledgeGapsResponse = z.infer<typeof knowledgeGapsResponse>;

export const flowLabels: Record<BotFlow, string> = {
  abandoned_cart: "Abandoned cart",
  shipping: "Shipping",
  welcome: "Welcome",
  review: "Product review",
  broadcast: "Broadcast",
  other: "Other",
};

export const verdictLabels: Record<VerdictKind, { label: string; key: string }> = {
  correct: { label: "Correctly resolved", key: "1" },
  false_resolution: { label: "False resolution", key: "2" },
  should_have_escalated: { label: "Should have escalated", key: "3" },
  abandoned: { label: "Abandoned (cannot tell)", key: "4" },
  not_a_request: { label: "Not a request", key: "5" },
};

export const reasonLabels: Record<VerdictReason, string> = {
  wrong_answer: "Wrong answer",
  missing_knowledge: "Missing knowledge",
  wrong_order_data: "Wrong order data",
  closed_mid_thread: "Closed mid-thread",
  looping: "Looping",
  failed_handoff: "Failed handoff",
  autoresponder: "Autoresponder",
  tone: "Tone",
};

/** Verdicts that offer to reopen and assign in the same step. */
export const REOPENING_VERDICTS: ReadonlySet<VerdictKind> = new Set([
  "false_resolution",
  "should_have_escalated",
]);
