import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { buildSummary } from "@/mocks/fixtures.ts";
import { mockDb } from "@/mocks/node.ts";
import { renderApp } from "@/test/render.tsx";

describe("Bot Resolved review", () => {
  it("a manager sees flagged conversations first, opens one read-only and reopens it for a human", async () => {
    mockDb.put(
      buildSummary({
        id: "c-auto",
        status: "bot_resolved",
        owner: "bot",
        flags: ["autoresponder_suspected"],
        customer: { psid: "x", name: "Flagged Fran", avatarUrl: null },
        lastActivityAt: new Date().toISOString(),
        unreadCount: 0,
      }),
    );
    const { user } = renderApp("/?view=bot_resolved", "agent-chloe");
    const list = await screen.findByRole("listbox", { name: /bot resolved conversations/i });
    const options = await within(list).findAllByRole("option");
    expect(options[0]).toHaveAccessibleName(/^Flagged Fran, Bot resolved.*Autoresponder suspected/);
    await user.click(options[0] as HTMLElement);
    expect(
      await screen.findByText("The bot resolved this conversation. It is read-only."),
    ).toBeInTheDocument();
    expect(screen.queryByRole("textbox", { name: /reply to/i })).toBeNull();
    await user.click(screen.getByRole("button", { name: /reopen for a human/i }));
    expect(await screen.findByRole("textbox", { name: /reply to flagged fran/i })).toBeInTheDocument();
    expect(mockDb.get("c-auto").status).toBe("open");
  });

  it("an agent reads a bot-closed conversation but is not offered to reopen it", async () => {
    mockDb.put(
      buildSummary({
        id: "c-bot",
        status: "bot_resolved",
        owner: "bot",
        flags: [],
        customer: { psid: "y", name: "Quiet Quinn", avatarUrl: null },
        lastActivityAt: new Date().toISOString(),
        unreadCount: 0,
      }),
    );
    const { user } = renderApp("/?view=bot_resolved", "agent-ana");
    const list = await screen.findByRole("listbox", { name: /bot resolved conversations/i });
    await user.click(await within(list).findByRole("option", { name: /^Quiet Quinn/ }));
    expect(await screen.findByText(/ask a manager to reopen it/i)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /reopen for a human/i })).toBeNull();
  });
});
