import { z } from "zod/mini";
import { referral } from "./signals.ts";

/** Who is handling a conversation, as Baton sees it. */
export const conversationStatus = z.enum([
  "bot", // the bot is talking with the customer
  "bot_resolved", // the bot answered and nobody needs to act
  "open", // needs a human: the bot did not answer, or the customer asked for a person
  "pending", // an agent answered, waiting on the customer
  "resolved", // closed by an agent
]);
export type ConversationStatus = z.infer<typeof conversationStatus>;

/** Which app owns the Messenger thread (Handover Protocol / Conversation Routing). */
export const threadOwner = z.enum(["bot", "baton", "page_inbox", "idle"]);
export type ThreadOwner = z.infer<typeof threadOwner>;

export const conversationFlag = z.enum(["bot_replied_after_handoff", "autoresponder_suspected"]);
export type ConversationFlag = z.infer<typeof conversationFlag>;

export const inboxView = z.enum(["open", "mine", "unassigned", "pending", "bot_resolved", "resolved", "all"]);
export type InboxView = z.infer<typeof inboxView>;

const windowKind = z.enum(["open", "human_agent", "closed"]);
export type WindowKind = z.infer<typeof windowKind>;

export const messagingWindow = z.object({
  kind: windowKind,
  /** When the current kind ends (ISO); null when closed or when the customer never wrote. */
  closesAt: z.nullable(z.string()),
  /** Why the agent cannot reply, when closed. */
  reason: z.nullable(z.string()),
});
export type MessagingWindow = z.infer<typeof messagingWindow>;

export const agent = z.object({
  id: z.string(),
  name: z.string(),
  role: z.enum(["agent", "manager", "admin"]),
});
export type Agent = z.infer<typeof agent>;

export const customer = z.object({
  psid: z.string(),
  name: z.string(),
  avatarUrl: z.nullable(z.string()),
});
export type Customer = z.infer<typeof customer>;

export const authorKind = z.enum(["customer", "bot", "agent", "page_inbox", "page", "system"]);
export type AuthorKind = z.infer<typeof authorKind>;

export const conversationSummary = z.object({
  id: z.string(),
  pageId: z.string(),
  customer,
  status: conversationStatus,
  owner: threadOwner,
  assignee: z.nullable(agent),
  flags: z.array(conversationFlag),
  lastMessage: z.nullable(
    z.object({
      preview: z.string(),
      author: authorKind,
      at: z.string(),
    }),
  ),
  lastActivityAt: z.string(),
  lastCustomerMessageAt: z.nullable(z.string()),
  escalatedAt: z.nullable(z.string()),
  escalationReason: z.nullable(z.string()),
  unreadCount: z.number().check(z.int(), z.nonnegative()),
  /** The latest referral (ad, m.me link, QR code) that brought the customer, for the header and search. */
  referral: z.optional(z.nullable(referral)),
  window: messagingWindow,
  /** Increases with every change; the SPA drops live updates older than what it holds. */
  version: z.number().check(z.int()),
});
export type ConversationSummary = z.infer<typeof conversationSummary>;
