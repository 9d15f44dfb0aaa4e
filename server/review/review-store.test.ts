import { expect, it } from "vitest";
import { describeOnEachDatabase } from "../testing/harness.ts";
import { seedConversation, seedResolution, seedVerdict } from "./fixtures.ts";
import {
  csvCell,
  drawDailySamples,
  knowledgeGaps,
  knowledgeGapsCsv,
  recordVerdict,
  reviewProgress,
  reviewQueue,
  setReviewGoal,
} from "./review-store.ts";
import { updateReviewSettings } from "./settings.ts";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** Wednesday 25 November 2026, 15:00 UTC. */
const NOW = Date.UTC(2026, 10, 25, 15, 0, 0);
const policy = { humanAgentTagEnabled: true };
const SECRET = "review-sample-secret";

describeOnEachDatabase("The review queue", (h) => {
  const db = () => h().baton.db;
  const conversation = (
    id: string,
    flags: ("bot_replied_after_handoff" | "autoresponder_suspected")[] = [],
  ) => seedConversation(db(), { id, flags, createdAt: NOW - 10 * DAY, lastActivityAt: NOW - HOUR });

  /** One resolution per source, and ones no source picks. No random sample unless a test asks for one. */
  async function seedQueue() {
    await updateReviewSettings(db(), { sampleShare: 0, quietMs: HOUR }, "maya", NOW);
    await conversation("flagged", ["bot_replied_after_handoff"]);
    await seedResolution(db(), { id: "flagged-old", conversationId: "flagged", resolvedAt: NOW - 5 * DAY });
    await seedResolution(db(), { id: "flagged-new", conversationId: "flagged", resolvedAt: NOW - 4 * DAY });
    await conversation("asked");
    await seedResolution(db(), {
      id: "asked",
      conversationId: "asked",
      resolvedAt: NOW - 3 * DAY,
      lastCustomerText: "Do you ship to Canada?",
      lastCustomerAsked: true,
    });
    await conversation("asked-recently");
    await seedResolution(db(), {
      id: "asked-recently",
      conversationId: "asked-recently",
      resolvedAt: NOW - 30 * MIN,
      lastCustomerAsked: true,
    });
    await conversation("reopened");
    await seedResolution(db(), {
      id: "reopened",
      conversationId: "reopened",
      resolvedAt: NOW - 2 * DAY,
      reopenedAt: NOW - DAY,
    });
    await conversation("confirmed");
    await seedResolution(db(), {
      id: "confirmed",
      conversationId: "confirmed",
      resolvedAt: NOW - 2 * DAY,
      confirmedAt: NOW - 2 * DAY + MIN,
      lastCustomerAsked: true,
    });
    await conversation("plain");
    await seedResolution(db(), { id: "plain", conversationId: "plain", resolvedAt: NOW - DAY });
  }

  it("holds the flagged thread's newest resolution, assumed questions and reopened ones, oldest first", async () => {
    await seedQueue();
    const { items } = await reviewQueue(db(), { now: NOW, policy, secret: SECRET });
    expect(items.map((i) => [i.resolution.id, i.source])).toEqual([
      ["flagged-new", "flagged"],
      ["asked", "assumed_question"],
      ["reopened", "reopened"],
    ]);
    const asked = items[1];
    expect(asked?.resolution).toMatchObject({ kind: "assumed", lastCustomerText: "Do you ship to Canada?" });
    expect(asked?.conversation.id).toBe("asked");
    expect(asked?.verdicts).toEqual([]);
  });

  it("never shows a resolution again once it has a verdict", async () => {
    await seedQueue();
    await recordVerdict(
      db(),
      { resolutionId: "asked", verdict: "correct", reason: null, note: null, reviewerId: "maya", at: NOW },
      { now: NOW, policy },
    );
    const { items } = await reviewQueue(db(), { now: NOW + MIN, policy, secret: SECRET });
    expect(items.map((i) => i.resolution.id)).toEqual(["flagged-new", "reopened"]);
  });

  it("adds the random sample of the days that ended, marked as the sample even when a rule would pick it", async () => {
    await seedQueue();
    await updateReviewSettings(db(), { sampleShare: 1 }, "maya", NOW);
    const { items } = await reviewQueue(db(), { now: NOW, policy, secret: SECRET });
    // Today's resolution (asked-recently) waits for its day to end; every earlier one is in the sample at a share of 1.
    expect(items.map((i) => [i.resolution.id, i.source])).toEqual([
      ["flagged-old", "sample"],
      ["flagged-new", "sample"],
      ["asked", "sample"],
      ["confirmed", "sample"],
      ["reopened", "sample"],
      ["plain", "sample"],
    ]);
  });

  it("draws each day's sample once, the same for the same secret", async () => {
    await seedConversation(db(), { id: "c", createdAt: NOW - 10 * DAY, lastActivityAt: NOW });
    for (let i = 0; i < 40; i++) {
      await seedResolution(db(), {
        id: `r${i}`,
        conversationId: "c",
        flow: i % 2 === 0 ? "shipping" : "welcome",
        resolvedAt: NOW - DAY - i * MIN,
      });
    }
    const first = await drawDailySamples(db(), { now: NOW, secret: SECRET, share: 0.1 });
    expect(first).toEqual(expect.arrayContaining([{ day: "2026-11-24", sampled: 4 }]));
    expect(await drawDailySamples(db(), { now: NOW + HOUR, secret: SECRET, share: 0.5 })).toEqual([]);
    const sampled = await db().query<{ id: string; sample_stratum: string }>(
      "select id, sample_stratum from bot_resolutions where sampled_on = '2026-11-24' order by id",
    );
    expect(sampled).toHaveLength(4);
    expect(sampled.filter((s) => s.sample_stratum === "shipping")).toHaveLength(2);

    // The same day, drawn again from scratch with the same secret, gives the same resolutions.
    await db().query("update bot_resolutions set sampled_on = null, sample_stratum = null");
    await db().query("delete from review_sample_days");
    await drawDailySamples(db(), { now: NOW, secret: SECRET, share: 0.1 });
    expect(
      await db().query(
        "select id, sample_stratum from bot_resolutions where sampled_on = '2026-11-24' order by id",
      ),
    ).toEqual(sampled);
  });
});

