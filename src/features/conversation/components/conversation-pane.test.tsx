import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { messagingWindowAt } from "@contract/messaging-window.ts";
import { buildShowcaseTimeline, buildSummary } from "@/mocks/fixtures.ts";
import { mockDb } from "@/mocks/node.ts";
import { renderApp } from "@/test/render.tsx";

function seedConversation(overrides: Parameters<typeof buildSummary>[0] = {}) {
  const now = new Date();
  const summary = buildSummary({
    id: "c-test",
    customer: { psid: "p", name: "Noa Test", avatarUrl: null },
    lastActivityAt: now.toISOString(),
    lastCustomerMessageAt: now.toISOString(),
    window: messagingWindowAt(now, now, { humanAgentTagEnabled: true }),
    unreadCount: 0,
    ...overrides,
  });
  const { items, handoffItemId } = buildShowcaseTimeline(new Date(now.getTime() - 3_600_000));
  mockDb.put(summary, items, handoffItemId);
  return summary;
}

describe("conversation", () => {
  it("renders the transcript so screen readers hear who said what", async () => {
    seedConversation();
    renderApp("/?view=open&c=c-test");
    const log = await screen.findByRole("log", { name: "Conversation with Noa Test" });
    expect(
      await within(log).findByRole("article", {
        name: /^Bot, .*: Hi! I'm ShopBot.*offered quick replies: Track my order, Returns, Talk to a human/,
      }),
    ).toBeInTheDocument();
    expect(
      within(log).getByRole("article", {
        name: /^Customer Noa Test, .*: tapped the button “Change address”/,
      }),
    ).toBeInTheDocument();
    expect(
      within(log).getByRole("article", { name: /^Agent Ana Silva, .*: Hi! I'm looking into it/ }),
    ).toBeInTheDocument();
    expect(within(log).getByRole("article", { name: /^Page Inbox, / })).toBeInTheDocument();
    expect(within(log).getByRole("article", { name: /^System, .*: Escalated/ })).toBeInTheDocument();
    expect(within(log).getByRole("article", { name: /sent a carousel of 3 cards/ })).toBeInTheDocument();
    expect(within(log).getByRole("heading", { name: "Handed to a human here" })).toBeInTheDocument();
    expect(within(log).getAllByText("(tapped by the customer)").length).toBeGreaterThan(0);
  });

  it("a failed reply shows the reason and a retry button", async () => {
    seedConversation();
    const { user } = renderApp("/?view=open&c=c-test");
    const log = await screen.findByRole("log");
    const failed = await within(log).findByRole("group", { name: "Failed message" });
    expect(failed).toHaveTextContent(
      "Not delivered: The customer cannot be reached right now (Graph error 551).",
    );
    expect(within(failed).getByRole("button", { name: "Retry" })).toBeEnabled();
    // Meta cannot deliver this send: the server stores it as failed.
    mockDb.scenario = { sendFails: "customer_unavailable" };
    await user.type(screen.getByRole("textbox", { name: /reply to noa test/i }), "please{Enter}");
    const groups = await within(log).findAllByRole("group", { name: "Failed message" });
    expect(groups).toHaveLength(2);
  });

  it("Enter sends the reply at once and it is swapped for the stored message", async () => {
    seedConversation();
    const { user } = renderApp("/?view=open&c=c-test");
    const box = await screen.findByRole("textbox", { name: /reply to noa test/i });
    await user.type(box, "First line{Shift>}{Enter}{/Shift}second line");
    expect(box).toHaveValue("First line\nsecond line");
    await user.keyboard("{Enter}");
    expect(box).toHaveValue("");
    const log = screen.getByRole("log");
    expect(
      await within(log).findByRole("article", { name: /^Agent Ana Silva, .*First line\nsecond line/ }),
    ).toBeInTheDocument();
    expect(await within(log).findByText("Sent")).toBeInTheDocument();
    expect(
      mockDb.timeline("c-test").some((i) => i.kind === "message" && i.text === "First line\nsecond line"),
    ).toBe(true);
  });

  it("a closed window says why before typing and disables the reply box", async () => {
    const long = new Date(Date.now() - 9 * 86_400_000);
    seedConversation({
      lastCustomerMessageAt: long.toISOString(),
      window: messagingWindowAt(long, new Date(), { humanAgentTagEnabled: true }),
    });
    renderApp("/?view=open&c=c-test");
    expect(await screen.findByText(/You can't reply: More than 7 days have passed/)).toBeInTheDocument();
    expect(screen.getByRole("textbox", { name: /reply to noa test/i })).toBeDisabled();
  });

  it("a reply Meta refuses for the window shows the window error", async () => {
    // The SPA and the server think the window is open; Meta knows better.
    seedConversation();
    mockDb.scenario = { sendFails: "window_closed" };
    const { user } = renderApp("/?view=open&c=c-test");
    const box = await screen.findByRole("textbox", { name: /reply to noa test/i });
    await user.type(box, "Hello?{Enter}");
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "Not sent — the messaging window is closed: Messenger refused the reply: it is outside the allowed messaging window.",
    );
  });

  it("the HUMAN_AGENT tag is announced when the standard window has passed", async () => {
    const twoDays = new Date(Date.now() - 2 * 86_400_000);
    seedConversation({
      lastCustomerMessageAt: twoDays.toISOString(),
      window: messagingWindowAt(twoDays, new Date(), { humanAgentTagEnabled: true }),
    });
    renderApp("/?view=open&c=c-test");
    expect(await screen.findByText(/your reply will be sent with the HUMAN_AGENT tag/)).toBeInTheDocument();
  });

  it("typing / offers canned replies and Enter inserts one", async () => {
    seedConversation();
    const { user } = renderApp("/?view=open&c=c-test");
    const box = await screen.findByRole("textbox", { name: /reply to noa test/i });
    await user.type(box, "/ref");
    const options = await screen.findByRole("listbox", { name: "Canned replies" });
    expect(within(options).getByRole("option", { name: /refund/ })).toHaveAttribute("aria-selected", "true");
    await user.keyboard("{Enter}");
    expect(box).toHaveValue("I've issued a refund; it takes 3–5 business days to appear on your statement.");
  });

  it("keeps a draft per conversation across reloads", async () => {
    seedConversation();
    const first = renderApp("/?view=open&c=c-test");
    await first.user.type(await screen.findByRole("textbox", { name: /reply to noa test/i }), "half-written");
    first.unmount();
    renderApp("/?view=open&c=c-test");
    expect(await screen.findByRole("textbox", { name: /reply to noa test/i })).toHaveValue("half-written");
  });

  it("agent can resolve with e and assign to themselves with a", async () => {
    seedConversation();
    const { user } = renderApp("/?view=open&c=c-test");
    await screen.findByRole("log");
    await user.keyboard("a");
    expect(await screen.findByText("Assigned to Ana Silva")).toBeInTheDocument();
    await user.keyboard("e");
    expect(await screen.findByRole("button", { name: "Reopen" })).toBeInTheDocument();
    expect(mockDb.get("c-test").status).toBe("resolved");
  });

  it("take control and hand back change the owner", async () => {
    seedConversation({ owner: "bot" });
    const { user } = renderApp("/?view=open&c=c-test");
    await user.click(await screen.findByRole("button", { name: "Take control" }));
    expect(await screen.findByRole("button", { name: "Hand back to bot" })).toBeInTheDocument();
    expect(mockDb.get("c-test").owner).toBe("baton");
  });
});
