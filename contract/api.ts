import { z } from "zod/mini";
import { agent, conversationSummary, inboxView } from "./conversation.ts";
import { noNul, tooLong, tooShort } from "./auth.ts";
import { messageItem, timelineItem } from "./timeline.ts";

const NUL_MESSAGE = "Must not contain a NUL character.";
/**
 * A cursor as the server hands it out: unpadded base64url. The server decodes it strictly as well (fractions,
 * exponents and numbers past bigint are refused there).
 */
const cursor = (max: number) =>
  z.string().check(z.maxLength(max), z.regex(/^[A-Za-z0-9_-]+$/, "Not a cursor this server gave out."));

export const listConversationsQuery = z.object({
  view: z._default(inboxView, "open"),
  q: z.optional(z.string().check(z.trim(), z.maxLength(200), z.refine(noNul, NUL_MESSAGE))),
  /** Its id part is a conversation id (page id and PSID, up to 256 characters each), hence the room. */
  cursor: z.optional(cursor(2048)),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(200)), 50),
});
export type ListConversationsQuery = z.input<typeof listConversationsQuery>;

export const conversationPage = z.object({
  items: z.array(conversationSummary),
  nextCursor: z.nullable(z.string()),
});
export type ConversationPage = z.infer<typeof conversationPage>;

export const viewCounts = z.record(inboxView, z.number().check(z.int(), z.nonnegative()));
export type ViewCounts = z.infer<typeof viewCounts>;

export const timelineQuery = z.object({
  /** Load items older than this cursor. */
  before: z.optional(cursor(200)),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 100),
});

export const timelinePage = z.object({
  items: z.array(timelineItem),
  /** Cursor for the next older page; null when the start of the conversation is loaded. */
  olderCursor: z.nullable(z.string()),
});
export type TimelinePage = z.infer<typeof timelinePage>;

export const conversationDetail = z.object({
  conversation: conversationSummary,
  timeline: timelinePage,
  /** Id of the first item after which a human was asked for, to jump to the handoff. */
  handoffItemId: z.nullable(z.string()),
});
export type ConversationDetail = z.infer<typeof conversationDetail>;

export const sendMessageBody = z.object({
  text: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, "A reply cannot be empty."),
      z.maxLength(2000, "Messenger allows at most 2,000 characters."),
      z.refine(noNul, NUL_MESSAGE),
    ),
  clientId: z.string().check(z.minLength(1), z.maxLength(100), z.refine(noNul, NUL_MESSAGE)),
});
export type SendMessageBody = z.infer<typeof sendMessageBody>;

export const sendMessageResult = z.object({ message: messageItem, conversation: conversationSummary });
export type SendMessageResult = z.infer<typeof sendMessageResult>;

export const assignBody = z.object({ agentId: z.nullable(z.string()) });
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
    .check(
      z.trim(),
      z.minLength(1, tooShort(1)),
      z.maxLength(40, tooLong(40)),
      z.regex(/^[a-z0-9_-]+$/i, "Use letters, digits, - and _ only."),
    ),
  text: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, tooShort(1)),
      z.maxLength(2000, tooLong(2000)),
      z.refine(noNul, NUL_MESSAGE),
    ),
  /** Shared with the whole team (managers only) or the author's own. */
  shared: z._default(z.boolean(), false),
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
    issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  }),
});
export type ApiError = z.infer<typeof apiError>;

/**
 * A reply Meta refused (POST /api/conversations/:id/messages, …/retry): the error, and beside it the message as
 * Baton stored it (failed, with the reason) so the transcript shows it at once.
 */
export const sendMessageError = z.extend(apiError, { message: z.optional(messageItem) });
export type SendMessageError = z.infer<typeof sendMessageError>;
