import { QueryClientProvider } from "@tanstack/react-query";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { beforeEach, describe, expect, it } from "vitest";
import type { Role } from "@contract/auth.ts";
import { insightDefinitions, type InsightsQuery } from "@contract/insights.ts";
import { insightsFor } from "@/mocks/insights-fixtures.ts";
import { insightsHandlers } from "@/mocks/insights-handlers.ts";
import { server } from "@/mocks/node.ts";
import { sessionKeys } from "@/shared/query-keys.ts";
import { testQueryClient } from "@/test/render.tsx";
import { InsightsPage } from "@/features/insights/components/insights-page.tsx";
import { addDays, todayUtc } from "@/features/insights/range.ts";

/** The queries the page sent to GET /api/insights, in order. */
let asked: InsightsQuery[] = [];

beforeEach(() => {
  asked = [];
  server.use(
    ...insightsHandlers({
      answer: (query) => {
        asked.push(query);
        return insightsFor(query);
      },
    }),
  );
});

/** The page alone, signed in as `role` (the session is in the cache, as the app has it before any page renders). */
function renderPage(url: string, role: Role = "manager") {
  window.history.replaceState(null, "", url);
  const queryClient = testQueryClient();
  queryClient.setQueryData(sessionKeys.current(), {
    agent: { id: "agent-chloe", name: "Chloé Dubois", email: "chloe@demo-shop.example", role },
    via: "cookie",
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  });
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={queryClient}>
      <InsightsPage />
    </QueryClientProvider>,
  );
  return { user };
}

const loaded = () => screen.findByText("Outcomes", { selector: "h2" }, { timeout: 5000 });

// jsdom computes styles slowly, and role queries over the whole page ask for every element's: find a figure's
// section by its heading, then query inside it.
function sectionOf(title: string): HTMLElement {
  const section = screen.getByText(title, { selector: "h2" }).closest("section");
  if (!section) throw new Error(`no section ${title}`);
  return section;
}
const rangeButton = (label: string) =>
  within(screen.getByRole("group", { name: "Date range" })).getByRole("button", { name: label });

describe("insights page", () => {
  it("shows the last 28 days by default, and a preset sets the range in the URL and the request", async () => {
    const { user } = renderPage("/insights");
    await loaded();
    const today = todayUtc();
    expect(asked.at(-1)).toEqual({ from: addDays(today, -27), to: today });
    await user.click(rangeButton("7 days"));
    expect(window.location.search).toBe("?range=7d");
    await waitFor(() => expect(asked.at(-1)).toEqual({ from: addDays(today, -6), to: today }));
    expect(rangeButton("7 days")).toHaveAttribute("aria-pressed", "true");
  });

  it("the custom range's date inputs set from and to", async () => {
    const { user } = renderPage("/insights?range=7d");
    await loaded();
    await user.click(rangeButton("Custom"));
    const form = screen.getByRole("form", { name: "Custom range" });
    fireEvent.change(within(form).getByLabelText("From"), { target: { value: "2026-10-01" } });
    fireEvent.change(within(form).getByLabelText("To"), { target: { value: "2026-10-15" } });
    await user.click(within(form).getByRole("button", { name: "Show range" }));
    expect(window.location.search).toBe("?from=2026-10-01&to=2026-10-15");
    await waitFor(() => expect(asked.at(-1)).toEqual({ from: "2026-10-01", to: "2026-10-15" }));
    expect(rangeButton("Custom")).toHaveAttribute("aria-pressed", "true");
    expect(await screen.findByText("Oct 1 – Oct 15, 2026")).toBeInTheDocument();
  });

  it("a range that ends before it starts is refused under the date inputs", async () => {
    const { user } = renderPage("/insights?from=2026-10-01&to=2026-10-15");
    await loaded();
    const form = screen.getByRole("form", { name: "Custom range" });
    fireEvent.change(within(form).getByLabelText("To"), { target: { value: "2026-09-01" } });
    await user.click(within(form).getByRole("button", { name: "Show range" }));
    expect(within(form).getByRole("alert")).toHaveTextContent("The range must not end before it starts.");
    expect(within(form).getByLabelText("To")).toHaveAttribute("aria-invalid", "true");
    expect(window.location.search).toBe("?from=2026-10-01&to=2026-10-15");
  });

  it("a figure's definition opens from its 'What is this?' button", async () => {
    const { user } = renderPage("/insights?from=2026-10-01&to=2026-10-28");
    await loaded();
    const section = sectionOf("False-resolution rate");
    const button = within(section).getByRole("button", { name: "What is this? (False-resolution rate)" });
    const definition = within(section).getByText(insightDefinitions.falseResolution.definition);
    expect(definition).not.toBeVisible();
    await user.click(button);
    expect(button).toHaveAttribute("aria-expanded", "true");
    expect(definition).toBeVisible();
  });

  it("a chart's table shows the answer's numbers", async () => {
    const query = { from: "2026-10-01", to: "2026-10-28" };
    const { user } = renderPage(`/insights?from=${query.from}&to=${query.to}`);
    await loaded();
    const data = insightsFor(query);
    const section = sectionOf("By agent");
    const toggle = within(section).getByRole("button", {
      name: "Show table of Conversations handled per agent",
    });
    await user.click(toggle);
    expect(toggle).toHaveAttribute("aria-expanded", "true");
    const table = within(section).getByRole("table", { name: "Conversations handled per agent" });
    for (const agent of data.byAgent) {
      const row = within(table).getByRole("row", { name: new RegExp(agent.name) });
      expect(row).toHaveTextContent(agent.handled.toLocaleString("en-US"));
    }
  });

  it("says 'not enough reviews' when the false-resolution rate is not measured", async () => {
    server.use(
      ...insightsHandlers({
        answer: (query) => {
          const data = insightsFor(query);
          return {
            ...data,
            falseResolution: {
              ...data.falseResolution,
              reviewed: 0,
              falseResolutions: 0,
              rate: null,
              low: null,
              high: null,
            },
            verifiedResolutionRate: null,
          };
        },
      }),
    );
    renderPage("/insights?range=today");
    await loaded();
    expect(screen.getAllByText("Not enough reviews")).toHaveLength(2);
  });

  it("an agent sees that the page is for managers, and nothing is asked of the server", async () => {
    renderPage("/insights", "agent");
    expect(
      await screen.findByRole("heading", { name: "Insights are for managers only" }),
    ).toBeInTheDocument();
    expect(screen.queryByRole("group", { name: "Date range" })).toBeNull();
    expect(asked).toEqual([]);
  });

  it("a failed answer is an alert with a retry", async () => {
    server.use(
      http.get("/api/insights", () =>
        HttpResponse.json(
          { error: { code: "internal", message: "The server is having a moment." } },
          { status: 500 },
        ),
      ),
    );
    renderPage("/insights");
    const alert = await screen.findByRole("alert", {}, { timeout: 5000 });
    expect(alert).toHaveTextContent("The server is having a moment.");
    expect(within(alert).getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
