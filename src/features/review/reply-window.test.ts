import { describe, expect, it } from "vitest";
import { HUMAN_AGENT_WINDOW_MS, STANDARD_WINDOW_MS } from "@contract/messaging-window.ts";
import { replyWindowAt } from "@/features/review/reply-window.ts";

const last = new Date("2026-03-02T09:00:00.000Z");
const after = (ms: number) => new Date(last.getTime() + ms);
const tag = { humanAgentTagEnabled: true };
const noTag = { humanAgentTagEnabled: false };

describe("whether a reopened customer can still be answered", () => {
  it("is the 24-hour window until its last millisecond", () => {
    expect(replyWindowAt(last.toISOString(), after(0), tag)).toEqual({
      chance: "open",
      text: "The customer can still be answered: 1d left in the 24-hour window.",
    });
    expect(replyWindowAt(last.toISOString(), after(STANDARD_WINDOW_MS - 1), tag)).toEqual({
      chance: "open",
      text: "The customer can still be answered: 1m left in the 24-hour window.",
    });
  });

  it("at 24 hours, only a person with the HUMAN_AGENT tag, until 7 days", () => {
    expect(replyWindowAt(last.toISOString(), after(STANDARD_WINDOW_MS), tag)).toEqual({
      chance: "human_agent",
      text: "Only a person can answer now, with the HUMAN_AGENT tag: 6d left in the 7-day window.",
    });
    expect(replyWindowAt(last.toISOString(), after(HUMAN_AGENT_WINDOW_MS - 1), tag).chance).toBe(
      "human_agent",
    );
  });

  it("is too late at 7 days, or at 24 hours when the Page has no HUMAN_AGENT tag", () => {
    const sevenDays = replyWindowAt(last.toISOString(), after(HUMAN_AGENT_WINDOW_MS), tag);
    expect(sevenDays.chance).toBe("too_late");
    expect(sevenDays.text).toMatch(/^Too late to answer\. More than 7 days have passed/);
    const noTagDay = replyWindowAt(last.toISOString(), after(STANDARD_WINDOW_MS), noTag);
    expect(noTagDay.chance).toBe("too_late");
    expect(noTagDay.text).toMatch(/HUMAN_AGENT tag is not enabled/);
    expect(replyWindowAt(last.toISOString(), after(STANDARD_WINDOW_MS - 1), noTag).chance).toBe("open");
  });

  it("does not count on the tag before the Page's settings are known, nor answer a customer who never wrote", () => {
    expect(replyWindowAt(last.toISOString(), after(STANDARD_WINDOW_MS), null).chance).toBe("too_late");
    expect(replyWindowAt(null, after(0), tag).chance).toBe("too_late");
  });
});
