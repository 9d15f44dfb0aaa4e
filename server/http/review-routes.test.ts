import { expect, it } from "vitest";
import { insightsResponse } from "../../contract/insights.ts";
import { reviewQueueResponse, verdictResult } from "../../contract/review.ts";
import { BOT_APP, PAGE_ID, describeOnEachDatabase, meta } from "../testing/harness.ts";
import { updateReviewSettings } from "../review/settings.ts";

const HOUR = 60 * 60 * 1000;

describeOnEachDatabase("The review and insights routes", (h) => {
  /** A conversation the bot resolved through the real webhook: the engine writes its resolution (id …/r1). */
  async function botResolved(psid: string, question: string) {
    const t = h().clock.now().getTime() - 3 * HOUR;
    await h().webhook(
      meta.batch([
        meta.text(psid, `${psid}-c1`, question, t),
        meta.echo(psid, `${psid}-b1`, "Your order has shipped", t + 1000, BOT_APP),
      ]),
    );
    return `${PAGE_ID}-${psid}`;
  }

  it("lets a manager mark a false resolution and reopen it for an agent in one step, then it leaves the queue", async () => {
    await updateReviewSettings(h().baton.db, { sampleShare: 0 }, "maya", h().clock.now().getTime());
    const id = await botResolved("U1", "Do you ship to Canada?");
    const queue = reviewQueueResponse.parse(
      await (await h().api("GET", "/review/queue", undefined, "maya")).json(),
    );
    expect(queue.items.map((i) => [i.resolution.id, i.source])).toEqual([[`${id}/r1`, "assumed_question"]]);
    expect(queue.items[0]?.conversation.status).toBe("bot_resolved");

    const res = await h().api(
      "POST",
      "/review/verdicts",
      {
        resolutionId: `${id}/r1`,
        verdict: "false_resolution",
        reason: "missing_knowledge",
        reopen: { assigneeId: "lea" },
      },
      "maya",
    );
    expect(res.status).toBe(201);
    const result = verdictResult.parse(await res.json());
    expect(result.item.conversation).toMatchObject({ status: "open", assignee: { id: "lea" } });
    expect(result.item.verdicts.map((v) => [v.verdict, v.reviewer.id])).toEqual([
      ["false_resolution", "maya"],
    ]);
    expect(result.progress.reviewedToday).toBe(1);
    const audit = await h().baton.db.query<{ action: string }>(
      "select action from audit_log where target = $1 order by id",
      [id],
    );
    expect(audit.map((a) => a.action)).toEqual(["reopen", "assign"]);

    const after = reviewQueueResponse.parse(
      await (await h().api("GET", "/review/queue", undefined, "ada")).json(),
    );
    expect(after.items).toEqual([]);

    const csv = await h().api("GET", "/review/knowledge-gaps?format=csv", undefined, "maya");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(await csv.text()).toContain("shipping,Do you ship to Canada?,missing_knowledge");
  });

  it("refuses to reopen with a verdict that does not call for it", async () => {
    const id = await botResolved("U2", "thanks");
    const res = await h().api(
      "POST",
      "/review/verdicts",
      { resolutionId: `${id}/r1`, verdict: "correct", reopen: { assigneeId: null } },
      "maya",
    );
    expect(res.status).toBe(400);
  });

  it("refuses a reopen for an unknown or deactivated agent before recording the verdict", async () => {
    const id = await botResolved("U3", "Where is my parcel?");
    await h().baton.db.query("update agents set active = false where id = 'lea'");
    for (const [assigneeId, status] of [
      ["lea", 400],
      ["nobody-by-that-id", 422],
    ] as const) {
      const res = await h().api(
        "POST",
        "/review/verdicts",
        { resolutionId: `${id}/r1`, verdict: "false_resolution", reopen: { assigneeId } },
        "maya",
      );
      expect(res.status).toBe(status);
    }
    const verdicts = await h().baton.db.query("select 1 from review_verdicts where resolution_id = $1", [
      `${id}/r1`,
    ]);
    expect(verdicts).toEqual([]);
    const [conversation] = await h().baton.db.query<{ status: string }>(
      "select status from conversations where id = $1",
      [id],
    );
    expect(conversation?.status).toBe("bot_resolved");
  });

  it("sets the goal and answers the insights for a range", async () => {
    const goal = await h().api("PUT", "/review/goal", { dailyGoal: 5, weeklyGoal: 25 }, "maya");
    expect(await goal.json()).toMatchObject({ dailyGoal: 5, weeklyGoal: 25 });
    await botResolved("U3", "Where is my parcel?");
    const res = await h().api("GET", "/insights?from=2026-10-26&to=2026-11-01", undefined, "maya");
    expect(res.status).toBe(200);
    const data = insightsResponse.parse(await res.json());
    expect(data.cohort.conversations).toBe(1);
    expect((await h().api("GET", "/insights?from=2026-11-02&to=2026-11-01", undefined, "maya")).status).toBe(
      400,
    );
    expect((await h().api("GET", "/insights?from=2026-10-26&to=2026-11-01", undefined, "sam")).status).toBe(
      403,
    );
  });
});
