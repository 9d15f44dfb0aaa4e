import type {
  AuthorKind,
  ConversationFlag,
  ConversationStatus,
  ThreadOwner,
} from "@contract/conversation.ts";

export const statusLabel: Record<ConversationStatus, string> = {
  bot: "With bot",
  bot_resolved: "Bot resolved",
  open: "Open",
  pending: "Pending",
  resolved: "Resolved",
};

export const ownerLabel: Record<ThreadOwner, string> = {
  bot: "Bot",
  baton: "Baton",
  page_inbox: "Page Inbox",
  idle: "Idle",
};

export const flagLabel: Record<ConversationFlag, string> = {
  bot_replied_after_handoff: "Bot replied after handoff",
  autoresponder_suspected: "Autoresponder suspected",
};

export const authorLabel: Record<AuthorKind, string> = {
  customer: "Customer",
  bot: "Bot",
  agent: "Agent",
  page_inbox: "Page Inbox",
  page: "Page",
  system: "System",
};
