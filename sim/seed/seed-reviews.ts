import type { WindowPolicy } from "../../contract/messaging-window.ts";
import {
  REOPEN_WINDOW_MS,
  type QueueSource,
  type VerdictKind,
  type VerdictReason,
} from "../../contract/review.ts";
import type { Database } from "../../server/db/database.ts";
import { drawDailySamples, queueSourceSql, recordVerdict } from "../../server/review/review-store.ts";
import { updateReviewSettings } from "../../server/review/settings.ts";
import { Random } from "../random.ts";
import { DAY, HOUR, MINUTE } from "../customers/journeys.ts";

/**
 * The demo manager's reviews over the seeded history (issue 10): the team's goal and sample share, the random daily
 * samples drawn for every past day, then Maya's verdicts on most of the sample and on part of the targeted queue
 * (flagged threads, reopened resolutions, assumed questions), given through the review store at the time she gave
 * them. The last day's resolutions are left for whoever opens the demo's queue.
 */

export interface ReviewSeedOptions {
  db: Database;
  /** The server's SESSION_SECRET: the random sample is drawn with it, as the queue draws it. */
  secret: string;
  policy: WindowPolicy;
  /** History ends here. */
  endAt: number;
  reviewer?: string;
  seed?: number;
}

export interface ReviewSeedReport {
  sampled: number;
  reviewed: number;
  falseResolutions: number;
  leftInQueue: number;
}

/** How often Maya got to an item of each source, and what she found. */
const REVIEW_SHARE: Record<QueueSource, number> = {
  sample: 0.85,
  flagged: 0.6,
  reopened: 0.45,
  assumed_question: 0.5,
};

type Finding = readonly [VerdictKind, VerdictReason | null];
const weighted = (rng: Random, options: readonly (readonly [Finding, number])[]): Finding =>
  rng.weighted(options);

function finding(rng: Random, source: QueueSource, flags: readonly string[]): Finding {
  if (flags.includes("autoresponder_suspected"))
    return weighted(rng, [
      [["should_have_escalated", "autoresponder"], 6],
      [["false_resolution", "autoresponder"], 2],
      [["not_a_request", null], 1],
    ]);
  if (flags.includes("bot_replied_after_handoff"))
    return weighted(rng, [
      [["should_have_escalated", "failed_handoff"], 5],
      [["false_resolution", "looping"], 1],
      [["correct", null], 1],
    ]);
  switch (source) {
    case "sample":
      return weighted(rng, [
        [["correct", null], 30],
        [["false_resolution", "missing_knowledge"], 3],
        [["false_resolution", "wrong_answer"], 2],
        [["should_have_escalated", "wrong_order_data"], 1],
        [["abandoned", null], 2],
        [["not_a_request", null], 2],
      ]);
    case "reopened":
      return weighted(rng, [
        [["correct", null], 3],
        [["false_resolution", "wrong_answer"], 2],
        [["false_resolution", "closed_mid_thread"], 2],
        [["not_a_request", null], 3],
      ]);
    case "assumed_question":
    case "flagged":
      return weighted(rng, [
        [["correct", null], 4],
        [["false_resolution", "missing_knowledge"], 4],
        [["should_have_escalated", "missing_knowledge"], 1],
        [["abandoned", null], 1],
      ]);
  }
}

const NOTES: Partial<Record<VerdictReason, readonly string[]>> = {
  missing_knowledge: [
    "The bot has no answer for this; add it to the FAQ flow.",
    "Customs and duties abroad are not in the bot's knowledge.",
    "Nothing in the bot about changing an order after checkout.",
  ],
  wrong_answer: ["The bot gave the standard delivery time, but this was an express order."],
  autoresponder: ["Auto-reply only; nobody followed up."],
  failed_handoff: ["The customer asked for a person and the bot kept talking."],
};

export async function seedReviews(o: ReviewSeedOptions): Promise<ReviewSeedReport> {
  const rng = new Random(o.seed ?? 20261110);
  const reviewer = o.reviewer ?? "maya";
  const start = o.endAt - 28 * DAY;
  await updateReviewSettings(o.db, { dailyGoal: 12, weeklyGoal: 60, sampleShare: 0.1 }, reviewer, start);
  const drawn = await drawDailySamples(o.db, { now: o.endAt, secret: o.secret, days: 28 });
  // What the queue held for each resolution, as of the end of the history; the last day stays for the demo's user.
  const items = await o.db.query<{ id: string; resolved_at: number; source: QueueSource; flags: string[] }>(
    `select * from (
       select r.id, r.resolved_at, c.flags, ${queueSourceSql({ now: "$1", quiet: "$2", window: "$3" })} as source
       from bot_resolutions r join conversations c on c.id = r.conversation_id
       where r.resolved_at < $4
     ) q where source is not null order by resolved_at, id`,
    [o.endAt, HOUR, REOPEN_WINDOW_MS, o.endAt - DAY],
  );
  let reviewed = 0;
  let falseResolutions = 0;
  for (const item of items) {
    if (!rng.chance(REVIEW_SHARE[item.source])) continue;
    const [verdict, reason] = finding(rng, item.source, item.flags);
    const notes = reason ? NOTES[reason] : undefined;
    // Maya reviews during the working day after the resolution, within a day or two.
    const at = Math.min(o.endAt - HOUR, item.resolved_at + rng.int(3 * 60, 40 * 60) * MINUTE);
    await recordVerdict(
      o.db,
      {
        resolutionId: item.id,
        verdict,
        reason,
        note: notes && rng.chance(0.6) ? rng.pick(notes) : null,
        reviewerId: reviewer,
        at,
      },
      { now: at, policy: o.policy, source: item.source },
    );
    reviewed += 1;
    if (verdict === "false_resolution" || verdict === "should_have_escalated") falseResolutions += 1;
  }
  const [left] = await o.db.query<{ n: number }>(
    `select count(*)::int as n from bot_resolutions r join conversations c on c.id = r.conversation_id
     where ${queueSourceSql({ now: "$1", quiet: "$2", window: "$3" })} is not null
       and not exists (select 1 from review_verdicts v where v.resolution_id = r.id)`,
    [o.endAt, HOUR, REOPEN_WINDOW_MS],
  );
  return {
    sampled: drawn.reduce((n, d) => n + d.sampled, 0),
    reviewed,
    falseResolutions,
    leftInQueue: left?.n ?? 0,
  };
}
