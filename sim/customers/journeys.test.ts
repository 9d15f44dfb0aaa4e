import { describe, expect, it } from "vitest";
import { Random } from "../random.ts";
import { JourneyWriter, journeyKinds } from "./journeys.ts";

describe("scripted journeys", () => {
  it.each(journeyKinds)("%s can be written for live customers, with no agent steps", (kind) => {
    const writer = new JourneyWriter(new Random(7), { agents: [], withAgents: false });
    for (let i = 0; i < 20; i++) {
      const journey = writer.write(kind, "Ana");
      expect(journey.steps.length).toBeGreaterThan(0);
      expect(
        journey.steps.filter((s) => s.action.do.startsWith("agent") || s.action.do === "sweepTimers"),
      ).toEqual([]);
    }
  });

  it("the same seed writes the same history", () => {
    const a = new JourneyWriter(new Random(42), { agents: ["maya"], withAgents: true }).write(
      "handoff_resolved",
      "Ana",
    );
    const b = new JourneyWriter(new Random(42), { agents: ["maya"], withAgents: true }).write(
      "handoff_resolved",
      "Ana",
    );
    expect(a).toEqual(b);
  });
});
