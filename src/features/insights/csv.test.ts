import { describe, expect, it } from "vitest";
import { insightsFor } from "@/mocks/insights-fixtures.ts";
import { agentData, outcomesData } from "@/features/insights/chart-data.ts";
import { chartCsv } from "@/features/insights/components/chart-figure.tsx";
import { toCsv } from "@/features/insights/csv.ts";

describe("CSV of a chart", () => {
  it("writes a header and one line per row, CRLF, numbers as they are and nothing for unknown values", () => {
    const csv = toCsv(
      [
        { header: "Name", value: (r: { name: string; n: number | null }) => r.name },
        { header: "Count", value: (r) => r.n },
      ],
      [
        { name: "Ana", n: 3 },
        { name: "Ben", n: null },
      ],
    );
    expect(csv).toBe("Name,Count\r\nAna,3\r\nBen,\r\n");
  });

  it("quotes commas, quotes and line breaks, and keeps formulas from running in a spreadsheet", () => {
    const csv = toCsv(
      [{ header: "Text", value: (r: string) => r }],
      ["Dubois, Chloé", 'say "hi"', "two\nlines", '=HYPERLINK("x")', "-1+1", "@sum"],
    );
    expect(csv.split("\r\n")).toEqual([
      "Text",
      '"Dubois, Chloé"',
      '"say ""hi"""',
      '"two\nlines"',
      `"'=HYPERLINK(""x"")"`,
      "'-1+1",
      "'@sum",
      "",
    ]);
  });

  it("the outcomes chart's CSV holds each class's count and share of the cohort", () => {
    const data = insightsFor({ from: "2026-11-01", to: "2026-11-07" });
    const csv = chartCsv(outcomesData(data));
    const lines = csv.trimEnd().split("\r\n");
    expect(lines[0]).toBe("Outcome,Conversations,Share");
    expect(lines.map((l) => l.split(",")[0]).slice(1)).toEqual([
      "confirmed",
      "assumed",
      "awaiting",
      "handed_off",
      "unresolved",
    ]);
    for (const line of lines.slice(1)) {
      const [outcome, count, share] = line.split(",");
      const answer = data.outcomes.find((o) => o.outcome === outcome);
      expect(Number(count)).toBe(answer?.conversations);
      expect(Number(share)).toBeCloseTo(answer?.rate ?? -1, 4);
    }
    const shares = lines.slice(1).map((l) => Number(l.split(",")[2]));
    expect(shares.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
  });

  it("the agents chart's CSV writes durations in seconds", () => {
    const data = insightsFor({ from: "2026-11-01", to: "2026-11-07" });
    data.byAgent = [{ agentId: "a", name: "Ana Silva", handled: 12, medianFirstResponseMs: 90_400 }];
    expect(chartCsv(agentData(data))).toBe("Agent,Handled,Median first response (s)\r\nAna Silva,12,90\r\n");
  });
});
