import { expect, it } from "vitest";
import type { ConversationSummary } from "../../contract/conversation.ts";
import { insightsResponse } from "../../contract/insights.ts";
import { reviewQueueResponse, verdictResult } from "../../contract/review.ts";
import { BOT_APP, PAGE_ID, describeOnEachDatabase, meta } from "../testing/harness.ts";
import { updateReviewSettings } from "./settings.ts";

/**
 * Bot resolutions as the ingest writes them (issue 10): webhooks of conversations the bot resolved, through the
 * engine, into the managers' queue, their verdicts, and the Insights figures. Nothing here is written to the
 * review tables by hand.
 */

const SECOND = 1000;
const HOUR = 60 * 60 * SECOND;
const conv = (psid: string) => `${PAGE_ID}-${psid}`;

interface ResolutionRow {
  id: string;
  flow: string;
  confirmed_at: number | null;
  reopened_at: number | null;
  last_customer_text: string | null;
  last_customer_asked: boolean;
}

describeOnEachDatabase("Bot resolutions written by the ingest", (h) => {
  const now = () => h().clock.now().getTime();
  const resolutionsOf = (psid: string) =>
    h().baton.db.query<ResolutionRow>(
      `select id, flow, confirmed_at, reopened_at, last_customer_text, last_customer_asked
       from bot_resolutions where conversation_id = $1 order by resolved_at, id`,
      [conv(psid)],
    );

  /** Five conversations of a morning, five hours ago: one of each way a bot resolution goes, and a handoff. */
  async function morning() {
    await updateReviewSettings(h().baton.db, { sampleShare: 0 }, "maya", now());
    const t = now() - 5 * HOUR;
    await h().webhook(
      meta.batch([
        // Assumed, and the customer had asked a question.
        meta.text("U1", "u1-c1", "Do you ship to Canada?", t),
        meta.echo("U1", "u1-b1", "Yes! Canada takes 5 to 7 days, with tracking", t + SECOND, BOT_APP),
        // Confirmed with the bot's own "That helped" chip, and the bot's thanks starts nothing new.
        meta.text("U2", "u2-c1", "Where is my parcel?", t),
        meta.quickReplies("U2", "u2-b1", "Your order has shipped. Did that help?", t + SECOND, [
          ["That helped", "BOT_THANKS_1"],
          ["Talk to a human", "TALK_TO_HUMAN"],
        ]),
        meta.text("U2", "u2-c2", "That helped", t + 20 * SECOND, "BOT_THANKS_1"),
        meta.echo("U2", "u2-b2", "Glad I could help!", t + 21 * SECOND, BOT_APP),
        // An autoresponder "resolved" it: flagged.
        meta.text("U3", "u3-c1", "My order arrived broken", t),
        meta.echo("U3", "u3-b1", "Thanks, we'll get back to you soon", t + SECOND, BOT_APP),
        // Resolved, then the customer came back two hours later: reopened, and the bot's new answer starts anew.
        meta.text("U4", "u4-c1", "Where is my refund?", t),
        meta.echo("U4", "u4-b1", "Refunds take 3 to 5 days", t + SECOND, BOT_APP),
        meta.text("U4", "u4-c2", "It has been 10 days, still nothing", t + 2 * HOUR),
        meta.echo("U4", "u4-b2", "Sorry about that! I have flagged it", t + 2 * HOUR + SECOND, BOT_APP),
        // A handoff by chip after the bot's welcome.
        meta.quickReplies("U5", "u5-b1", "Welcome to the shop! How can we help?", t - SECOND, [
          ["Track my order", "TRACK_ORDER"],
          ["Talk to a human", "TALK_TO_HUMAN"],
        ]),
        meta.text("U5", "u5-c1", "Talk to a human", t, "TALK_TO_HUMAN"),
      ]),
    );
    return t;
  }

  it("stores each bot resolution with its flow and question, confirmed, reopened or awaiting", async () => {
    await morning();
    expect(await resolutionsOf("U1")).toEqual([
      {
        id: `${conv("U1")}/r1`,
        flow: "shipping",
        confirmed_at: null,
        reopened_at: null,
        last_customer_text: "Do you ship to Canada?",
        last_customer_asked: true,
      },
    ]);
    expect(await resolutionsOf("U2")).toMatchObject([
      { id: `${conv("U2")}/r1`, flow: "shipping", confirmed_at: expect.any(Number), reopened_at: null },
    ]);
    expect(await resolutionsOf("U4")).toMatchObject([
      { id: `${conv("U4")}/r1`, reopened_at: expect.any(Number) },
      { id: `${conv("U4")}/r2`, reopened_at: null, last_customer_text: "It has been 10 days, still nothing" },
    ]);
    expect(await resolutionsOf("U5")).toEqual([]);
    const [u5] = await h().baton.db.query<{
      handoff_reason_kind: string;
      flow: string;
      bot_first_at: number;
    }>("select handoff_reason_kind, flow, bot_first_at from conversations where id = $1", [conv("U5")]);
    expect(u5).toMatchObject({
      handoff_reason_kind: "chip",
      flow: "welcome",
      bot_first_at: expect.any(Number),
    });
  });

  it("puts them in the review queue by source: an assumed question, the flagged thread, the reopened one", async () => {
    await morning();
    const queue = reviewQueueResponse.parse(
      await (await h().api("GET", "/review/queue", undefined, "maya")).json(),
    );
    expect(queue.items.map((i) => [i.resolution.id, i.source, i.resolution.kind])).toEqual([
      [`${conv("U1")}/r1`, "assumed_question", "assumed"],
      [`${conv("U3")}/r1`, "flagged", "assumed"],
      [`${conv("U4")}/r1`, "reopened", "assumed"],
    ]);
  });

  it("a re-delivered batch writes no second resolution", async () => {
    await morning();
    await morning();
    const [{ n } = { n: 0 }] = await h().baton.db.query<{ n: number }>(
      "select count(*)::int as n from bot_resolutions",
    );
    expect(n).toBe(5);
  });

  it("a verdict of false resolution with reopen and assign puts it in Open with the assignee, and it leaves the queue", async () => {
    await morning();
    const res = await h().api(
      "POST",
      "/review/verdicts",
      {
        resolutionId: `${conv("U1")}/r1`,
        verdict: "false_resolution",
        reason: "missing_knowledge",
        reopen: { assigneeId: "lea" },
      },
      "maya",
    );
    expect(res.status).toBe(201);
    expect(verdictResult.parse(await res.json()).item.conversation).toMatchObject({
      status: "open",
      assignee: { id: "lea" },
    });
    const open = (await (await h().api("GET", "/conversations?view=open", undefined, "lea")).json()) as {
      items: ConversationSummary[];
    };
    expect(open.items.map((i) => [i.id, i.assignee?.id])).toContainEqual([conv("U1"), "lea"]);
    const queue = reviewQueueResponse.parse(
      await (await h().api("GET", "/review/queue", undefined, "maya")).json(),
    );
    expect(queue.items.map((i) => i.resolution.id)).not.toContain(`${conv("U1")}/r1`);
    const gaps = await (await h().api("GET", "/review/knowledge-gaps?format=csv", undefined, "maya")).text();
    expect(gaps).toContain("shipping,Do you ship to Canada?,missing_knowledge");
  });

  it("the Insights figures count them: exclusive outcomes, the chip handoff, the reopening and the durable ones", async () => {
    await morning();
    await h().api("POST", `/conversations/${encodeURIComponent(conv("U5"))}/messages`, {
      text: "Hi, Sam here",
      clientId: "c-u5",
    });
    const day = new Date(now()).toISOString().slice(0, 10);
    const res = await h().api("GET", `/insights?from=${day}&to=${day}`, undefined, "maya");
    expect(res.status).toBe(200);
    const data = insightsResponse.parse(await res.json());
    expect(data.cohort).toEqual({ conversations: 5, excludedBroadcasts: 0 });
    expect(Object.fromEntries(data.outcomes.map((o) => [o.outcome, o.conversations]))).toEqual({
      confirmed: 1,
      assumed: 3,
      awaiting: 0,
      handed_off: 1,
      unresolved: 0,
    });
    expect(data.reportedResolutionRate).toBeCloseTo(4 / 5);
    expect(data.handoffsByReason.find((r) => r.reason === "chip")?.conversations).toBe(1);
    expect(data.durability).toMatchObject({ resolutions: 5, reopenedWithin7Days: 1 });
    expect(data.durability.durableResolutionRate).toBeCloseTo(4 / 5);
    expect(data.humanFirstResponse).toMatchObject({ handoffs: 1, within24h: 1, never: 0 });
    expect(data.byFlow.map((f) => f.flow)).toContain("shipping");
  });
});