describeOnEachDatabase("Review verdicts and progress", (h) => {
  const db = () => h().baton.db;

  it("keeps every verdict given, newest first, with who and when", async () => {
    await seedConversation(db(), { id: "c1", createdAt: NOW - DAY, lastActivityAt: NOW - HOUR });
    await seedResolution(db(), {
      id: "r1",
      conversationId: "c1",
      resolvedAt: NOW - DAY,
      reopenedAt: NOW - HOUR,
    });
    await recordVerdict(
      db(),
      { resolutionId: "r1", verdict: "correct", reason: null, note: null, reviewerId: "maya", at: NOW - MIN },
      { now: NOW, policy },
    );
    const result = await recordVerdict(
      db(),
      {
        resolutionId: "r1",
        verdict: "false_resolution",
        reason: "wrong_answer",
        note: "Quoted the wrong carrier",
        reviewerId: "ada",
        at: NOW,
      },
      { now: NOW, policy },
    );
    expect(result.item.source).toBe("reopened");
    expect(result.item.verdicts).toEqual([
      {
        resolutionId: "r1",
        verdict: "false_resolution",
        reason: "wrong_answer",
        note: "Quoted the wrong carrier",
        reviewer: { id: "ada", name: "Ada Admin" },
        at: new Date(NOW).toISOString(),
      },
      {
        resolutionId: "r1",
        verdict: "correct",
        reason: null,
        note: null,
        reviewer: { id: "maya", name: "Maya Chen" },
        at: new Date(NOW - MIN).toISOString(),
      },
    ]);
    // One resolution reviewed, however many times its verdict changed.
    expect(result.progress).toMatchObject({ reviewedToday: 1, reviewedThisWeek: 1 });
  });

  it("refuses a verdict on a resolution that does not exist", async () => {
    await expect(
      recordVerdict(
        db(),
        { resolutionId: "nope", verdict: "correct", reason: null, note: null, reviewerId: "maya", at: NOW },
        { now: NOW, policy },
      ),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("counts today's and this week's reviews (from Monday) against the goal the manager set", async () => {
    await seedConversation(db(), { id: "c1", createdAt: NOW - 9 * DAY, lastActivityAt: NOW });
    const monday = Date.UTC(2026, 10, 23, 0, 0, 0);
    const times = [monday - MIN, monday, NOW - DAY, Date.UTC(2026, 10, 25, 0, 0, 0), NOW];
    for (const [i, at] of times.entries()) {
      await seedResolution(db(), { id: `r${i}`, conversationId: "c1", resolvedAt: at - HOUR });
      await seedVerdict(db(), { resolutionId: `r${i}`, verdict: "correct", at });
    }
    expect(await setReviewGoal(db(), { dailyGoal: 3, weeklyGoal: 12 }, "maya", NOW)).toEqual({
      reviewedToday: 2,
      reviewedThisWeek: 4,
      dailyGoal: 3,
      weeklyGoal: 12,
    });
    expect(await reviewProgress(db(), NOW)).toMatchObject({ dailyGoal: 3, weeklyGoal: 12 });
  });
});

describeOnEachDatabase("Knowledge gaps", (h) => {
  const db = () => h().baton.db;

  it("lists the questions behind wrong-answer and missing-knowledge verdicts, by flow, as the current verdict says", async () => {
    await seedConversation(db(), { id: "c1", createdAt: NOW - 9 * DAY, lastActivityAt: NOW });
    const gaps: [string, "shipping" | "welcome" | "review", string | null][] = [
      ["g1", "shipping", "Do you ship to Canada?"],
      ["g2", "welcome", '=HYPERLINK("http://evil")'],
      ["g3", "shipping", "Can I pay, in cash?"],
      ["g4", "review", "Changed my mind"],
      ["g5", "shipping", null],
    ];
    for (const [id, flow, text] of gaps) {
      await seedResolution(db(), {
        id,
        conversationId: "c1",
        flow,
        resolvedAt: NOW - DAY,
        lastCustomerText: text,
      });
    }
    await seedVerdict(db(), {
      resolutionId: "g1",
      verdict: "false_resolution",
      reason: "missing_knowledge",
      at: NOW - 3 * HOUR,
    });
    await seedVerdict(db(), {
      resolutionId: "g2",
      verdict: "false_resolution",
      reason: "wrong_answer",
      at: NOW - 2 * HOUR,
    });
    await seedVerdict(db(), {
      resolutionId: "g3",
      verdict: "should_have_escalated",
      reason: "wrong_answer",
      at: NOW - HOUR,
    });
    // g4 was a gap, then the manager changed the verdict: it leaves the list.
    await seedVerdict(db(), {
      resolutionId: "g4",
      verdict: "false_resolution",
      reason: "missing_knowledge",
      at: NOW - 2 * HOUR,
    });
    await seedVerdict(db(), { resolutionId: "g4", verdict: "correct", reason: null, at: NOW - HOUR });
    // g5 has no customer question to show.
    await seedVerdict(db(), {
      resolutionId: "g5",
      verdict: "false_resolution",
      reason: "missing_knowledge",
      at: NOW,
    });

    const response = await knowledgeGaps(db());
    expect(response.groups.map((g) => [g.flow, g.gaps.map((x) => x.resolutionId)])).toEqual([
      ["shipping", ["g3", "g1"]],
      ["welcome", ["g2"]],
    ]);
    expect(knowledgeGapsCsv(response)).toBe(
      [
        "flow,question,reason,note,at,conversation_id,resolution_id",
        `shipping,"Can I pay, in cash?",wrong_answer,,${new Date(NOW - HOUR).toISOString()},c1,g3`,
        `shipping,Do you ship to Canada?,missing_knowledge,,${new Date(NOW - 3 * HOUR).toISOString()},c1,g1`,
        `welcome,"'=HYPERLINK(""http://evil"")",wrong_answer,,${new Date(NOW - 2 * HOUR).toISOString()},c1,g2`,
        "",
      ].join("\r\n"),
    );
  });
});

it.each([
  ["plain", "plain"],
  ["a, b", '"a, b"'],
  ['say "hi"', '"say ""hi"""'],
  ["two\nlines", '"two\nlines"'],
  ["=1+1", "'=1+1"],
  ["+33 6 12", "'+33 6 12"],
  ["-2", "'-2"],
  ["@SUM(A1)", "'@SUM(A1)"],
  ["\tTAB", "'\tTAB"],
  ["", ""],
])("a CSV cell holding %j is written %j", (value, expected) => {
  expect(csvCell(value)).toBe(expected);
});
