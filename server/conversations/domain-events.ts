import type { MessengerEvent } from "../messenger/events.ts";

/** Things Baton's agents did, logged beside Meta's events so a conversation can be replayed. */
interface AgentBase {
  pageId: string;
  psid: string;
  at: number;
  channel: "baton";
  dedupeKey: string;
  agentId: string | null;
}
export interface AgentMessage extends AgentBase {
  kind: "agent_message";
  mid: string;
  messageId: string;
  text: string | null;
}
export interface AgentResolve extends AgentBase {
  kind: "agent_resolve";
}
export interface AgentReopen extends AgentBase {
  kind: "agent_reopen";
}
export interface AgentAssign extends AgentBase {
  kind: "agent_assign";
  assigneeId: string | null;
}
export interface AgentRead extends AgentBase {
  kind: "agent_read";
}
/** Baton's own thread-control calls succeeded (Meta sends no webhook to the caller for these). */
export interface AgentOwnerChange extends AgentBase {
  kind: "agent_owner_change";
  owner: "baton" | "bot";
}
/** The bot's grace period for a customer message ran out. */
export interface BotGraceExpired {
  kind: "bot_grace_expired";
  pageId: string;
  psid: string;
  at: number;
  channel: "baton";
  dedupeKey: string;
  customerAt: number;
}

export type AgentEvent =
  AgentMessage | AgentResolve | AgentReopen | AgentAssign | AgentRead | AgentOwnerChange;
export type DomainEvent = MessengerEvent | AgentEvent | BotGraceExpired;
