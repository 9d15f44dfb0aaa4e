import { z } from "zod";
import { agent, conversationSummary, inboxView } from "./conversation.ts";
import { noNul } from "./auth.ts";
import { messageItem, timelineItem } from "./timeline.ts";

const NUL_MESSAGE = "Must not contain a NUL character.";
/**
 * A cursor as the server hands it out: unpadded base64url. The server decodes it strictly as well (fractions,
 * exponents and numbers past bigint are refused there).
 */
const cursor = (max: number) =>
  z
    .string()
    .max(max)
    .regex(/^[A-Za-z0-9_-]+$/, "Not a cursor this server gave out.");

export const listConversationsQuery = z.object({
  view: inboxView.default("open"),
  q: z.string().trim().max(200).refine(noNul, NUL_MESSAGE).optional(),
  /** Its id part is a conversation id (page id and PSID, up to 256 characters each), hence the room. */
  cursor: cursor(2048).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListConversationsQuery = z.input<typeof listConversationsQuery>;

export const conversationPage = z.object({
  items: z.array(conversationSummary),
  nextCursor: z.string().nullable(),
});
export type ConversationPage = z.infer<typeof conversationPage>;

export const viewCounts = z.record(inboxView, z.number().int().nonnegative());
export type ViewCounts = z.infer<typeof viewCounts>;

export const timelineQuery = z.object({
  /** Load items older than this cursor. */
  before: cursor(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const timelinePage = z.object({
  items: z.array(timelineItem),
  /** Cursor for the next older page; null when the start of the conversation is loaded. */
  olderCursor: z.string().nullable(),
});
export type TimelinePage = z.infer<typeof timelinePage>;

export const conversationDetail = z.object({
  conversation: conversationSummary,
  timeline: timelinePage,
  /** Id of the first item after which a human was asked for, to jump to the handoff. */
  handoffItemId: z.string().nullable(),
});
export type ConversationDetail = z.infer<typeof conversationDetail>;

export const sendMessageBody = z.object({
  text: z
    .string()
    .trim()
    .min(1, "A reply cannot be empty.")
    .max(2000, "Messenger allows at most 2,000 characters.")
    .refine(noNul, NUL_MESSAGE),
  clientId: z.string().min(1).max(100).refine(noNul, NUL_MESSAGE),
});
export type SendMessageBody = z.infer<typeof sendMessageBody>;

export const sendMessageResult = z.object({ message: messageItem, conversation: conversationSummary });
export type SendMessageResult = z.infer<typeof sendMessageResult>;

export const assignBody = z.object({ agentId: z.string().nullable() });
export type AssignBody = z.infer<typeof assignBody>;

export const conversationResult = z.object({ conversation: conversationSummary });

export const agentsResponse = z.object({ agents: z.array(agent) });

/** A canned reply is shared (managers keep those) or personal (its owner's only, listed before the shared ones). */
export const cannedReply = z.object({
  id: z.string(),
  shortcut: z.string(),
  text: z.string(),
  shared: z.boolean(),
});
export type CannedReply = z.infer<typeof cannedReply>;
export const cannedReplyBody = z.object({
  shortcut: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .regex(/^[a-z0-9_-]+$/i, "Use letters, digits, - and _ only."),
  text: z.string().trim().min(1).max(2000).refine(noNul, NUL_MESSAGE),
  /** Shared with the whole team (managers only) or the author's own. */
  shared: z.boolean().default(false),
});
export const cannedRepliesResponse = z.object({ replies: z.array(cannedReply) });

export const settingsResponse = z.object({
  humanAgentTagEnabled: z.boolean(),
  pageName: z.string(),
  simulator: z.boolean(),
});
export type Settings = z.infer<typeof settingsResponse>;

/** Every API error has this shape. */
export const apiError = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiError = z.infer<typeof apiError>;

/**
 * A reply Meta refused (POST /api/conversations/:id/messages, …/retry): the error, and beside it the message as
 * Baton stored it (failed, with the reason) so the transcript shows it at once.
 */
export const sendMessageError = apiError.extend({ message: messageItem.optional() });
export type SendMessageError = z.infer<typeof sendMessageError>;
