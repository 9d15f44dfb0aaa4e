import { QueryClientProvider } from "@tanstack/react-query";
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { buildReviewCase, buildReviewCases } from "@/mocks/review-fixtures.ts";
import { createReviewHandlers, ReviewMockStore } from "@/mocks/review-handlers.ts";
import { mockDb, server } from "@/mocks/node.ts";
import { renderApp, testQueryClient } from "@/test/render.tsx";
import { ReviewQueue } from "@/features/review/components/review-queue.tsx";

function renderQueue(store = new ReviewMockStore()) {
  mockDb.auth.signInAs("agent-chloe");
  server.use(...createReviewHandlers({ store }));
  const user = userEvent.setup();
  render(
    <QueryClientProvider client={testQueryClient()}>
      <ReviewQueue />
    </QueryClientProvider>,
  );
  return { user, store };
}

const heading = () => screen.getByRole("heading", { level: 2, name: /^(?!Reviewed|Targeted|Random)/ });
const verdictButton = (name: string) => screen.getByRole("button", { name });

describe("the review queue", () => {
  it("keys 1-5 choose the verdicts, and not while typing the note", async () => {
    const { user } = renderQueue();
    const region = await screen.findByRole("region", { name: "Review queue" });
    await within(region).findByRole("button", { name: "Correctly resolved" });
    const labels = [
      "Correctly resolved",
      "False resolution",
      "Should have escalated",
      "Abandoned (cannot tell)",
      "Not a request",
    ];
    for (const [i, label] of labels.entries()) {
      await user.keyboard(String(i + 1));
      expect(verdictButton(label)).toHaveAttribute("aria-pressed", "true");
      expect(within(region).getAllByRole("button", { pressed: true })).toHaveLength(1);
    }
    await user.click(screen.getByRole("textbox", { name: "Note (optional)" }));
    await user.keyboard("2");
    expect(screen.getByRole("textbox", { name: "Note (optional)" })).toHaveValue("2");
    expect(verdictButton("Not a request")).toHaveAttribute("aria-pressed", "true");
  });

  it("j and k move to the next and previous item, targeted ones before the random sample", async () => {
    const { user } = renderQueue();
    const store = new ReviewMockStore();
    const expected = [
      ...store.items.filter((i) => i.source !== "sample"),
      ...store.items.filter((i) => i.source === "sample"),
    ].map((i) => i.conversation.customer.name);
    await screen.findByRole("button", { name: "Correctly resolved" });
    expect(heading()).toHaveTextContent(expected[0] ?? "");
    expect(screen.getByText(`1 of ${expected.length}`)).toBeInTheDocument();
    await user.keyboard("j");
    expect(heading()).toHaveTextContent(expected[1] ?? "");
    expect(heading()).toHaveFocus();
    await user.keyboard("jj");
    expect(screen.getByText(`4 of ${expected.length}`)).toBeInTheDocument();
    await user.keyboard("k");
    expect(heading()).toHaveTextContent(expected[2] ?? "");
    expect(screen.getByText(`3 of ${expected.length}`)).toBeInTheDocument();
  });

  it("a verdict with reopen-and-assign sends the reason, the note and the assignee; the item leaves the queue", async () => {
    const first = buildReviewCase({
      id: "rev-a",
      source: "flagged",
      recency: "hours",
      customerName: "Ada Flag",
    });
    const second = buildReviewCase({ id: "rev-b", source: "sample", script: 4, customerName: "Sam Sample" });
    const store = new ReviewMockStore({ items: [first.item, second.item] });
    const { user } = renderQueue(store);
    await screen.findByRole("button", { name: "False resolution" });
    await user.keyboard("2");
    // The reasons come next: the first one has the focus, the arrow keys choose.
    expect(screen.getByRole("radio", { name: "Wrong answer" })).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(screen.getByRole("radio", { name: "Missing knowledge" })).toBeChecked();
    expect(
      screen.getByText(/The customer can still be answered: \d+h( \d+m)? left in the 24-hour window\./),
    ).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: "Reopen for a human" })).toBeChecked();
    await user.selectOptions(await screen.findByRole("combobox", { name: "Assign to" }), "Ben Okafor");
    await user.type(screen.getByRole("textbox", { name: "Note (optional)" }), "Ships to Norway since May");
    await user.click(screen.getByRole("button", { name: "Save and reopen" }));
    await waitFor(() => expect(store.received).toHaveLength(1));
    expect(store.received[0]).toEqual({
      resolutionId: "rev-a",
      verdict: "false_resolution",
      reason: "missing_knowledge",
      note: "Ships to Norway since May",
      reopen: { assigneeId: "agent-ben" },
    });
    expect(store.reopened).toEqual([{ conversationId: "c-rev-a", assigneeId: "agent-ben" }]);
    await waitFor(() => expect(heading()).toHaveTextContent("Sam Sample"));
    expect(
      await screen.findByText(/Saved “False resolution” for Ada Flag, reopened for a human\./),
    ).toBeInTheDocument();
    expect(screen.getByText("1 of 1")).toBeInTheDocument();
    expect(screen.getByText("8 of 20")).toBeInTheDocument();
  });

  it("a customer out of reach is not reopened by default, and a verdict that does not reopen sends no reopen", async () => {
    const late = buildReviewCase({
      id: "rev-late",
      source: "reopened",
      recency: "too_late",
      customerName: "Lee Late",
    });
    const store = new ReviewMockStore({ items: [late.item] });
    const { user } = renderQueue(store);
    await screen.findByRole("button", { name: "Should have escalated" });
    await user.keyboard("3");
    expect(screen.getByText(/^Too late to answer\./)).toBeInTheDocument();
    expect(screen.getByRole("checkbox", { name: "Reopen for a human" })).not.toBeChecked();
    await user.keyboard("{Enter}");
    await waitFor(() => expect(store.received).toHaveLength(1));
    expect(store.received[0]).toEqual({
      resolutionId: "rev-late",
      verdict: "should_have_escalated",
      reason: null,
      note: null,
    });
    expect(await screen.findByText("Nothing left to review")).toBeInTheDocument();
  });

  it("shows who gave the earlier verdicts of a reopened resolution", async () => {
    const store = new ReviewMockStore({ items: buildReviewCases().map((c) => c.item) });
    const { user } = renderQueue(store);
    await screen.findByRole("button", { name: "Correctly resolved" });
    await user.keyboard("jj");
    expect(screen.getByText("Earlier verdicts")).toBeInTheDocument();
    expect(screen.getByText(/by Chloé Dubois/)).toBeInTheDocument();
  });
});

describe("the Review tab in Bot Resolved", () => {
  it("is a manager's: the queue opens from it", async () => {
    server.use(...createReviewHandlers());
    const { user } = renderApp("/?view=bot_resolved", "agent-chloe");
    const tabs = await screen.findByRole("navigation", { name: "Bot Resolved" });
    await user.click(within(tabs).getByRole("link", { name: "Review" }));
    expect(await screen.findByRole("region", { name: "Review queue" })).toBeInTheDocument();
    expect(await screen.findByRole("button", { name: "False resolution" })).toBeInTheDocument();
  });

  it("is not an agent's, even from a link to it", async () => {
    server.use(...createReviewHandlers());
    renderApp("/?view=bot_resolved&tab=review", "agent-ana");
    expect(await screen.findByRole("listbox", { name: /bot resolved conversations/i })).toBeInTheDocument();
    expect(screen.queryByRole("navigation", { name: "Bot Resolved" })).toBeNull();
    expect(screen.queryByRole("link", { name: "Review" })).toBeNull();
    expect(screen.queryByRole("region", { name: "Review queue" })).toBeNull();
  });
});
