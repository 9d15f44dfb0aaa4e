import { useQuery } from "@tanstack/react-query";
import type { ConversationSummary, MessagingWindow, ThreadOwner } from "@contract/conversation.ts";
import {
  CLOSING_SOON_MS,
  messagingWindowAt,
  nextWindowTransition,
  ownerAt,
  windowTimeLeft,
  type WindowPolicy,
} from "@contract/messaging-window.ts";
import { formatDuration } from "@/lib/format.ts";
import { useNow } from "@/lib/use-now.ts";
import { settingsQueryOptions } from "@/shared/settings-query.ts";

/** The conversation fields the window rule reads. */
export type WindowSource = Pick<ConversationSummary, "window" | "lastCustomerMessageAt" | "owner">;

export interface WindowState {
  window: MessagingWindow;
  /** Milliseconds until the current kind ends; null when closed. */
  timeLeft: number | null;
  /** Under two hours left. */
  closing: boolean;
  /** Who owns the thread now: idle once 24 hours have passed since the customer's last message. */
  owner: ThreadOwner;
  now: Date;
}

/** A countdown as the inbox shows it: whole seconds rounded up, so an open window never reads "0s left". */
export function formatTimeLeft(ms: number): string {
  return formatDuration(Math.ceil(ms / 1000) * 1000);
}

/**
 * When `formatTimeLeft` of the time left until `deadline` next changes (epoch ms), or null once it has run out.
 * Its unit is the second under a minute, the minute under a day, the hour beyond.
 */
export function countdownNextChange(deadline: number, now: number): number | null {
  const left = deadline - now;
  if (left <= 0) return null;
  const s = Math.ceil(left / 1000);
  const unit = s >= 86_400 ? 3600 : s >= 60 ? 60 : 1;
  const shownFrom = Math.floor(s / unit) * unit;
  // The text changes when the rounded-up seconds drop below `shownFrom`.
  return deadline - (shownFrom - 1) * 1000;
}

/**
 * The window at `now` from the snapshot's last customer activity and the Page's policy (the contract's rule, as the
 * server applies it); the snapshot itself while the policy is unknown.
 */
export function windowStateAt(c: WindowSource, now: Date, policy: WindowPolicy | null): WindowState {
  const last = c.lastCustomerMessageAt ? new Date(c.lastCustomerMessageAt) : null;
  const window = policy ? messagingWindowAt(last, now, policy) : c.window;
  const timeLeft = windowTimeLeft(window, now);
  return {
    window,
    timeLeft,
    closing: timeLeft !== null && timeLeft < CLOSING_SOON_MS,
    owner: ownerAt(c.owner, last, now),
    now,
  };
}

/** When anything `windowStateAt` shows next changes: a transition, the countdown's text, or the closing-soon mark. */
export function windowNextChange(c: WindowSource, now: number, policy: WindowPolicy | null): number | null {
  const at = new Date(now);
  const last = c.lastCustomerMessageAt ? new Date(c.lastCustomerMessageAt) : null;
  const candidates: number[] = [];
  const transition = policy ? nextWindowTransition(last, at) : null;
  if (transition) candidates.push(transition.getTime());
  const { window } = windowStateAt(c, at, policy);
  if (window.closesAt) {
    const closesAt = Date.parse(window.closesAt);
    const countdown = countdownNextChange(closesAt, now);
    if (countdown !== null) candidates.push(countdown);
    const closingFrom = closesAt - CLOSING_SOON_MS;
    if (closingFrom >= now) candidates.push(closingFrom + 1);
  }
  const future = candidates.filter((t) => t > now);
  return future.length ? Math.min(...future) : null;
}

/**
 * The conversation's messaging window, live: recomputed in the browser as time passes, so the countdown, the
 * composer and the owner change at the right moment without a fetch. Re-renders only when what it shows changes.
 */
export function useMessagingWindow(c: WindowSource): WindowState {
  const policy = useQuery({
    ...settingsQueryOptions(),
    select: (s): WindowPolicy => ({ humanAgentTagEnabled: s.humanAgentTagEnabled }),
  }).data;
  const known = policy ?? null;
  const now = useNow((t) => windowNextChange(c, t, known));
  return windowStateAt(c, now, known);
}
