import { randomProfile } from "../customers/names.ts";
import { DAY, HOUR, JourneyWriter, MINUTE, type JourneyKind } from "../customers/journeys.ts";
import { playStory, type AgentDesk, type StoryOutcome } from "../customers/story.ts";
import { Random } from "../random.ts";
import type { SimWorld } from "../world.ts";

export interface SeedOptions {
  world: SimWorld;
  desk: AgentDesk;
  /** How many conversations. */
  count: number;
  /** The PRNG seed: the same seed gives the same history. */
  seed?: number;
  agents: readonly string[];
  /** History ends here (real "now" for the demo); stories still running carry on live. */
  endAt: number;
  spanDays?: number;
  /** Called now and then with progress (0..1). */
  onProgress?: (done: number) => void;
}

export interface SeedReport {
  conversations: number;
  byKind: Partial<Record<JourneyKind, number>>;
  stepsDone: number;
  skipped: StoryOutcome["skipped"];
  webhookPosts: number;
  ms: number;
}

/** How many of each journey in a history, by weight; every kind appears at least once. */
const MIX: readonly (readonly [JourneyKind, number])[] = [
  ["bot_tracks_order", 14],
  ["bot_recovers_cart", 9],
  ["bot_collects_review", 8],
  ["bot_promotion", 7],
  ["handoff_resolved", 20],
  ["handoff_pending", 6],
  ["handoff_waiting", 7],
  ["misconfigured_okay", 5],
  ["autoresponder", 5],
  ["silent_bot_question", 8],
  ["page_inbox_automated", 4],
  ["page_inbox_human", 2],
  ["photo_of_damage", 4],
];
const LONG_THREADS = 2;
/** Journeys that leave work in the inbox start recently, so the backlog looks like a real team's. */
const RECENT: ReadonlySet<JourneyKind> = new Set([
  "handoff_pending",
  "handoff_waiting",
  "misconfigured_okay",
  "silent_bot_question",
]);

/**
 * Replays weeks of Messenger traffic through the emulator into Baton's real webhook and API, on the shared
 * steerable clock. Statuses, flags and timelines come from Baton's own rules, not from fixtures.
 */
export async function seedHistory(o: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const rng = new Random(o.seed ?? 20260301);
  const writer = new JourneyWriter(rng, { agents: o.agents, withAgents: true });
  const span = (o.spanDays ?? 28) * DAY;
  const from = o.endAt - span;
  const { world } = o;
  if (world.now() > from) throw new Error("the clock must start before the history does");

  const kinds: JourneyKind[] = [];
  const long = Math.min(LONG_THREADS, Math.max(0, Math.floor(o.count / 100)));
  for (let i = 0; i < long; i++) kinds.push("long_thread");
  for (const [kind] of MIX) if (kinds.length < o.count) kinds.push(kind);
  while (kinds.length < o.count) kinds.push(rng.weighted(MIX));

  const outcome: StoryOutcome = { done: 0, skipped: [] };
  const byKind: Partial<Record<JourneyKind, number>> = {};
  for (const kind of kinds) {
    byKind[kind] = (byKind[kind] ?? 0) + 1;
    const startAt = startTime(rng, kind, from, o.endAt);
    world.scheduler.at(startAt, `seed ${kind}`, () => {
      const profile = randomProfile(rng);
      const journey = writer.write(kind, profile.firstName);
      const customer = world.createCustomer(profile, {
        botMode: journey.botMode,
        readsAfterMs: journey.readsAfterMs,
      });
      playStory(world, customer, journey.steps, o.desk, outcome);
    });
  }

  // Walk time forward a day at a time so progress can be reported.
  for (let t = from; t < o.endAt; t = Math.min(o.endAt, t + DAY)) {
    await world.advanceTo(Math.min(o.endAt, t + DAY));
    o.onProgress?.((t + DAY - from) / span);
  }
  await world.settle();
  return {
    conversations: kinds.length,
    byKind,
    stepsDone: outcome.done,
    skipped: outcome.skipped,
    webhookPosts: world.webhook.attempts.length,
    ms: Math.round(performance.now() - started),
  };
}

/** When a journey starts: mostly during the shop's busy hours, work still waiting in the last few days. */
function startTime(rng: Random, kind: JourneyKind, from: number, endAt: number): number {
  let at: number;
  if (kind === "long_thread") at = endAt - rng.int(6, 20) * DAY;
  else if (RECENT.has(kind)) {
    const ago = rng.weighted([
      [rng.int(5, 36 * 60) * MINUTE, 7], // the last day and a half
      [rng.int(2, 6) * DAY, 2], // HUMAN_AGENT window
      [rng.int(8, 12) * DAY, 1], // closed window
    ] as const);
    at = endAt - ago;
  } else at = from + rng.next() * (endAt - from - HOUR);
  // Nudge into 8:00–23:00 UTC most of the time.
  const hour = new Date(at).getUTCHours();
  if (hour < 8 && rng.chance(0.8)) at += (8 - hour) * HOUR + rng.int(0, 600) * MINUTE;
  return Math.max(from, Math.min(at, endAt - 5 * MINUTE));
}
