import { botVariantName, handoffStyle, type BotOptions } from "../bot/variants.ts";
import type { ReferralInput } from "../graph/emulator.ts";
import { randomProfile } from "./names.ts";
import { JourneyWriter, SECOND, type JourneyKind } from "./journeys.ts";
import { playStory, type StoryOutcome } from "./story.ts";
import { Random } from "../random.ts";
import type { SimWorld } from "../world.ts";

const LIVE_MIX: readonly (readonly [JourneyKind, number])[] = [
  ["handoff_waiting", 26],
  ["silent_bot_question", 12],
  ["misconfigured_okay", 6],
  ["bot_tracks_order", 14],
  ["bot_recovers_cart", 10],
  ["bot_collects_review", 8],
  ["bot_promotion", 8],
  ["autoresponder", 5],
  ["page_inbox_automated", 4],
  ["photo_of_damage", 7],
];

/** Where some live customers come from: their Get Started carries the referral. */
const REFERRALS: readonly ReferralInput[] = [
  { source: "ads", adTitle: "Spring Sale", ref: "spring-sale-25" },
  { source: "ads", adTitle: "Walnut Desk Lamp", ref: "lamp-carousel" },
  { source: "shortlink", ref: "summer-newsletter" },
  { source: "qr_code", ref: "store-window" },
];

const COMEBACKS = [
  "Thanks! 🙏",
  "Ok great, thank you",
  "Perfect. One more thing: can I also change the colour?",
  "Got it, thanks!",
  "👍",
];

/**
 * Customers who keep arriving while the demo runs, so the inbox visibly moves. When an agent answers one of
 * them in Baton, that customer comes back a few seconds later, like a person holding their phone.
 */
export class LiveTraffic {
  readonly #world: SimWorld;
  readonly #rng: Random;
  readonly #writer: JourneyWriter;
  readonly #batonAppId: string;
  readonly #everyMs: [number, number];
  readonly #comebacks = new Map<string, number>();
  readonly outcome: StoryOutcome = { done: 0, skipped: [] };
  #timer: ReturnType<typeof setTimeout> | null = null;
  #unsubscribe: (() => void) | null = null;
  arrivals = 0;

  constructor(world: SimWorld, options: { batonAppId: string; seed?: number; everyMs?: [number, number] }) {
    this.#world = world;
    this.#rng = new Random(options.seed ?? Date.now() % 2 ** 31);
    this.#writer = new JourneyWriter(this.#rng, { agents: [], withAgents: false });
    this.#batonAppId = options.batonAppId;
    this.#everyMs = options.everyMs ?? [4 * SECOND, 12 * SECOND];
  }

  start(): void {
    this.#unsubscribe = this.#world.emulator.onTranscript((psid, entry) => {
      if (entry.from !== "page" || entry.appId !== this.#batonAppId) return;
      const left = this.#comebacks.get(psid);
      if (left === undefined || left <= 0) return;
      this.#comebacks.set(psid, left - 1);
      const customer = this.#world.customer(psid);
      if (!customer) return;
      this.#world.scheduler.after(this.#rng.int(3, 15) * SECOND, `comeback ${psid}`, () => {
        customer.read();
        customer.say(this.#rng.pick(COMEBACKS));
      });
    });
    this.#scheduleNext();
  }

  /** One new customer now. */
  arrive(): void {
    const kind = this.#rng.weighted(LIVE_MIX);
    const profile = randomProfile(this.#rng);
    const journey = this.#writer.write(kind, profile.firstName);
    // A third of the shops word their handoff differently or offer it as a button; some customers come from an ad or a link.
    const bot: BotOptions = this.#rng.chance(0.35)
      ? {
          variant: this.#rng.pick(botVariantName.options),
          handoffStyle: this.#rng.pick(handoffStyle.options),
        }
      : {};
    const first = journey.steps[0];
    if (first?.action.do === "getStarted" && this.#rng.chance(0.4))
      journey.steps[0] = { ...first, action: { do: "arriveFrom", referral: this.#rng.pick(REFERRALS) } };
    const customer = this.#world.createCustomer(profile, {
      botMode: journey.botMode,
      bot,
      readsAfterMs: journey.readsAfterMs ?? 8 * SECOND,
    });
    this.#comebacks.set(customer.psid, 2);
    playStory(this.#world, customer, journey.steps, null, this.outcome);
    this.arrivals++;
  }

  #scheduleNext(): void {
    const [min, max] = this.#everyMs;
    this.#timer = setTimeout(
      () => {
        try {
          this.arrive();
        } catch (error) {
          console.error("a live customer could not arrive:", error);
        }
        this.#scheduleNext();
      },
      this.#rng.int(min, max),
    );
  }

  stop(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#unsubscribe?.();
  }
}
