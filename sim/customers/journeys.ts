import type { BotMode } from "../bot/shop-bot.ts";
import type { Random } from "../random.ts";
import type { AttachmentKind } from "./customer.ts";
import type { Action, Step } from "./story.ts";

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** How a conversation goes, named by how it ends up in Baton. */
export const journeyKinds = [
  "bot_tracks_order",
  "bot_recovers_cart",
  "bot_collects_review",
  "bot_promotion",
  "handoff_resolved",
  "handoff_pending",
  "handoff_waiting",
  "misconfigured_okay",
  "autoresponder",
  "silent_bot_question",
  "page_inbox_automated",
  "page_inbox_human",
  "photo_of_damage",
  "long_thread",
] as const;
export type JourneyKind = (typeof journeyKinds)[number];

export interface Journey {
  kind: JourneyKind;
  botMode: BotMode;
  steps: Step[];
  /** How long until the customer's phone marks Page messages read; null: never opens the thread. */
  readsAfterMs: number | null;
}

export interface JourneyCast {
  agents: readonly string[];
  /** Include what agents do (seeding); live customers leave that to the people using Baton. */
  withAgents: boolean;
}

const QUESTIONS = [
  "Do you ship to Canada?",
  "Can I change the size on my order? I picked M but need L",
  "My package arrived damaged 😞",
  "Is the walnut lamp available in black?",
  "I was charged twice for order #48213",
  "How do I return an item?",
  "Can I pick up in store instead?",
  "The tracking link doesn't work",
  "Do you have gift wrapping?",
  "When will the linen throw be back in stock?",
  "Can I use two discount codes on one order?",
  "I never got my confirmation email",
];
const DETAILS = [
  "It's order #51872, placed last Tuesday.",
  "The box was crushed and the mug handle is broken.",
  "I'd like it delivered to my office instead, is that possible?",
  "I already emailed twice and heard nothing back.",
  "It says delivered but nothing is at my door.",
  "Also, can you combine it with my other order?",
];
const AGENT_OPENERS = [
  "Hi {first}, {agent} here from the Lumen & Loom team. Sorry for the trouble! Let me look into it.",
  "Hey {first}! Thanks for waiting. I'm {agent} and I'll sort this out for you.",
  "Hi {first}, I've got your order up now. One moment please.",
];
const AGENT_FOLLOWUPS = [
  "I've issued a replacement, it ships tomorrow with express delivery. You'll get a tracking link by email.",
  "Done! I've refunded the duplicate charge; it can take 3–5 business days to show up.",
  "Yes, we can do that. I've updated the address on your order.",
  "I've sent a prepaid return label to your email. Just drop the parcel at any UPS point.",
  "Good news: it's back in stock next week. I've put one aside for you.",
];
const CUSTOMER_THANKS = [
  "Thank you so much!",
  "Perfect, thanks 🙏",
  "Great, appreciate it!",
  "ok thanks",
  "Amazing, thank you!!",
];
const NIGHT_AUTOREPLY =
  "Thanks for messaging Lumen & Loom! We're away right now and typically reply within a few hours.";
const ATTACHMENTS: AttachmentKind[] = ["image", "sticker", "video", "audio", "file", "location", "fallback"];

const step = (after: number, action: Action): Step => ({ after, action });

export class JourneyWriter {
  readonly #rng: Random;
  readonly #cast: JourneyCast;
  constructor(rng: Random, cast: JourneyCast) {
    this.#rng = rng;
    this.#cast = cast;
  }

