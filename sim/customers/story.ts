import type { BotFlow } from "../bot/shop-bot.ts";
import type { ReferralInput } from "../graph/emulator.ts";
import type { SimWorld } from "../world.ts";
import type { AttachmentKind, Customer } from "./customer.ts";

/** One thing that happens in a conversation: the customer acts, Meta's inbox answers, or an agent works in Baton. */
export type Action =
  | { do: "getStarted" }
  | { do: "arriveFrom"; referral: ReferralInput }
  | { do: "optIn" }
  | { do: "botFlow"; flow: BotFlow }
  | { do: "say"; text: string }
  | { do: "tap"; chip: string }
  | { do: "tapButton"; title: string }
  | { do: "askForHuman" }
  | { do: "attach"; kind: AttachmentKind; text?: string }
  | { do: "react"; emoji: string }
  | { do: "read" }
  | { do: "pageInboxAutomated"; text: string }
  | { do: "pageInboxHuman"; text: string }
  | { do: "agentReply"; agent: string; text: string }
  | { do: "agentAssign"; agent: string; to: string | null }
  | { do: "agentResolve"; agent: string }
  | { do: "agentRead"; agent: string }
  | { do: "sweepTimers" };

export interface Step {
  /** Simulated milliseconds after the previous step. */
  after: number;
  action: Action;
}

/** Baton's side of a story: what agents do, through Baton's real API. */
export interface AgentDesk {
  reply(psid: string, agentId: string, text: string): Promise<void>;
  assign(psid: string, agentId: string, assigneeId: string | null): Promise<void>;
  resolve(psid: string, agentId: string): Promise<void>;
  markRead(psid: string, agentId: string): Promise<void>;
  sweepTimers(): Promise<void>;
}

export interface StoryOutcome {
  done: number;
  skipped: { psid: string; action: string; reason: string }[];
}

/**
 * Plays a customer's story on the world's scheduler: each step at its time, so many stories interleave
 * like real traffic. A step that no longer makes sense (a chip the silent bot never offered) is skipped.
 */
export function playStory(
  world: SimWorld,
  customer: Customer,
  steps: readonly Step[],
  desk: AgentDesk | null,
  outcome: StoryOutcome,
  startAt = world.now(),
): void {
  let at = startAt;
  const queue = [...steps];
  const next = (): void => {
    const step = queue.shift();
    if (!step) return;
    at = Math.max(at + step.after, world.now());
    world.scheduler.at(at, `${customer.psid} ${step.action.do}`, async () => {
      try {
        await perform(world, customer, step.action, desk);
        outcome.done++;
      } catch (error) {
        outcome.skipped.push({
          psid: customer.psid,
          action: step.action.do,
          reason: error instanceof Error ? error.message : String(error),
        });
      }
      next();
    });
  };
  next();
}

async function perform(world: SimWorld, c: Customer, a: Action, desk: AgentDesk | null): Promise<void> {
  switch (a.do) {
    case "getStarted":
      c.postback("Get Started", "GET_STARTED");
      return;
    case "arriveFrom":
      c.arriveFrom(a.referral);
      return;
    case "optIn":
      c.optIn();
      return;
    case "botFlow":
      world.bot.startFlow(c.psid, a.flow);
      return;
    case "say":
      c.say(a.text);
      return;
    case "tap":
      c.tap(a.chip);
      return;
    case "tapButton":
      c.tapButton(a.title);
      return;
    case "askForHuman":
      c.askForHuman();
      return;
    case "attach":
      c.attach(a.kind, a.text);
      return;
    case "react":
      c.react(a.emoji);
      return;
    case "read":
      c.read();
      return;
    case "pageInboxAutomated":
      world.emulator.pageInboxReply(c.psid, a.text, { automated: true });
      return;
    case "pageInboxHuman":
      world.emulator.pageInboxReply(c.psid, a.text, { automated: false });
      return;
  }
  if (!desk) return;
  // Baton must have heard everything before an agent acts on it.
  await world.webhook.flush();
  switch (a.do) {
    case "agentReply":
      return desk.reply(c.psid, a.agent, a.text);
    case "agentAssign":
      return desk.assign(c.psid, a.agent, a.to);
    case "agentResolve":
      return desk.resolve(c.psid, a.agent);
    case "agentRead":
      return desk.markRead(c.psid, a.agent);
    case "sweepTimers":
      return desk.sweepTimers();
  }
}
