import { z } from "zod/mini";
import { botFlow } from "./review.ts";

/**
 * The managers' Insights page (issue 10): how well the bot and the team do over a date range. Every figure is computed
 * by SQL over the real tables; the browser only draws it. `insightDefinitions` says what each figure means.
 */

export const insightsRangePreset = z.enum(["today", "7d", "28d", "90d", "custom"]);
export type InsightsRangePreset = z.infer<typeof insightsRangePreset>;

const DAY_MS = 86_400_000;
/** A day on the calendar: 2026-02-30 has the shape but is no day. */
const isCalendarDay = (day: string) => {
  const t = Date.parse(`${day}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === day;
};
const isoDay = z
  .string()
  .check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-25."),
    z.refine(isCalendarDay, "That day is not on the calendar."),
  );

/** The longest range the page asks for: a year and a bit, so a custom range can compare two seasons. */
const MAX_INSIGHTS_DAYS = 400;

/** GET /api/insights?from=YYYY-MM-DD&to=YYYY-MM-DD (inclusive days, in the shop's time zone: UTC for now). */
export const insightsQuery = z.object({ from: isoDay, to: isoDay }).check(
  z.refine((q) => q.from <= q.to, { message: "The range must not end before it starts.", path: ["to"] }),
  z.refine((q) => Date.parse(q.to) - Date.parse(q.from) < MAX_INSIGHTS_DAYS * DAY_MS, {
    message: `A range spans at most ${MAX_INSIGHTS_DAYS} days.`,
    path: ["from"],
  }),
);
export type InsightsQuery = z.infer<typeof insightsQuery>;

/**
 * Each cohort conversation falls in exactly one class (so the rates never add up to more than 100%):
 * - confirmed / assumed: the bot's last resolution stands, confirmed by the customer or assumed from their silence;
 * - awaiting: the bot answered and the quiet time has not passed yet;
 * - handed_off: a human was asked for or needed (whatever happened after);
 * - unresolved: the bot is still on it, or its resolution was reopened and not resolved again.
 */
export const outcomeClass = z.enum(["confirmed", "assumed", "awaiting", "handed_off", "unresolved"]);
export type OutcomeClass = z.infer<typeof outcomeClass>;

export const handoffReason = z.enum(["chip", "typed_phrase", "postback", "no_bot_answer", "passed", "other"]);
export type HandoffReason = z.infer<typeof handoffReason>;

const count = z.number().check(z.int(), z.nonnegative());
const rate = z.number().check(z.gte(0), z.lte(1));
const ms = z.nullable(z.number().check(z.nonnegative()));

export const insightsResponse = z.object({
  range: z.object({ from: isoDay, to: isoDay, days: z.number().check(z.int(), z.positive()) }),
  /** Conversations in the range where the bot spoke; broadcasts no customer answered are excluded. */
  cohort: z.object({ conversations: count, excludedBroadcasts: count }),
  outcomes: z.array(z.object({ outcome: outcomeClass, conversations: count, rate })),
  /** Reported bot resolution rate (confirmed + assumed over the cohort). */
  reportedResolutionRate: rate,
  handoffRate: rate,
  handoffsByReason: z.array(z.object({ reason: handoffReason, conversations: count })),
  /** Per day: the bot replied after a handoff; an autoresponder was suspected. */
  misbehaviourByDay: z.array(
    z.object({ day: isoDay, repliedAfterHandoff: count, autoresponderSuspected: count }),
  ),
  durability: z.object({
    resolutions: count,
    reopenedWithin7Days: count,
    reopenRate: rate,
    durableResolutionRate: rate,
  }),
  /** Measured on the random daily sample only. */
  falseResolution: z.object({
    sampled: count,
    reviewed: count,
    falseResolutions: count,
    rate: z.nullable(rate),
    /** Wilson 95% interval. */
    low: z.nullable(rate),
    high: z.nullable(rate),
  }),
  /** Reported and verified (reported x (1 - false-resolution rate)) resolution rate per day. */
  resolutionRateByDay: z.array(
    z.object({ day: isoDay, conversations: count, reported: z.nullable(rate), verified: z.nullable(rate) }),
  ),
  verifiedResolutionRate: z.nullable(rate),
  timeToHandoff: z.object({ medianMs: ms, p90Ms: ms }),
  humanFirstResponse: z.object({
    medianMs: ms,
    p90Ms: ms,
    handoffs: count,
    within24h: count,
    withinHumanAgentWindow: count,
    never: count,
  }),
  /** Customer messages by day of week (0 = Monday) and hour (0-23, UTC). */
  volumeByHour: z.array(
    z.object({
      weekday: z.number().check(z.int(), z.gte(0), z.lte(6)),
      hour: z.number().check(z.int(), z.gte(0), z.lte(23)),
      messages: count,
    }),
  ),
  byFlow: z.array(z.object({ flow: botFlow, conversations: count, botResolved: count, handedOff: count })),
  byAgent: z.array(
    z.object({
      agentId: z.string(),
      name: z.string(),
      handled: count,
      medianFirstResponseMs: ms,
    }),
  ),
});
export type InsightsResponse = z.infer<typeof insightsResponse>;

export interface InsightDefinition {
  title: string;
  definition: string;
}

/** What each figure means, shown one click away from it. */
export const insightDefinitions = {
  cohort: {
    title: "Cohort",
    definition:
      "Conversations where the bot sent at least one message, each counted once, on the day of its last activity, when that day is in the range. Proactive broadcasts and reminders that no customer answered are left out.",
  },
  outcomes: {
    title: "Outcomes",
    definition:
      "Each conversation in the cohort counts once, in the first class that applies: handed off (a human was asked for or needed), confirmed (the customer said or tapped that the bot helped), assumed (the customer stopped writing for the quiet time after the bot's last answer), awaiting (the quiet time has not passed) or unresolved.",
  },
  reportedResolutionRate: {
    title: "Reported bot resolution rate",
    definition: "Confirmed and assumed bot resolutions over the cohort.",
  },
  handoffRate: { title: "Handoff rate", definition: "Conversations handed off to a human over the cohort." },
  handoffsByReason: {
    title: "Handoffs by reason",
    definition:
      'Why each handoff happened: a handoff chip or button tapped, a phrase typed ("talk to a human"), a postback the bot sent, the bot not answering in time, or the bot passing thread control.',
  },
  misbehaviour: {
    title: "Bot misbehaviour",
    definition:
      "Per day, conversations where the bot replied after a handoff was requested, and where its answers looked like an autoresponder.",
  },
  durability: {
    title: "Reopen and durable resolution rates",
    definition:
      "A bot resolution is reopened when the customer writes again within 7 days. Reopen rate: resolutions in the range reopened within 7 days, over the resolutions in the range. Durable resolution rate: cohort conversations with a bot resolution in the range that was not reopened, over the cohort.",
  },
  falseResolution: {
    title: "False-resolution rate",
    definition:
      "On the random daily review sample only: verdicts of false resolution or should have escalated, over the sample's reviewed resolutions, with a Wilson 95% interval.",
  },
  verifiedResolutionRate: {
    title: "Verified resolution rate",
    definition:
      "The reported bot resolution rate × (1 − the false-resolution rate measured on the random sample).",
  },
  timeToHandoff: {
    title: "Time to handoff",
    definition:
      "From the conversation's first customer message to the handoff (median and 90th percentile, read from a histogram whose buckets are 10% wide: within 5% of the exact value).",
  },
  humanFirstResponse: {
    title: "Human first response",
    definition:
      "From the handoff to the first reply by a person (median and 90th percentile), and how many handoffs were answered within 24 hours, after 24 hours but within the 7-day HUMAN_AGENT window, or not within it (never): each handoff counts once.",
  },
  volumeByHour: {
    title: "Volume by hour of the week",
    definition: "Customer messages in the range by weekday and hour (UTC).",
  },
  byFlow: { title: "By flow", definition: "Cohort conversations by the bot flow they ran through." },
  byAgent: {
    title: "By agent",
    definition:
      "Cohort conversations each agent replied to, and the median of their first responses after a handoff.",
  },
} satisfies Record<string, InsightDefinition>;
export type InsightKey = keyof typeof insightDefinitions;

/** Wilson score interval (95%) for k successes in n trials; null when n is 0. Pure, shared by the server and tests. */
export function wilsonInterval(k: number, n: number, z95 = 1.959964): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z95 * z95;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
