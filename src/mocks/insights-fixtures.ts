import type { HandoffReason, InsightsQuery, InsightsResponse, OutcomeClass } from "@contract/insights.ts";
import { wilsonInterval } from "@contract/insights.ts";
import type { BotFlow } from "@contract/review.ts";
import { createRng, type Rng } from "@/mocks/random.ts";

/**
 * Insights answers for the mock API, stories and tests (GET /api/insights). Built from a seeded random, so the same
 * range gives the same figures on every run, and consistent the way the server's are: the outcome classes add up to
 * the cohort, handoffs by reason to the handed-off class, every rate is its counts' quotient.
 */

const DAY_MS = 86_400_000;

/** The inclusive days of a range, as YYYY-MM-DD (UTC). */
function daysOf(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
    days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** A seed from the range, so the same range always gets the same figures. */
function seedOf(query: InsightsQuery): number {
  let h = 2166136261;
  for (const ch of `${query.from}/${query.to}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return h >>> 0;
}

const ratio = (part: number, whole: number) => (whole > 0 ? Math.min(1, part / whole) : 0);

/** Splits `total` into integer parts proportional to `weights` (the last part takes the rounding). */
function split(total: number, weights: readonly number[], rng: Rng): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const parts = weights.map((w) => Math.floor((total * w * (0.85 + rng.next() * 0.3)) / sum));
  let used = parts.reduce((a, b) => a + b, 0);
  // Never more than the total: take back from the largest parts, then give the rest to the last one.
  for (let i = 0; used > total; i = (i + 1) % parts.length) {
    const part = parts[i] ?? 0;
    if (part > 0) {
      parts[i] = part - 1;
      used -= 1;
    }
  }
  parts[parts.length - 1] = (parts[parts.length - 1] ?? 0) + total - used;
  return parts;
}

const flows: readonly BotFlow[] = ["abandoned_cart", "shipping", "welcome", "review", "broadcast", "other"];
const reasons: readonly HandoffReason[] = [
  "chip",
  "typed_phrase",
  "postback",
  "no_bot_answer",
  "passed",
  "other",
];
const agents = [
  { agentId: "agent-ana", name: "Ana Silva" },
  { agentId: "agent-ben", name: "Ben Okafor" },
  { agentId: "agent-chloe", name: "Chloé Dubois" },
  { agentId: "agent-dmitri", name: "Dmitri Volkov" },
  { agentId: "agent-erin", name: "Erin Park" },
];
const MINUTE = 60_000;

export interface InsightsFixtureOptions {
  /** Conversations on an average weekday (default 40: a small shop). */
  perDay?: number;
  /** Another seed than the range's own. */
  seed?: number;
}

/** A consistent answer for a range: a shop whose bot resolves about half of what it sees. */
export function insightsFor(query: InsightsQuery, options: InsightsFixtureOptions = {}): InsightsResponse {
  const rng = createRng(options.seed ?? seedOf(query));
  const perDay = options.perDay ?? 40;
  const days = daysOf(query.from, query.to);
  const totals: Record<OutcomeClass, number> = {
    confirmed: 0,
    assumed: 0,
    awaiting: 0,
    handed_off: 0,
    unresolved: 0,
  };
  const resolutionRateByDay: InsightsResponse["resolutionRateByDay"] = [];
  const misbehaviourByDay: InsightsResponse["misbehaviourByDay"] = [];
  const dayOutcomes: { conversations: number; resolved: number }[] = [];

  days.forEach((day, index) => {
    const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
    const weekdayFactor = weekday >= 5 ? 0.6 : 1;
    const conversations = Math.round(perDay * weekdayFactor * (0.7 + rng.next() * 0.6));
    // Only the last day's resolutions can still be within the quiet time.
    const awaitingWeight = index === days.length - 1 ? 0.12 : 0;
    const [confirmed = 0, assumed = 0, awaiting = 0, handedOff = 0, unresolved = 0] = split(
      conversations,
      [0.22, 0.3, awaitingWeight, 0.3, 0.1],
      rng,
    );
    totals.confirmed += confirmed;
    totals.assumed += assumed;
    totals.awaiting += awaiting;
    totals.handed_off += handedOff;
    totals.unresolved += unresolved;
    dayOutcomes.push({ conversations, resolved: confirmed + assumed });
    misbehaviourByDay.push({
      day,
      repliedAfterHandoff: Math.round(handedOff * rng.next() * 0.12),
      autoresponderSuspected: Math.round(conversations * rng.next() * 0.03),
    });
  });

  const cohort = Object.values(totals).reduce((a, b) => a + b, 0);
  const resolutions = totals.confirmed + totals.assumed;
  const reopened = Math.round(resolutions * (0.05 + rng.next() * 0.06));
  const sampled = Math.round(resolutions * 0.06);
  const reviewed = Math.round(sampled * (0.7 + rng.next() * 0.3));
  const falseResolutions = Math.round(reviewed * (0.08 + rng.next() * 0.1));
  const falseRate = reviewed > 0 ? falseResolutions / reviewed : null;
  const interval = wilsonInterval(falseResolutions, reviewed);
  const reported = ratio(resolutions, cohort);
  const handoffs = totals.handed_off;

  days.forEach((day, i) => {
    const d = dayOutcomes[i];
    const dayReported = d && d.conversations > 0 ? ratio(d.resolved, d.conversations) : null;
    resolutionRateByDay.push({
      day,
      conversations: d?.conversations ?? 0,
      reported: dayReported,
      verified: dayReported === null || falseRate === null ? null : dayReported * (1 - falseRate),
    });
  });

  const handoffParts = split(handoffs, [0.35, 0.3, 0.1, 0.12, 0.08, 0.05], rng);
  const flowParts = split(cohort, [0.3, 0.28, 0.18, 0.1, 0.09, 0.05], rng);
  const within24h = Math.round(handoffs * (0.78 + rng.next() * 0.1));
  const never = Math.round(handoffs * rng.next() * 0.04);
  const withinHumanAgentWindow = Math.min(handoffs - never, within24h + Math.round(handoffs * 0.08));
  const agentParts = split(handoffs - never, [0.3, 0.25, 0.1, 0.2, 0.15], rng);

  // Customer messages by weekday and hour: busy afternoons on weekdays, quieter weekends.
  const volumeByHour: InsightsResponse["volumeByHour"] = [];
  if (cohort > 0) {
    const perHour = (cohort * 3.2) / (7 * 24);
    for (let weekday = 0; weekday < 7; weekday++)
      for (let hour = 0; hour < 24; hour++) {
        const daytime = Math.max(0.08, Math.sin(((hour - 6) / 18) * Math.PI));
        const weekend = weekday >= 5 ? 0.6 : 1;
        volumeByHour.push({
          weekday,
          hour,
          messages: Math.round(perHour * daytime * weekend * 1.9 * (0.75 + rng.next() * 0.5)),
        });
      }
  }

  return {
    range: { from: query.from, to: query.to, days: days.length },
    cohort: { conversations: cohort, excludedBroadcasts: Math.round(cohort * 0.06) },
    outcomes: (["confirmed", "assumed", "awaiting", "handed_off", "unresolved"] as const).map((outcome) => ({
      outcome,
      conversations: totals[outcome],
      rate: ratio(totals[outcome], cohort),
    })),
    reportedResolutionRate: reported,
    handoffRate: ratio(handoffs, cohort),
    handoffsByReason: reasons.map((reason, i) => ({ reason, conversations: handoffParts[i] ?? 0 })),
    misbehaviourByDay,
    durability: {
      resolutions,
      reopenedWithin7Days: reopened,
      reopenRate: ratio(reopened, resolutions),
      durableResolutionRate: ratio(resolutions - reopened, cohort),
    },
    falseResolution: {
      sampled,
      reviewed,
      falseResolutions,
      rate: falseRate,
      low: interval?.low ?? null,
      high: interval?.high ?? null,
    },
    resolutionRateByDay,
    verifiedResolutionRate: falseRate === null ? null : reported * (1 - falseRate),
    timeToHandoff:
      handoffs > 0
        ? { medianMs: (3 + rng.next() * 4) * MINUTE, p90Ms: (22 + rng.next() * 20) * MINUTE }
        : { medianMs: null, p90Ms: null },
    humanFirstResponse: {
      medianMs: handoffs > 0 ? (14 + rng.next() * 30) * MINUTE : null,
      p90Ms: handoffs > 0 ? (5 + rng.next() * 10) * 60 * MINUTE : null,
      handoffs,
      within24h,
      withinHumanAgentWindow,
      never,
    },
    volumeByHour,
    byFlow: flows.map((flow, i) => {
      const conversations = flowParts[i] ?? 0;
      const botResolved = Math.round(conversations * reported);
      return {
        flow,
        conversations,
        botResolved,
        handedOff: Math.min(conversations - botResolved, Math.round(conversations * ratio(handoffs, cohort))),
      };
    }),
    byAgent:
      handoffs > 0
        ? agents.map((agent, i) => ({
            ...agent,
            handled: agentParts[i] ?? 0,
            medianFirstResponseMs: (agentParts[i] ?? 0) > 0 ? (8 + rng.next() * 50) * MINUTE : null,
          }))
        : [],
  };
}

/** A range with nothing in it: no cohort, no reviews, every interval null. */
function emptyInsights(query: InsightsQuery): InsightsResponse {
  return { ...insightsFor(query, { perDay: 0 }), volumeByHour: [], byAgent: [] };
}

// Fixed ranges for stories and tests, so screenshots and figures do not move with the clock.
export const ONE_DAY: InsightsQuery = { from: "2026-11-24", to: "2026-11-24" };
export const NINETY_DAYS: InsightsQuery = { from: "2026-08-27", to: "2026-11-24" };
export const TWENTY_EIGHT_DAYS: InsightsQuery = { from: "2026-10-28", to: "2026-11-24" };

export const emptyRangeFixture = emptyInsights(TWENTY_EIGHT_DAYS);
export const oneDayFixture = insightsFor(ONE_DAY);
export const ninetyDaysFixture = insightsFor(NINETY_DAYS);
/** A launch day: about a million conversations in one day, for the layout of very large numbers. */
export const hugeDayFixture = insightsFor(ONE_DAY, { perDay: 1_000_000, seed: 7 });
