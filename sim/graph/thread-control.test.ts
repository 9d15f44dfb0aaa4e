import { describe, expect, it } from "vitest";
import {
  HUMAN_AGENT_WINDOW_MS,
  STANDARD_WINDOW_MS,
  effectiveOwner,
  passControl,
  refuseSend,
  releaseControl,
  requestControl,
  takeControl,
  type PageApps,
  type SendAttempt,
  type ThreadState,
} from "./thread-control.ts";

const BOT = "1001";
const BATON = "2002";
const INBOX = "263902037430900";
const apps: PageApps = {
  primaryAppId: BOT,
  connectedAppIds: [BOT, BATON, INBOX],
  fullControlAppIds: [BATON, INBOX],
};
const NOW = Date.UTC(2026, 2, 10, 12);
const H = 60 * 60 * 1000;

const thread = (
  ownerAppId: string | null,
  customerAgo: number | null,
  controlAgo: number | null = customerAgo,
): ThreadState => ({
  ownerAppId,
  lastCustomerActivityAt: customerAgo === null ? null : NOW - customerAgo,
  controlSince: controlAgo === null ? null : NOW - controlAgo,
});
const send = (appId: string, tag: string | null = null, senderAction = false): SendAttempt => ({
  appId,
  messagingType: tag ? "MESSAGE_TAG" : "RESPONSE",
  tag,
  senderAction,
});

describe("who owns a thread", () => {
  it.each([
    ["a thread nobody took belongs to the primary receiver", thread(null, 1000), BOT],
    ["the app holding control owns an active thread", thread(BATON, H), BATON],
    ["a thread idle for 24 hours returns to the primary receiver", thread(BATON, 24 * H), BOT],
    ["a thread the customer never wrote to stays with its holder", thread(BATON, null), BATON],
    ["taking an idle thread makes it active again for 24 hours", thread(BATON, 30 * H, H), BATON],
  ])("%s", (_name, t, owner) => {
    expect(effectiveOwner(t, NOW, apps)).toBe(owner);
  });
});

describe("the Send API refuses like Meta", () => {
  it.each([
    ["the owner replies inside 24 hours", thread(BOT, 23 * H), send(BOT), null],
    ["an app that does not own the thread", thread(BOT, H), send(BATON), [10, 2018300]],
    ["the owner replies after 24 hours without a tag", thread(BATON, 25 * H), send(BOT), [10, 2018278]],
    [
      "a human agent replies on day 6 with HUMAN_AGENT",
      thread(BATON, 6 * 24 * H),
      send(BOT, "HUMAN_AGENT"),
      null,
    ],
    [
      "HUMAN_AGENT cannot reach past 7 days",
      thread(BOT, HUMAN_AGENT_WINDOW_MS),
      send(BOT, "HUMAN_AGENT"),
      [10, 2018278],
    ],
    ["a retired tag is refused with 100", thread(BOT, H), send(BOT, "POST_PURCHASE_UPDATE"), [100, 2018354]],
    ["nobody may message a customer who never wrote", thread(BOT, null), send(BOT), [10, 2018278]],
    ["typing indicators need ownership but no window", thread(BOT, 30 * 24 * H), send(BOT, null, true), null],
    ["ownership is checked before the window", thread(BOT, 30 * 24 * H), send(BATON), [10, 2018300]],
    ["the standard window ends at exactly 24 hours", thread(BOT, STANDARD_WINDOW_MS - 1), send(BOT), null],
  ])("%s", (_name, t, attempt, expected) => {
    const refusal = refuseSend(t, attempt, NOW, apps);
    expect(refusal ? [refusal.code, refusal.subcode] : null).toEqual(expected);
  });
});

describe("thread control calls", () => {
  it("the owner passes to Baton; Baton is told who had it", () => {
    expect(passControl(thread(BOT, H), BOT, BATON, NOW, apps)).toEqual({
      kind: "pass",
      from: BOT,
      to: BATON,
    });
  });
  it("an app that does not own the thread cannot pass it", () => {
    expect(passControl(thread(BOT, H), BATON, BATON, NOW, apps)).toMatchObject({
      code: 10,
      subcode: 2018300,
    });
  });
  it("anyone may pass an idle thread, and the previous owner is null", () => {
    expect(passControl(thread(BATON, 30 * H), BOT, BATON, NOW, apps)).toEqual({
      kind: "pass",
      from: null,
      to: BATON,
    });
  });
  it("passing to an app that is not connected is refused", () => {
    expect(passControl(thread(BOT, H), BOT, "999", NOW, apps)).toMatchObject({ code: 100 });
  });
  it("Baton takes the thread from the bot", () => {
    expect(takeControl(thread(BOT, H), BATON, NOW, apps)).toEqual({ kind: "take", from: BOT, to: BATON });
  });
  it("an app without full control cannot take", () => {
    expect(takeControl(thread(BOT, H), BATON, NOW, { ...apps, fullControlAppIds: [] })).toMatchObject({
      code: 10,
    });
  });
  it("taking a thread one already owns changes nothing", () => {
    expect(takeControl(thread(BATON, H), BATON, NOW, apps)).toEqual({ kind: "unchanged" });
  });
  it("a request goes to the current owner", () => {
    expect(requestControl(thread(BATON, H), BOT, NOW, apps)).toEqual({
      kind: "request",
      owner: BATON,
      requester: BOT,
    });
  });
  it("releasing returns the thread to the primary receiver", () => {
    expect(releaseControl(thread(BATON, H), BATON, NOW, apps)).toEqual({
      kind: "release",
      from: BATON,
      to: BOT,
    });
    expect(releaseControl(thread(BATON, H), BOT, NOW, apps)).toMatchObject({ code: 10, subcode: 2018300 });
  });
});
