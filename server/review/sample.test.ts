import { describe, expect, it } from "vitest";
import type { BotFlow } from "../../contract/review.ts";
import { allocate, drawSample, type SampleCandidate } from "./sample.ts";

describe("allocating the daily sample to flows", () => {
  const rows: [string, [BotFlow, number][], number, [BotFlow, number][]][] = [
    [
      "proportionally to each flow",
      [
        ["shipping", 100],
        ["welcome", 50],
      ],
      0.1,
      [
        ["shipping", 10],
        ["welcome", 5],
      ],
    ],
    [
      "at least one from every non-empty flow",
      [
        ["shipping", 100],
        ["review", 2],
      ],
      0.05,
      [
        ["review", 1],
        ["shipping", 5],
      ],
    ],
    [
      "by largest remainder to reach share x all",
      [
        ["abandoned_cart", 15],
        ["shipping", 15],
        ["welcome", 10],
      ],
      0.1,
      [
        ["abandoned_cart", 2],
        ["shipping", 1],
        ["welcome", 1],
      ],
    ],
    ["never more than a flow holds", [["other", 3]], 1, [["other", 3]]],
    ["nothing with a share of 0", [["other", 30]], 0, []],
    ["nothing from empty flows", [["other", 0]], 0.5, []],
  ];
  it.each(rows)("%s", (_name, sizes, share, expected) => {
    const got = allocate(new Map(sizes), share);
    expect(new Map([...got].filter(([, n]) => n > 0))).toEqual(new Map(expected));
  });
});

describe("drawing the daily sample", () => {
  const day = "2026-11-20";
  const candidates: SampleCandidate[] = Array.from({ length: 200 }, (_, i) => ({
    id: `r${i}`,
    flow: (["shipping", "welcome", "abandoned_cart", "review"] as const)[i % 4] ?? "other",
  }));

  it("draws the same resolutions for the same day and secret, in any input order", () => {
    const a = drawSample(candidates, { day, secret: "s1", share: 0.1 });
    const b = drawSample([...candidates].reverse(), { day, secret: "s1", share: 0.1 });
    expect(a).toEqual(b);
    expect(a).toHaveLength(20);
  });

  it("draws other resolutions for another day or another secret", () => {
    const ids = (d: ReturnType<typeof drawSample>) => d.map((x) => x.id).sort();
    const base = ids(drawSample(candidates, { day, secret: "s1", share: 0.1 }));
    expect(ids(drawSample(candidates, { day: "2026-11-21", secret: "s1", share: 0.1 }))).not.toEqual(base);
    expect(ids(drawSample(candidates, { day, secret: "s2", share: 0.1 }))).not.toEqual(base);
  });

  it("keeps each drawn resolution in its own flow's stratum", () => {
    const drawn = drawSample(candidates, { day, secret: "s1", share: 0.1 });
    for (const d of drawn) expect(candidates.find((c) => c.id === d.id)?.flow).toBe(d.stratum);
    const perFlow = new Map<string, number>();
    for (const d of drawn) perFlow.set(d.stratum, (perFlow.get(d.stratum) ?? 0) + 1);
    expect(Object.fromEntries(perFlow)).toEqual({ abandoned_cart: 5, review: 5, shipping: 5, welcome: 5 });
  });

  it("adding resolutions to one flow does not change what is drawn from another", () => {
    const more = [
      ...candidates,
      ...Array.from({ length: 40 }, (_, i) => ({ id: `x${i}`, flow: "other" as const })),
    ];
    const shipping = (d: ReturnType<typeof drawSample>) => d.filter((x) => x.stratum === "shipping");
    expect(shipping(drawSample(more, { day, secret: "s1", share: 0.1 }))).toEqual(
      shipping(drawSample(candidates, { day, secret: "s1", share: 0.1 })),
    );
  });
});
