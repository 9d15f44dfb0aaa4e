import { z } from "zod/mini";
import { conversationSummary } from "./conversation.ts";
import { timelineItem } from "./timeline.ts";

/**
 * What the server pushes on GET /api/live (Server-Sent Events, one JSON object per `data:`). Events that move the
 * browser's position carry an SSE `id:`; a browser that reconnects sends the last one back as `Last-Event-ID` and
 * receives what it missed, or `resync` when it missed too much.
 */
export const liveEvent = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("hello"),
    at: z.string(),
    /** How often the server sends `heartbeat`: a stream silent for much longer than this is dead. */
    heartbeatMs: z.optional(z.number()),
  }),
  z.object({
    type: z.literal("conversation"),
    conversation: conversationSummary,
    /** Items added or changed in the conversation's timeline by this change. */
    items: z.array(timelineItem),
    /** True when this change escalated the conversation to a human. */
    escalated: z.boolean(),
  }),
  /** Sent every `heartbeatMs` so the browser can tell a quiet stream from a dead one. */
  z.object({ type: z.literal("heartbeat") }),
  /** Events may have been missed (too many, pruned, or the server's database connection dropped): refetch. */
  z.object({ type: z.literal("resync") }),
]);
export type LiveEvent = z.infer<typeof liveEvent>;
