import { describe, expect, it } from "vitest";
import {
  HUMAN_AGENT_WINDOW_MS,
  messagingWindowAt,
  nextWindowTransition,
  ownerAt,
  STANDARD_WINDOW_MS,
} from "./messaging-window.ts";

const last = new Date("2025-03-01T12:00:00.000Z");
const at = (ms: number) => new Date(last.getTime() + ms);

describe("nextWindowTransition", () => {
  it("is when messagingWindowAt next answers differently", () => {
    for (const policy of [{ humanAgentTagEnabled: true }, { humanAgentTagEnabled: false }]) {
      for (const t of [0, 1000, STANDARD_WINDOW_MS - 1, STANDARD_WINDOW_MS, HUMAN_AGENT_WINDOW_MS - 1]) {
        const next = nextWindowTransition(last, at(t));
        expect(next).not.toBeNull();
        if (!next) continue;
        const before = new Date(next.getTime() - 1);
        expect(messagingWindowAt(last, before, policy).reason).toBe(
          messagingWindowAt(last, at(t), policy).reason,
        );
        expect(messagingWindowAt(last, before, policy).kind).toBe(
          messagingWindowAt(last, at(t), policy).kind,
        );
        expect(messagingWindowAt(last, next, policy)).not.toEqual(messagingWindowAt(last, before, policy));
      }
    }
  });

  it("is null once nothing changes until the customer writes", () => {
    expect(nextWindowTransition(last, at(HUMAN_AGENT_WINDOW_MS))).toBeNull();
    expect(nextWindowTransition(null, at(0))).toBeNull();
  });
});

describe("ownerAt", () => {
  it("is idle from 24 hours after the customer's last message", () => {
    expect(ownerAt("bot", last, at(STANDARD_WINDOW_MS - 1))).toBe("bot");
    expect(ownerAt("bot", last, at(STANDARD_WINDOW_MS))).toBe("idle");
    expect(ownerAt("baton", null, at(HUMAN_AGENT_WINDOW_MS))).toBe("baton");
  });
});
