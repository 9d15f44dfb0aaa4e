import type { MessagingWindow, ThreadOwner } from "./conversation.ts";

/** Messenger's standard messaging window: a Page may reply for 24 hours after the customer's last message. */
export const STANDARD_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The HUMAN_AGENT tag lets a human reply for up to 7 days after the customer's last message. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** Below this much time left, the inbox warns that the window is closing. */
export const CLOSING_SOON_MS = 2 * 60 * 60 * 1000;

export interface WindowPolicy {
  humanAgentTagEnabled: boolean;
}

/**
 * Which kind of reply an agent may send now. Pure: the caller passes the clock.
 * A customer's message, postback or reaction opens the window again; the caller passes the latest of those.
 */
export function messagingWindowAt(
  lastCustomerActivity: Date | null,
  now: Date,
  policy: WindowPolicy,
): MessagingWindow {
  if (!lastCustomerActivity) {
    return {
      kind: "closed",
      closesAt: null,
      reason: "The customer has not written yet, so the Page cannot message them.",
    };
  }
  const since = now.getTime() - lastCustomerActivity.getTime();
  const standardEnd = lastCustomerActivity.getTime() + STANDARD_WINDOW_MS;
  if (since < STANDARD_WINDOW_MS) {
    return { kind: "open", closesAt: new Date(standardEnd).toISOString(), reason: null };
  }
  const tagEnd = lastCustomerActivity.getTime() + HUMAN_AGENT_WINDOW_MS;
  if (since < HUMAN_AGENT_WINDOW_MS) {
    if (policy.humanAgentTagEnabled) {
      return { kind: "human_agent", closesAt: new Date(tagEnd).toISOString(), reason: null };
    }
    return {
      kind: "closed",
      closesAt: null,
      reason:
        "More than 24 hours have passed since the customer's last message, and the HUMAN_AGENT tag is not enabled for this Page.",
    };
  }
  return {
    kind: "closed",
    closesAt: null,
    reason:
      "More than 7 days have passed since the customer's last message. Messenger allows no reply until they write again.",
  };
}

/** Milliseconds left in the window, or null when it is closed. */
export function windowTimeLeft(window: MessagingWindow, now: Date): number | null {
  if (window.kind === "closed" || !window.closesAt) return null;
  return Math.max(0, Date.parse(window.closesAt) - now.getTime());
}

/**
 * When `messagingWindowAt` next gives a different answer (its kind or its reason), or null when it never will until
 * the customer writes again: 24 hours and 7 days after their last activity. Pure, like the rule itself.
 */
export function nextWindowTransition(lastCustomerActivity: Date | null, now: Date): Date | null {
  if (!lastCustomerActivity) return null;
  const last = lastCustomerActivity.getTime();
  for (const end of [last + STANDARD_WINDOW_MS, last + HUMAN_AGENT_WINDOW_MS])
    if (now.getTime() < end) return new Date(end);
  return null;
}

/** Under Conversation Routing a thread is idle 24 hours after the customer's last message, whoever owned it. */
export function ownerAt(owner: ThreadOwner, lastCustomerActivity: Date | null, now: Date): ThreadOwner {
  if (owner === "idle") return "idle";
  if (lastCustomerActivity && now.getTime() - lastCustomerActivity.getTime() >= STANDARD_WINDOW_MS)
    return "idle";
  return owner;
}
