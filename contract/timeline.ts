import { z } from "zod/mini";
import { agent, authorKind } from "./conversation.ts";

export const button = z.object({
  type: z.string(), // postback, web_url, phone_number, ...
  title: z.string(),
  payload: z.nullable(z.string()),
  url: z.nullable(z.string()),
});
export type TemplateButton = z.infer<typeof button>;

const cardElement = z.object({
  title: z.string(),
  subtitle: z.nullable(z.string()),
  imageUrl: z.nullable(z.string()),
  buttons: z.array(button),
});
export type CardElement = z.infer<typeof cardElement>;

export const attachment = z.discriminatedUnion("type", [
  z.object({ type: z.literal("image"), url: z.nullable(z.string()), stickerId: z.nullable(z.number()) }),
  z.object({ type: z.literal("video"), url: z.nullable(z.string()) }),
  z.object({ type: z.literal("audio"), url: z.nullable(z.string()) }),
  z.object({ type: z.literal("file"), url: z.nullable(z.string()), name: z.nullable(z.string()) }),
  z.object({ type: z.literal("fallback"), url: z.nullable(z.string()), title: z.nullable(z.string()) }),
  z.object({ type: z.literal("location"), title: z.nullable(z.string()), url: z.nullable(z.string()) }),
  /** The customer mentioned the Page in their Instagram/Facebook story. */
  z.object({ type: z.literal("story_mention"), url: z.nullable(z.string()) }),
  /** generic (cards and carousels), button, media and other templates. */
  z.object({
    type: z.literal("template"),
    templateType: z.string(),
    text: z.nullable(z.string()),
    elements: z.array(cardElement),
    buttons: z.array(button),
  }),
]);
export type Attachment = z.infer<typeof attachment>;

export const quickReplyOption = z.object({
  title: z.string(),
  payload: z.string(),
  imageUrl: z.nullable(z.string()),
});
export type QuickReplyOption = z.infer<typeof quickReplyOption>;

export const deliveryState = z.enum(["sending", "sent", "delivered", "read", "failed"]);
export type DeliveryState = z.infer<typeof deliveryState>;

export const messageItem = z.object({
  kind: z.literal("message"),
  id: z.string(),
  mid: z.nullable(z.string()),
  /** The id a client chose for an agent reply it sent optimistically. */
  clientId: z.nullable(z.string()),
  author: authorKind,
  /** The agent who wrote it, for agent messages. */
  agent: z.nullable(agent),
  /** The Facebook app that sent an echo, when known. */
  appId: z.nullable(z.string()),
  at: z.string(),
  text: z.nullable(z.string()),
  attachments: z.array(attachment),
  /** Chips the page offered with this message. */
  quickReplies: z.array(quickReplyOption),
  /** The chip the customer tapped to send this message. */
  quickReplyPayload: z.nullable(z.string()),
  /** A button tap (postback) rather than a typed message. */
  postback: z.nullable(z.object({ title: z.string(), payload: z.nullable(z.string()) })),
  replyToMid: z.nullable(z.string()),
  /** A reply to the Page's story rather than to a message. */
  storyReply: z.optional(z.nullable(z.object({ url: z.nullable(z.string()), id: z.nullable(z.string()) }))),
  /** The customer edited this message (Meta's message_edits): the text above is the latest. */
  edited: z.optional(
    z.nullable(
      z.object({ at: z.string(), originalText: z.nullable(z.string()), count: z.number().check(z.int()) }),
    ),
  ),
  /** The customer unsent (deleted) this message, where Meta reports it. */
  deleted: z.optional(z.boolean()),
  reactions: z.array(z.object({ emoji: z.string(), reaction: z.string() })),
  delivery: deliveryState,
  error: z.nullable(z.string()),
  /** Sent with the HUMAN_AGENT tag. */
  tag: z.nullable(z.string()),
});
export type MessageItem = z.infer<typeof messageItem>;

export const systemEvent = z.enum([
  "escalated",
  "no_bot_answer",
  "bot_resolved",
  "bot_replied_after_handoff",
  "autoresponder_suspected",
  "control_passed",
  "control_taken",
  "control_requested",
  "control_released",
  "assigned",
  "resolved",
  "reopened",
  "roles_changed",
  /** Came from an ad, an m.me link or a QR code. */
  "referral",
  /** Opted in: checkbox plugin (user_ref), Send to Messenger, recurring notifications. */
  "opt_in",
  /** Scores and comments from Meta's customer feedback form. */
  "feedback",
]);
export type SystemEvent = z.infer<typeof systemEvent>;

export const systemItem = z.object({
  kind: z.literal("system"),
  id: z.string(),
  at: z.string(),
  event: systemEvent,
  text: z.string(),
  agent: z.nullable(agent),
});
export type SystemItem = z.infer<typeof systemItem>;

export const timelineItem = z.discriminatedUnion("kind", [messageItem, systemItem]);
export type TimelineItem = z.infer<typeof timelineItem>;
