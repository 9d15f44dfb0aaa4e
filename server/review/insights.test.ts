import { expect, it } from "vitest";
import { insightsResponse, wilsonInterval } from "../../contract/insights.ts";
import { describeOnEachDatabase } from "../testing/harness.ts";
import {
  seedConversation,
  seedResolution,
  seedTimeline,
  seedVerdict,
  type SeedConversation,
} from "./fixtures.ts";
import { insightsData } from "./insights.ts";
import { bucketOf, bucketValue } from "./insights-rollup.ts";

/** What the histogram reports for a duration: its bucket's middle, within 5% of it. */
const bucketed = (ms: number) => bucketValue(bucketOf(ms));

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Friday 20 November 2026, 00:00 UTC: the range is the 20th to the 22nd, and "now" is noon on the 22nd. */
const F = Date.UTC(2026, 10, 20);
const NOW = F + 2 * DAY + 12 * HOUR;
const QUIET = HOUR;
const range = { from: "2026-11-20", to: "2026-11-22" };

describeOnEachDatabase("Insights over a seeded fixture", (h) => {
  const db = () => h().baton.db;

  async function seed() {
    const conv = (c: Omit<SeedConversation, "createdAt"> & { createdAt?: number }) =>
      seedConversation(db(), { createdAt: c.botFirstAt ?? c.firstCustomerAt ?? F, ...c });
    // Day 0 (the 20th).
    await conv({
      id: "conf",
      flow: "shipping",
      firstCustomerAt: F + HOUR,
      botFirstAt: F + HOUR + MIN,
      lastActivityAt: F + 2 * HOUR,
    });
    await seedResolution(db(), {
      id: "r-conf",
      conversationId: "conf",
      resolvedAt: F + HOUR + MIN,
      confirmedAt: F + HOUR + 5 * MIN,
      sampledOn: "2026-11-20",
    });
    await conv({
      id: "reopened",
      flow: "shipping",
      firstCustomerAt: F + HOUR,
      botFirstAt: F + HOUR + MIN,
      lastActivityAt: F + 5 * HOUR,
    });
    await seedResolution(db(), {
      id: "r-reopened",
      conversationId: "reopened",
      resolvedAt: F + HOUR + MIN,
      reopenedAt: F + 5 * HOUR,
      sampledOn: "2026-11-20",
    });
    await conv({
      id: "again",
      flow: null,
      firstCustomerAt: F + 2 * HOUR,
      botFirstAt: F + 2 * HOUR,
      lastActivityAt: F + 3 * HOUR + MIN,
    });
    await seedResolution(db(), {
      id: "r-a1",
      conversationId: "again",
      resolvedAt: F + 2 * HOUR,
      reopenedAt: F + 3 * HOUR,
    });
    await seedResolution(db(), {
      id: "r-a2",
      conversationId: "again",
      resolvedAt: F + 3 * HOUR + MIN,
      sampledOn: "2026-11-20",
    });
    await conv({
      id: "bc-answered",
      flow: "broadcast",
      botFirstAt: F + 5 * HOUR,
      firstCustomerAt: F + 6 * HOUR,
      lastActivityAt: F + 6 * HOUR,
    });
    await conv({
      id: "bc-silent",
      flow: "broadcast",
      botFirstAt: F + 4 * HOUR,
      firstCustomerAt: null,
      lastActivityAt: F + 4 * HOUR,
    });
    // Day 1 (the 21st).
    await conv({
      id: "assumed",
      flow: "welcome",
      firstCustomerAt: F + DAY + 3 * HOUR,
      botFirstAt: F + DAY + 3 * HOUR,
      lastActivityAt: F + DAY + 4 * HOUR,
    });
    await seedResolution(db(), {
      id: "r-assumed",
      conversationId: "assumed",
      resolvedAt: F + DAY + 3 * HOUR + MIN,
      sampledOn: "2026-11-21",
    });
    await conv({
      id: "chip",
      flow: "shipping",
      flags: ["bot_replied_after_handoff"],
      firstCustomerAt: F + DAY + HOUR,
      botFirstAt: F + DAY + HOUR + MIN,
      handoffAt: F + DAY + HOUR + 2 * MIN,
      handoffReason: "chip",
      firstHumanReplyAt: F + DAY + HOUR + 32 * MIN,
      firstHumanReplyBy: "sam",
      lastActivityAt: F + DAY + 2 * HOUR,
    });
    await seedResolution(db(), {
      id: "r-chip",
      conversationId: "chip",
      resolvedAt: F + DAY + HOUR + MIN,
      reopenedAt: F + DAY + HOUR + 2 * MIN,
    });
    await conv({
      id: "passed",
      flow: "abandoned_cart",
      firstCustomerAt: F + 10 * MIN,
      botFirstAt: F + 5 * MIN,
      handoffAt: F + 20 * MIN,
      handoffReason: "passed",
      firstHumanReplyAt: F + 20 * MIN + 25 * HOUR,
      firstHumanReplyBy: "lea",
      lastActivityAt: F + DAY + HOUR + 20 * MIN,
    });
    // Day 2 (the 22nd, today).
    await conv({
      id: "awaiting",
      flow: "abandoned_cart",
      firstCustomerAt: F + 2 * DAY + 11 * HOUR + 40 * MIN,
      botFirstAt: F + 2 * DAY + 11 * HOUR,
      lastActivityAt: F + 2 * DAY + 11 * HOUR + 45 * MIN,
    });
    await seedResolution(db(), {
      id: "r-awaiting",
      conversationId: "awaiting",
      resolvedAt: F + 2 * DAY + 11 * HOUR + 45 * MIN,
    });
    await conv({
      id: "no-answer",
      flow: "welcome",
      firstCustomerAt: F + 2 * DAY + HOUR,
      botFirstAt: F + 2 * DAY + HOUR - MIN,
      handoffAt: F + 2 * DAY + HOUR + MIN,
      handoffReason: "no_bot_answer",
      lastActivityAt: F + 2 * DAY + HOUR + MIN,
    });
    // Outside the cohort: active only before the range; no bot at all.
    await conv({
      id: "before",
      flow: "shipping",
      firstCustomerAt: F - 3 * HOUR,
      botFirstAt: F - 3 * HOUR,
      lastActivityAt: F - HOUR,
    });
    await seedResolution(db(), {
      id: "r-before",
      conversationId: "before",
      resolvedAt: F - 2 * HOUR,
      sampledOn: "2026-11-19",
    });
    await seedVerdict(db(), { resolutionId: "r-before", verdict: "false_resolution", at: F });
    await conv({ id: "no-bot", firstCustomerAt: F + HOUR, botFirstAt: null, lastActivityAt: F + HOUR });

    // Verdicts: on the sample, and one on a targeted resolution that must not count.
    await seedVerdict(db(), { resolutionId: "r-conf", verdict: "correct", at: NOW - 3 * HOUR });
    await seedVerdict(db(), { resolutionId: "r-reopened", verdict: "correct", at: NOW - 3 * HOUR });
    await seedVerdict(db(), {
      resolutionId: "r-reopened",
      verdict: "false_resolution",
      reason: "wrong_answer",
      at: NOW - 2 * HOUR,
    });
    await seedVerdict(db(), { resolutionId: "r-assumed", verdict: "should_have_escalated", at: NOW - HOUR });
    await seedVerdict(db(), { resolutionId: "r-awaiting", verdict: "false_resolution", at: NOW - HOUR });

    // The timeline: misbehaviour notes, customer messages, agents' replies.
    const t = (
      id: string,
      conversationId: string,
      at: number,
      author: "customer" | "agent" | "system",
      extra: { agentId?: string; event?: string } = {},
    ) => seedTimeline(db(), { id, conversationId, at, author, ...extra });
    await t("s1", "chip", F + DAY + HOUR + 3 * MIN, "system", { event: "bot_replied_after_handoff" });
    await t("s2", "chip", F + DAY + HOUR + 9 * MIN, "system", { event: "bot_replied_after_handoff" });
    await t("s3", "assumed", F + DAY + 3 * HOUR + MIN, "system", { event: "autoresponder_suspected" });
    await t("s4", "assumed", F + DAY + 3 * HOUR + 2 * MIN, "system", { event: "resolved" });
    await t("m1", "conf", F + HOUR, "customer"); // Friday 01:00
    await t("m2", "assumed", F + DAY + 3 * HOUR, "customer"); // Saturday 03:00
    await t("m3", "assumed", F + DAY + 3 * HOUR + 30 * MIN, "customer"); // Saturday 03:30
    await t("m4", "awaiting", F + 2 * DAY + 11 * HOUR + 40 * MIN, "customer"); // Sunday 11:40
    await t("m5", "before", F - 3 * HOUR, "customer"); // before the range
    await t("a1", "chip", F + DAY + HOUR + 32 * MIN, "agent", { agentId: "sam" });
    await t("a2", "conf", F + 2 * HOUR, "agent", { agentId: "sam" });
    await t("a3", "chip", F + DAY + 2 * HOUR, "agent", { agentId: "sam" });
    await t("a4", "passed", F + DAY + HOUR + 20 * MIN, "agent", { agentId: "lea" });
  }

  it("computes every figure as counted by hand", async () => {
    await seed();
    const data = insightsResponse.parse(await insightsData(db(), range, { now: NOW, quietMs: QUIET }));

    expect(data.range).toEqual({ from: "2026-11-20", to: "2026-11-22", days: 3 });
    // conf, reopened, again, bc-answered, assumed, chip, passed, awaiting, no-answer; bc-silent left out.
    expect(data.cohort).toEqual({ conversations: 9, excludedBroadcasts: 1 });
    expect(data.outcomes).toEqual([
      { outcome: "confirmed", conversations: 1, rate: 1 / 9 }, // conf
      { outcome: "assumed", conversations: 2, rate: 2 / 9 }, // assumed, again (resolved again after the reopening)
      { outcome: "awaiting", conversations: 1, rate: 1 / 9 }, // awaiting: 15 minutes of the hour's quiet time
      { outcome: "handed_off", conversations: 3, rate: 3 / 9 }, // chip, passed, no-answer
      { outcome: "unresolved", conversations: 2, rate: 2 / 9 }, // reopened, bc-answered
    ]);
    expect(data.reportedResolutionRate).toBeCloseTo(3 / 9, 12);
    expect(data.handoffRate).toBeCloseTo(3 / 9, 12);
    expect(data.handoffsByReason).toEqual([
      { reason: "chip", conversations: 1 },
      { reason: "typed_phrase", conversations: 0 },
      { reason: "postback", conversations: 0 },
      { reason: "no_bot_answer", conversations: 1 },
      { reason: "passed", conversations: 1 },
      { reason: "other", conversations: 0 },
    ]);
    expect(data.misbehaviourByDay).toEqual([
      { day: "2026-11-20", repliedAfterHandoff: 0, autoresponderSuspected: 0 },
      { day: "2026-11-21", repliedAfterHandoff: 1, autoresponderSuspected: 1 },
      { day: "2026-11-22", repliedAfterHandoff: 0, autoresponderSuspected: 0 },
    ]);
    // In the range, of cohort conversations: r-conf, r-reopened, r-a1, r-a2, r-assumed, r-chip, r-awaiting; reopened:
    // r-reopened, r-a1, r-chip. Conversations with one that held: conf, again, assumed, awaiting.
    expect(data.durability).toEqual({
      resolutions: 7,
      reopenedWithin7Days: 3,
      reopenRate: 3 / 7,
      durableResolutionRate: 4 / 9,
    });
    // The sample of the 20th to the 22nd: r-conf (correct), r-reopened (false, changed from correct), r-a2 (not
    // reviewed), r-assumed (should have escalated). r-awaiting's verdict is not on the sample; r-before's day is out.
    const wilson = wilsonInterval(2, 3);
    expect(data.falseResolution).toEqual({
      sampled: 4,
      reviewed: 3,
      falseResolutions: 2,
      rate: 2 / 3,
      low: wilson?.low,
      high: wilson?.high,
    });
    expect(data.verifiedResolutionRate).toBeCloseTo((3 / 9) * (1 / 3), 12);
    // Each conversation on its last active day in the range.
    expect(data.resolutionRateByDay).toEqual([
      { day: "2026-11-20", conversations: 4, reported: 2 / 4, verified: (2 / 4) * (1 - 2 / 3) },
      { day: "2026-11-21", conversations: 3, reported: 1 / 3, verified: (1 / 3) * (1 - 2 / 3) },
      { day: "2026-11-22", conversations: 2, reported: 0, verified: 0 },
    ]);
    // First customer message to handoff: 1, 2 and 10 minutes; nearest rank: the 2nd and the 3rd, as their buckets.
    expect(data.timeToHandoff).toEqual({ medianMs: bucketed(2 * MIN), p90Ms: bucketed(10 * MIN) });
    expect(Math.abs(bucketed(2 * MIN) - 2 * MIN)).toBeLessThanOrEqual(0.05 * 2 * MIN);
    // Handoff to a person: 30 minutes (chip), 25 hours (passed), never (no-answer).
    expect(data.humanFirstResponse).toEqual({
      medianMs: bucketed(30 * MIN),
      p90Ms: bucketed(25 * HOUR),
      handoffs: 3,
      within24h: 1,
      withinHumanAgentWindow: 1,
      never: 1,
    });
    expect(data.volumeByHour).toHaveLength(7 * 24);
    expect(data.volumeByHour.filter((v) => v.messages > 0)).toEqual([
      { weekday: 4, hour: 1, messages: 1 },
      { weekday: 5, hour: 3, messages: 2 },
      { weekday: 6, hour: 11, messages: 1 },
    ]);
    expect(data.byFlow).toEqual([
      { flow: "abandoned_cart", conversations: 2, botResolved: 0, handedOff: 1 },
      { flow: "shipping", conversations: 3, botResolved: 1, handedOff: 1 },
      { flow: "welcome", conversations: 2, botResolved: 1, handedOff: 1 },
      { flow: "broadcast", conversations: 1, botResolved: 0, handedOff: 0 },
      { flow: "other", conversations: 1, botResolved: 1, handedOff: 0 },
    ]);
    expect(data.byAgent).toEqual([
      { agentId: "lea", name: "Léa Roux", handled: 1, medianFirstResponseMs: bucketed(25 * HOUR) },
      { agentId: "sam", name: "Sam Lee", handled: 2, medianFirstResponseMs: bucketed(30 * MIN) },
    ]);
  });

  it("puts every cohort conversation in exactly one outcome, so the rates add up to 100% and no more", async () => {
    await seed();
    for (const r of [
      range,
      { from: "2026-11-21", to: "2026-11-21" },
      { from: "2026-11-01", to: "2026-11-30" },
    ]) {
      const data = await insightsData(db(), r, { now: NOW, quietMs: QUIET });
      const total = data.outcomes.reduce((sum, o) => sum + o.conversations, 0);
      expect(total).toBe(data.cohort.conversations);
      expect(data.outcomes.reduce((sum, o) => sum + o.rate, 0)).toBeCloseTo(1, 12);
      expect(data.reportedResolutionRate + data.handoffRate).toBeLessThanOrEqual(1);
      expect(data.byFlow.reduce((sum, f) => sum + f.conversations, 0)).toBe(data.cohort.conversations);
      expect(data.resolutionRateByDay.reduce((sum, d) => sum + d.conversations, 0)).toBe(
        data.cohort.conversations,
      );
      const fr = data.humanFirstResponse;
      expect(fr.within24h + fr.withinHumanAgentWindow + fr.never).toBe(fr.handoffs);
      expect(insightsResponse.safeParse(data).success).toBe(true);
    }
  });

  it("answers an empty range with zeros and no rates it cannot know", async () => {
    const data = insightsResponse.parse(await insightsData(db(), range, { now: NOW, quietMs: QUIET }));
    expect(data.cohort).toEqual({ conversations: 0, excludedBroadcasts: 0 });
    expect(data.outcomes.every((o) => o.conversations === 0 && o.rate === 0)).toBe(true);
    expect(data.falseResolution).toEqual({
      sampled: 0,
      reviewed: 0,
      falseResolutions: 0,
      rate: null,
      low: null,
      high: null,
    });
    expect(data.verifiedResolutionRate).toBeNull();
    expect(data.timeToHandoff).toEqual({ medianMs: null, p90Ms: null });
    expect(data.humanFirstResponse).toEqual({
      medianMs: null,
      p90Ms: null,
      handoffs: 0,
      within24h: 0,
      withinHumanAgentWindow: 0,
      never: 0,
    });
    expect(data.resolutionRateByDay.map((d) => d.reported)).toEqual([null, null, null]);
    expect(data.byFlow).toEqual([]);
    expect(data.byAgent).toEqual([]);
  });
});

