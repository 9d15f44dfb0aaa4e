import type { ConversationSummary } from "@contract/conversation.ts";
import type { TimelineItem } from "@contract/timeline.ts";
import {
  agents,
  ana,
  BOT_APP_ID,
  buildChatter,
  buildCustomer,
  buildMessage,
  buildShowcaseTimeline,
  buildSummary,
  buildSystemItem,
} from "@/mocks/fixtures.ts";
import { createRng } from "@/mocks/random.ts";
import { ago, windowFor, type StoryDb, type WindowState } from "./mock-api.ts";

/** Exact conversations for stories, built with src/mocks' fixture builders and stored in the story's MockDb. */

export const STORY_ID = "c-story";
export const ben = agents[1] ?? ana;

export const longName = "Maximiliana Theodora Wolfeschlegelsteinhausenbergerdorff-Vanderbilt";
export const rtlName = "محمد عبد الرحمن";

export interface ConversationShape {
  summary?: Partial<ConversationSummary>;
  window?: WindowState;
  /** "showcase": every message kind; "short": a few lines; a number: the showcase then that much chatter. */
  transcript?: "showcase" | "short" | "bot" | "empty" | "rtl" | number;
}

export function summaryFor(shape: ConversationShape = {}): ConversationSummary {
  const w = windowFor(shape.window ?? "open");
  return buildSummary({
    id: STORY_ID,
    customer: buildCustomer({ psid: "psid-story", name: "Maya Nguyen" }),
    lastActivityAt: ago(3),
    escalatedAt: ago(40),
    lastMessage: { preview: "AAAA… thank you!!", author: "customer", at: ago(3) },
    ...w,
    ...shape.summary,
  });
}

function transcriptFor(
  shape: ConversationShape,
  summary: ConversationSummary,
): { items: TimelineItem[]; handoff: string | null } {
  const kind = shape.transcript ?? "showcase";
  const agent = summary.assignee ?? ana;
  const start = new Date(Date.now() - 2 * 3_600_000);
  const at = (min: number) => new Date(start.getTime() + min * 60_000).toISOString();
  switch (kind) {
    case "empty":
      return { items: [], handoff: null };
    case "short":
      return {
        items: [
          buildMessage({ id: "m-1", at: at(0), text: "Hi, is the linen shirt back in stock?" }),
          buildMessage({
            id: "m-2",
            at: at(1),
            author: "bot",
            appId: BOT_APP_ID,
            text: "Let me get someone for you.",
            quickReplies: [],
          }),
          buildSystemItem({
            id: "s-1",
            at: at(1),
            event: "no_bot_answer",
            text: "The bot did not answer the question within 60 seconds.",
          }),
          buildMessage({
            id: "m-3",
            at: at(4),
            author: "agent",
            agent,
            text: "Hi Maya! Yes, it came back this morning in every size.",
            delivery: "read",
          }),
        ],
        handoff: "s-1",
      };
    case "bot":
      return {
        items: [
          buildMessage({ id: "m-1", at: at(0), text: "Do you have this in blue?" }),
          buildMessage({
            id: "m-2",
            at: at(0.1),
            author: "bot",
            appId: BOT_APP_ID,
            text: "Thanks for your message! We'll get back to you soon.",
          }),
          buildSystemItem({
            id: "s-1",
            at: at(0.2),
            event: "autoresponder_suspected",
            text: "Resolved by the bot, but its reply looks like an autoresponder.",
          }),
        ],
        handoff: null,
      };
    case "rtl":
      return {
        items: [
          buildMessage({ id: "m-1", at: at(0), text: "مرحبا، أين طلبي؟ رقم الطلب 48213" }),
          buildMessage({
            id: "m-2",
            at: at(2),
            author: "agent",
            agent,
            text: "مرحبا! طلبك في الطريق وسيصل غدا.",
            delivery: "read",
          }),
          buildMessage({ id: "m-3", at: at(3), text: "שלום, האם אפשר להחליף את המידה ל-M?" }),
        ],
        handoff: null,
      };
    case "showcase":
    default: {
      const chatter = typeof kind === "number" ? kind : 0;
      // Chatter averages ~300 s between messages: start early enough that the last one is not in the future.
      const from = chatter ? new Date(Date.now() - chatter * 310_000 - 3_600_000) : start;
      const showcase = buildShowcaseTimeline(from, agent);
      const extra = chatter
        ? buildChatter(chatter, new Date(from.getTime() + 30 * 60_000), createRng(7), agent, "x")
        : [];
      return { items: [...showcase.items, ...extra], handoff: showcase.handoffItemId };
    }
  }
}

/** `parameters.baton.db` that stores one exact conversation (id STORY_ID) with its transcript. */
export function withConversation(shape: ConversationShape = {}): (db: StoryDb) => void {
  return (db) => {
    const summary = summaryFor(shape);
    const { items, handoff } = transcriptFor(shape, summary);
    db.put(summary, items, handoff);
  };
}
