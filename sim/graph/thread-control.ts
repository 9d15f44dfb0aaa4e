import { metaErrors, type GraphErrorSpec } from "./meta-errors.ts";

/**
 * Who owns a Messenger thread and who may send into it: the one module that holds Meta's rules
 * (Handover Protocol as served by Conversation Routing). Pure: callers pass the time.
 */

export const STANDARD_WINDOW_MS = 24 * 60 * 60 * 1000;
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;
/** Conversation Routing: a thread is idle after 24 hours without a customer message. */
const DEFAULT_IDLE_AFTER_MS = 24 * 60 * 60 * 1000;
/** Tags Meta retired; sending one is refused with error 100. */
const RETIRED_TAGS = ["ACCOUNT_UPDATE", "CONFIRMED_EVENT_UPDATE", "POST_PURCHASE_UPDATE"] as const;

export interface ThreadState {
  /** The app that holds control, or null once the thread has been released. */
  ownerAppId: string | null;
  /** The customer's last message, postback or reaction (ms); null when they never wrote. */
  lastCustomerActivityAt: number | null;
  /** When the owner got the thread (ms): taking an idle thread makes it active again. */
  controlSince: number | null;
}

export interface PageApps {
  /** The default app / primary receiver: owns idle threads. */
  primaryAppId: string;
  /** Every app connected to the Page, primary included. */
  connectedAppIds: readonly string[];
  /** Apps allowed to take control without being asked (the primary always may). */
  fullControlAppIds: readonly string[];
}

export interface RoutingRules {
  idleAfterMs: number;
}

export const defaultRoutingRules: RoutingRules = { idleAfterMs: DEFAULT_IDLE_AFTER_MS };

/** A thread is idle after `idleAfterMs` without customer activity since its owner got it, or when released. */
export function isIdle(thread: ThreadState, now: number, rules: RoutingRules = defaultRoutingRules): boolean {
  if (thread.ownerAppId === null) return true;
  const lastActive = Math.max(thread.lastCustomerActivityAt ?? -Infinity, thread.controlSince ?? -Infinity);
  if (lastActive === -Infinity) return false;
  return now - lastActive >= rules.idleAfterMs;
}

/** The app that owns the thread now: an idle thread belongs to the primary receiver. */
export function effectiveOwner(
  thread: ThreadState,
  now: number,
  apps: PageApps,
  rules: RoutingRules = defaultRoutingRules,
): string {
  return isIdle(thread, now, rules) ? apps.primaryAppId : (thread.ownerAppId ?? apps.primaryAppId);
}

export interface SendAttempt {
  appId: string;
  messagingType: "RESPONSE" | "UPDATE" | "MESSAGE_TAG";
  tag: string | null;
  /** Typing indicators and mark_seen are sender actions, not messages. */
  senderAction: boolean;
}

/** Why a Send API call is refused, or null when it may go out. Order follows Meta: ownership, tag, window. */
export function refuseSend(
  thread: ThreadState,
  attempt: SendAttempt,
  now: number,
  apps: PageApps,
  rules: RoutingRules = defaultRoutingRules,
): GraphErrorSpec | null {
  if (effectiveOwner(thread, now, apps, rules) !== attempt.appId)
    return metaErrors.anotherAppControlsThread();
  if (attempt.tag !== null && (RETIRED_TAGS as readonly string[]).includes(attempt.tag))
    return metaErrors.unsupportedTag(attempt.tag);
  if (attempt.messagingType === "MESSAGE_TAG" && attempt.tag === null)
    return metaErrors.invalidParameter("messaging_type MESSAGE_TAG requires a tag");
  if (attempt.tag !== null && attempt.tag !== "HUMAN_AGENT")
    return metaErrors.invalidParameter(`Unknown tag ${attempt.tag}`);
  if (attempt.senderAction) return null;
  const last = thread.lastCustomerActivityAt;
  if (last === null) return metaErrors.outsideWindow();
  const since = now - last;
  if (since < STANDARD_WINDOW_MS) return null;
  if (attempt.tag === "HUMAN_AGENT" && since < HUMAN_AGENT_WINDOW_MS) return null;
  return metaErrors.outsideWindow();
}

export type ControlChange =
  | { kind: "pass"; from: string | null; to: string }
  | { kind: "take"; from: string | null; to: string }
  | { kind: "request"; owner: string; requester: string }
  | { kind: "release"; from: string; to: string }
  | { kind: "unchanged" };

/** pass_thread_control: the owner (or anyone, for an idle thread) hands the thread to another connected app. */
export function passControl(
  thread: ThreadState,
  callerAppId: string,
  targetAppId: string,
  now: number,
  apps: PageApps,
  rules: RoutingRules = defaultRoutingRules,
): ControlChange | GraphErrorSpec {
  if (!apps.connectedAppIds.includes(targetAppId)) return metaErrors.invalidTargetApp();
  const idle = isIdle(thread, now, rules);
  const owner = effectiveOwner(thread, now, apps, rules);
  if (!idle && owner !== callerAppId) return metaErrors.anotherAppControlsThread();
  if (!idle && owner === targetAppId) return { kind: "unchanged" };
  return { kind: "pass", from: idle ? null : owner, to: targetAppId };
}

/** take_thread_control: the primary receiver, or an app with full control, takes the thread from whoever has it. */
export function takeControl(
  thread: ThreadState,
  callerAppId: string,
  now: number,
  apps: PageApps,
  rules: RoutingRules = defaultRoutingRules,
): ControlChange | GraphErrorSpec {
  if (callerAppId !== apps.primaryAppId && !apps.fullControlAppIds.includes(callerAppId))
    return metaErrors.onlyPrimaryMayTake();
  const idle = isIdle(thread, now, rules);
  const owner = effectiveOwner(thread, now, apps, rules);
  if (!idle && owner === callerAppId) return { kind: "unchanged" };
  return { kind: "take", from: idle ? null : owner, to: callerAppId };
}

/** request_thread_control: an app that does not own the thread asks the owner for it. */
export function requestControl(
  thread: ThreadState,
  callerAppId: string,
  now: number,
  apps: PageApps,
  rules: RoutingRules = defaultRoutingRules,
): ControlChange | GraphErrorSpec {
  const owner = effectiveOwner(thread, now, apps, rules);
  if (owner === callerAppId) return { kind: "unchanged" };
  return { kind: "request", owner, requester: callerAppId };
}

/** release_thread_control: the owner lets go; the thread is idle and the primary receiver has it. */
export function releaseControl(
  thread: ThreadState,
  callerAppId: string,
  now: number,
  apps: PageApps,
  rules: RoutingRules = defaultRoutingRules,
): ControlChange | GraphErrorSpec {
  const owner = effectiveOwner(thread, now, apps, rules);
  if (owner !== callerAppId) return metaErrors.anotherAppControlsThread();
  if (callerAppId === apps.primaryAppId) return { kind: "unchanged" };
  return { kind: "release", from: callerAppId, to: apps.primaryAppId };
}

export function isGraphErrorSpec(value: ControlChange | GraphErrorSpec): value is GraphErrorSpec {
  return "code" in value;
}