describeOnEachDatabase("Insights kept up to date", (h) => {
  const db = () => h().baton.db;

  it("sums again the days marked dirty, the sample's day after a verdict, and today on every read", async () => {
    await seedConversation(db(), {
      id: "a",
      flow: "shipping",
      createdAt: F,
      firstCustomerAt: F + HOUR,
      botFirstAt: F + HOUR,
      lastActivityAt: F + 2 * HOUR,
    });
    await seedResolution(db(), {
      id: "r-a",
      conversationId: "a",
      resolvedAt: F + 2 * HOUR,
      sampledOn: "2026-11-20",
    });
    const first = await insightsData(db(), range, { now: NOW, quietMs: QUIET });
    expect(first.cohort.conversations).toBe(1);
    expect(first.falseResolution).toMatchObject({ sampled: 1, reviewed: 0 });

    // A verdict on the sample (through the store) marks the sample's day.
    const { recordVerdict } = await import("./review-store.ts");
    await recordVerdict(
      db(),
      {
        resolutionId: "r-a",
        verdict: "false_resolution",
        reason: "wrong_answer",
        note: null,
        reviewerId: "maya",
        at: NOW,
      },
      { now: NOW, policy: { humanAgentTagEnabled: true } },
    );
    // A conversation of an earlier day, written with its day marked, as the engine does in the ingest transaction.
    const { markInsightsDirty } = await import("./insights-rollup.ts");
    await seedConversation(db(), {
      id: "b",
      flow: "welcome",
      createdAt: F,
      firstCustomerAt: F + DAY,
      botFirstAt: F + DAY,
      lastActivityAt: F + DAY + HOUR,
    });
    await markInsightsDirty(db(), [F + DAY + HOUR]);
    // Today's conversation needs no mark: today is summed on every read.
    await seedConversation(db(), {
      id: "c",
      flow: "welcome",
      createdAt: F,
      firstCustomerAt: NOW - HOUR,
      botFirstAt: NOW - HOUR,
      lastActivityAt: NOW - HOUR,
    });

    // Within the staleness allowed, a read answers what was summed; past it (0 here), the changes are in.
    expect((await insightsData(db(), range, { now: NOW, quietMs: QUIET })).cohort.conversations).toBe(1);
    const next = await insightsData(db(), range, { now: NOW, quietMs: QUIET, maxStalenessMs: 0 });
    expect(next.cohort.conversations).toBe(3);
    expect(next.falseResolution).toMatchObject({ sampled: 1, reviewed: 1, falseResolutions: 1, rate: 1 });
    expect(next.resolutionRateByDay.map((d) => d.conversations)).toEqual([1, 1, 1]);
  });
});
