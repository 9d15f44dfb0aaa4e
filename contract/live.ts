import { z } from "zod/mini";
import { conversationSummary } from "./conversation.ts";
import { timelineItem } from "./timeline.ts";

/** What the server pushes on GET /api/live (Server-Sent Events, one JSON object per `data:`). */
export const liveEvent = z.discriminatedUnion("type", [
  z.object({ type: z.literal("hello"), at: z.string() }),
  z.object({
    type: z.literal("conversation"),
    conversation: conversationSummary,
    /** Items added or changed in the conversation's timeline by this change. */
    items: z.array(timelineItem),
    /** True when this change escalated the conversation to a human. */
    escalated: z.boolean(),
  }),
]);
export type LiveEvent = z.infer<typeof liveEvent>;