  /** A customer's think time before tapping a chip. */
  #tapDelay(): number {
    return this.#rng.int(4, 40) * SECOND;
  }
  /** Typing a sentence. */
  #typeDelay(): number {
    return this.#rng.int(15, 150) * SECOND;
  }
  /** An agent for the agent steps; live journeys have none (their agent steps are dropped). */
  #agent(): string {
    return this.#cast.agents.length ? this.#rng.pick(this.#cast.agents) : "nobody";
  }
  #agentSteps(steps: Step[]): Step[] {
    return this.#cast.withAgents
      ? steps
      : steps.filter((s) => !s.action.do.startsWith("agent") && s.action.do !== "sweepTimers");
  }
  #maybeAttachment(steps: Step[], p: number): void {
    if (this.#rng.chance(p))
      steps.push(step(this.#typeDelay(), { do: "attach", kind: this.#rng.pick(ATTACHMENTS) }));
  }

  /** How the customer gets to the bot: Get Started, a greeting, or a bot-initiated flow after an opt-in. */
  #opening(): Step[] {
    return this.#rng.weighted<Step[]>([
      [[step(0, { do: "getStarted" })], 3],
      [[step(0, { do: "say", text: this.#rng.pick(["hi", "Hello!", "hey there", "Good morning"]) })], 2],
      [
        [
          step(0, { do: "optIn" }),
          step(2 * SECOND, { do: "botFlow", flow: "abandoned_cart" }),
          step(this.#tapDelay(), { do: "read" }),
        ],
        2,
      ],
      [[step(0, { do: "optIn" }), step(2 * SECOND, { do: "botFlow", flow: "promotion" })], 1],
    ]);
  }

  /** An agent answers, the customer follows up, the agent finishes and maybe resolves. */
  #humanPart(name: string, resolve: boolean, waitBeforeAgent: number): Step[] {
    const agent = this.#agent();
    const opener = this.#rng
      .pick(AGENT_OPENERS)
      .replace("{first}", name)
      .replace("{agent}", agentName(agent));
    const steps: Step[] = [];
    if (this.#rng.chance(0.5)) steps.push(step(waitBeforeAgent / 2, { do: "agentAssign", agent, to: agent }));
    if (this.#rng.chance(0.2)) steps.push(step(waitBeforeAgent / 4, { do: "agentRead", agent }));
    steps.push(step(this.#rng.int(20, 120) * SECOND, { do: "agentReply", agent, text: opener }));
    steps.push(step(this.#typeDelay(), { do: "say", text: this.#rng.pick(DETAILS) }));
    this.#maybeAttachment(steps, 0.35);
    steps.push(
      step(this.#rng.int(1, 15) * MINUTE, { do: "agentReply", agent, text: this.#rng.pick(AGENT_FOLLOWUPS) }),
    );
    if (resolve) {
      steps.push(step(this.#typeDelay(), { do: "say", text: this.#rng.pick(CUSTOMER_THANKS) }));
      if (this.#rng.chance(0.4))
        steps.push(step(5 * SECOND, { do: "react", emoji: this.#rng.pick(["❤️", "👍", "😍"]) }));
      steps.push(step(this.#rng.int(1, 30) * MINUTE, { do: "agentResolve", agent }));
    }
    return steps;
  }

  write(kind: JourneyKind, firstName: string): Journey {
    const r = this.#rng;
    const reads = r.chance(0.5) ? (r.chance(0.7) ? r.int(3, 30) * SECOND : r.int(1, 120) * MINUTE) : null;
    const j = (botMode: BotMode, steps: Step[]): Journey => ({
      kind,
      botMode,
      steps: this.#agentSteps(steps),
      readsAfterMs: reads,
    });
    switch (kind) {
      case "bot_tracks_order":
        return j("well_behaved", [
          step(0, { do: "getStarted" }),
          step(this.#tapDelay(), { do: "tap", chip: "TRACK_ORDER" }),
          step(this.#typeDelay(), { do: "say", text: `#${r.int(10000, 99999)}` }),
          ...(r.chance(0.7) ? [step(this.#tapDelay(), { do: "tap", chip: "THANKS" })] : []),
          ...(r.chance(0.3) ? [step(3 * SECOND, { do: "react", emoji: "👍" } as const)] : []),
        ]);
      case "bot_recovers_cart":
        return j("well_behaved", [
          step(0, { do: "optIn" }),
          step(2 * SECOND, { do: "botFlow", flow: "abandoned_cart" }),
          step(r.int(1, 120) * MINUTE, { do: "read" }),
          step(this.#tapDelay(), { do: "tap", chip: "COMPLETE_ORDER" }),
          ...(r.chance(0.5) ? [step(this.#tapDelay(), { do: "tap", chip: "THANKS" } as const)] : []),
        ]);
      case "bot_collects_review": {
        const stars = r.weighted([
          [5, 5],
          [4, 3],
          [3, 1],
          [2, 1],
        ] as const);
        return j("well_behaved", [
          step(0, { do: "optIn" }),
          step(2 * SECOND, { do: "botFlow", flow: "review" }),
          step(r.int(2, 300) * MINUTE, { do: "tap", chip: `REVIEW_${stars}` }),
          ...(stars < 4
            ? [
                step(this.#typeDelay(), {
                  do: "say",
                  text: "The colour looked different from the photos.",
                } as const),
              ]
            : []),
        ]);
      }
      case "bot_promotion":
        return j("well_behaved", [
          step(0, { do: "optIn" }),
          step(2 * SECOND, { do: "botFlow", flow: "promotion" }),
          step(r.int(1, 90) * MINUTE, { do: "tapButton", title: "Tell me more" }),
          ...(r.chance(0.4) ? [step(this.#tapDelay(), { do: "say", text: "Nice, thanks!" } as const)] : []),
        ]);
      case "handoff_resolved":
      case "handoff_pending":
      case "handoff_waiting": {
        const steps = [...this.#opening(), step(this.#tapDelay(), { do: "askForHuman" })];
        if (r.chance(0.6)) steps.push(step(this.#typeDelay(), { do: "say", text: r.pick(QUESTIONS) }));
        this.#maybeAttachment(steps, 0.25);
        if (kind === "handoff_waiting") {
          if (r.chance(0.4)) {
            const agent = this.#agent();
            steps.push(step(r.int(1, 20) * MINUTE, { do: "agentAssign", agent, to: agent }));
          }
          return j("well_behaved", steps);
        }
        return j("well_behaved", [
          ...steps,
          ...this.#humanPart(firstName, kind === "handoff_resolved", r.int(2, 90) * MINUTE),
        ]);
      }
      case "misconfigured_okay": {
        const steps = [
          ...this.#opening(),
          step(this.#tapDelay(), { do: "askForHuman" }),
          step(this.#typeDelay(), { do: "say", text: r.pick(QUESTIONS) }),
        ];
        return j(
          "misconfigured",
          r.chance(0.5)
            ? [...steps, ...this.#humanPart(firstName, r.chance(0.6), r.int(5, 120) * MINUTE)]
            : steps,
        );
      }
      case "autoresponder":
        return j("autoresponder", [
          step(0, { do: "say", text: r.pick(QUESTIONS) }),
          ...(r.chance(0.3) ? [step(this.#typeDelay(), { do: "say", text: "Hello?" } as const)] : []),
        ]);
      case "silent_bot_question": {
        const steps = [
          step(0, { do: "say", text: r.pick(QUESTIONS) } as const),
          step(90 * SECOND, { do: "sweepTimers" } as const),
        ];
        return j(
          "silent",
          r.chance(0.55)
            ? [...steps, ...this.#humanPart(firstName, r.chance(0.7), r.int(10, 240) * MINUTE)]
            : steps,
        );
      }
      case "page_inbox_automated":
        return j("silent", [
          step(0, { do: "say", text: r.pick(QUESTIONS) }),
          step(2 * SECOND, { do: "pageInboxAutomated", text: NIGHT_AUTOREPLY }),
          step(90 * SECOND, { do: "sweepTimers" }),
          ...(r.chance(0.5) ? this.#humanPart(firstName, true, r.int(6, 10) * HOUR) : []),
        ]);
      case "page_inbox_human":
        return j("well_behaved", [
          step(0, { do: "getStarted" }),
          step(this.#typeDelay(), { do: "say", text: r.pick(QUESTIONS) }),
          step(r.int(5, 60) * MINUTE, {
            do: "pageInboxHuman",
            text: `Hi ${firstName}, Jo from the shop here (replying from our Facebook inbox). Let me check!`,
          }),
          step(this.#typeDelay(), { do: "say", text: "Thanks Jo!" }),
        ]);
      case "photo_of_damage":
        return j("well_behaved", [
          step(0, { do: "say", text: "My order arrived broken" }),
          step(this.#typeDelay(), { do: "attach", kind: "image", text: "See the photo" }),
          step(this.#tapDelay(), { do: "askForHuman" }),
          ...this.#humanPart(firstName, r.chance(0.7), r.int(5, 60) * MINUTE),
        ]);
      case "long_thread":
        return j("well_behaved", this.#longThread(firstName));
    }
  }

  /** A customer and an agent going back and forth for days: hundreds of messages, every attachment kind. */
  #longThread(firstName: string): Step[] {
    const r = this.#rng;
    const agent = this.#agent();
    const steps: Step[] = [
      step(0, { do: "getStarted" }),
      step(this.#tapDelay(), { do: "askForHuman" }),
      step(this.#typeDelay(), {
        do: "say",
        text: "I'm planning a big order for our new café, 40 mugs and 12 lamps. Can we talk wholesale?",
      }),
    ];
    steps.push(step(10 * MINUTE, { do: "agentAssign", agent, to: agent }));
    steps.push(
      step(MINUTE, {
        do: "agentReply",
        agent,
        text: `Hi ${firstName}! ${agentName(agent)} here, I handle our wholesale orders. Happy to help!`,
      }),
    );
    const rounds = r.int(100, 130);
    for (let i = 0; i < rounds; i++) {
      const gap = i % 25 === 24 ? r.int(14, 20) * HOUR : r.int(1, 12) * MINUTE;
      steps.push(
        step(gap, {
          do: "say",
          text: `${r.pick(["About the", "Quick question on the", "Regarding the", "And the"])} ${r.pick(["mugs", "lamps", "delivery date", "invoice", "colours", "packaging", "discount"])}: ${r.pick(QUESTIONS).toLowerCase()}`,
        }),
      );
      if (i % 9 === 4)
        steps.push(step(20 * SECOND, { do: "attach", kind: ATTACHMENTS[i % ATTACHMENTS.length] ?? "image" }));
      steps.push(
        step(r.int(1, 8) * MINUTE, {
          do: "agentReply",
          agent,
          text: r.pick([
            ...AGENT_FOLLOWUPS,
            "Let me check with the warehouse.",
            "Sure, noted!",
            "I'll add that to the quote.",
          ]),
        }),
      );
      if (i % 13 === 6) steps.push(step(10 * SECOND, { do: "react", emoji: "❤️" }));
    }
    steps.push(
      step(this.#typeDelay(), { do: "say", text: "That's everything, thank you for your patience!" }),
    );
    if (r.chance(0.5)) steps.push(step(10 * MINUTE, { do: "agentResolve", agent }));
    return steps;
  }
}

/** The demo's team. Their passwords are printed by `npm start` and shown on its sign-in page: a demo, not a secret. */
export const DEMO_AGENTS = [
  {
    id: "maya",
    name: "Maya Chen",
    role: "manager",
    email: "maya@lumenloom.example",
    password: "demo-maya-lumen",
  },
  {
    id: "sam",
    name: "Sam Okafor",
    role: "agent",
    email: "sam@lumenloom.example",
    password: "demo-sam-lumen",
  },
  {
    id: "lea",
    name: "Léa Dubois",
    role: "agent",
    email: "lea@lumenloom.example",
    password: "demo-lea-lumen",
  },
  {
    id: "omar",
    name: "Omar Haddad",
    role: "agent",
    email: "omar@lumenloom.example",
    password: "demo-omar-lumen",
  },
  {
    id: "priya",
    name: "Priya Nair",
    role: "admin",
    email: "priya@lumenloom.example",
    password: "demo-priya-lumen",
  },
] as const;

function agentName(id: string): string {
  return DEMO_AGENTS.find((a) => a.id === id)?.name.split(" ")[0] ?? id;
}
