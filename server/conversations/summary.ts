import type {
  Agent,
  AuthorKind,
  ConversationFlag,
  ConversationStatus,
  ConversationSummary,
  ThreadOwner,
} from "../../contract/conversation.ts";
import { messagingWindowAt, ownerAt, type WindowPolicy } from "../../contract/messaging-window.ts";
import type { Referral } from "../../contract/signals.ts";
import type { ConversationReferral } from "./state-machine.ts";

/**
 * A conversation's row as the API shows it: pure, so the server's queries and the SPA's mock backend (src/mocks)
 * build the same summary from the same state.
 */

export interface ConversationRow {
  id: string;
  page_id: string;
  psid: string;
  customer_name: string;
  avatar_url: string | null;
  status: ConversationStatus;
  owner: ThreadOwner;
  flags: ConversationFlag[];
  escalated_at: number | null;
  escalation_reason: string | null;
  last_message_preview: string | null;
  last_message_author: AuthorKind | null;
  last_message_at: number | null;
  last_activity_at: number;
  last_customer_at: number | null;
  unread_count: number;
  handoff_item_id: string | null;
  version: number;
  assignee_id: string | null;
  assignee_name: string | null;
  assignee_role: Agent["role"] | null;
  referral: ConversationReferral | null;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A conversation's latest referral as the contract shows it. */
function toReferral(r: ConversationReferral | null): Referral | null {
  if (!r) return null;
  return { source: r.source, type: r.type, ref: r.ref, adId: r.adId, adTitle: r.adTitle, at: iso(r.at) };
}

function displayName(name: string, psid: string): string {
  return name.trim() || `Messenger user ${psid.slice(-4)}`;
}

/**
 * The owner as agents see it now: under Conversation Routing a thread is idle 24 hours after the customer's last
 * message (the contract's ownerAt, which the browser applies with its own clock).
 */
export function effectiveOwner(owner: ThreadOwner, lastCustomerAt: number | null, now: Date): ThreadOwner {
  return ownerAt(owner, lastCustomerAt === null ? null : new Date(lastCustomerAt), now);
}

export function toSummary(row: ConversationRow, now: Date, policy: WindowPolicy): ConversationSummary {
  return {
    id: row.id,
    pageId: row.page_id,
    customer: { psid: row.psid, name: displayName(row.customer_name, row.psid), avatarUrl: row.avatar_url },
    status: row.status,
    owner: effectiveOwner(row.owner, row.last_customer_at, now),
    assignee: row.assignee_id
      ? {
          id: row.assignee_id,
          name: row.assignee_name ?? row.assignee_id,
          role: row.assignee_role ?? "agent",
        }
      : null,
    flags: row.flags,
    lastMessage:
      row.last_message_at !== null && row.last_message_preview !== null
        ? {
            preview: row.last_message_preview,
            author: row.last_message_author ?? "customer",
            at: iso(row.last_message_at),
          }
        : null,
    lastActivityAt: iso(row.last_activity_at),
    lastCustomerMessageAt: row.last_customer_at !== null ? iso(row.last_customer_at) : null,
    escalatedAt: row.escalated_at !== null ? iso(row.escalated_at) : null,
    escalationReason: row.escalation_reason,
    unreadCount: row.unread_count,
    referral: toReferral(row.referral),
    window: messagingWindowAt(
      row.last_customer_at !== null ? new Date(row.last_customer_at) : null,
      now,
      policy,
    ),
    version: row.version,
  };
}
