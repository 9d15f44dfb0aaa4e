import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { mockDb } from "@/mocks/node.ts";
import { renderApp } from "@/test/render.tsx";

describe("Baton SPA", () => {
  it("asks who you are, then opens the inbox as that agent", async () => {
    const { user } = renderApp("/?view=open", null);
    await user.click(await screen.findByRole("button", { name: /sign in as ben okafor/i }));
    expect(await screen.findByRole("listbox", { name: /open conversations/i })).toBeInTheDocument();
    expect(JSON.parse(localStorage.getItem("baton.session") ?? "{}").state.agentId).toBe("agent-ben");
  });

  it("shows a count on every view", async () => {
    renderApp();
    const nav = await screen.findByRole("navigation", { name: "Views" });
    const open = mockDb.counts("agent-ana").open;
    expect(await within(nav).findByRole("link", { name: new RegExp(`Open\\s*${open}\\s*conversations`) })).toHaveAttribute("aria-current", "page");
    for (const label of ["Mine", "Unassigned", "Pending", "Bot Resolved", "Resolved", "All"]) {
      expect(within(nav).getByRole("link", { name: new RegExp(`^${label}`) })).toBeInTheDocument();
    }
  });

  it("a new escalation appears in the list live, without reload", async () => {
    renderApp();
    await screen.findByRole("listbox", { name: /open conversations/i });
    const bot = mockDb.list("bot_resolved", undefined, undefined, 1, null).items[0];
    if (!bot) throw new Error("fixture has no bot conversation");
    expect(screen.queryByRole("option", { name: new RegExp(bot.customer.name) })).toBeNull();
    await act(async () => {
      mockDb.escalate(bot.id);
    });
    const row = await screen.findByRole("option", { name: new RegExp(`^${bot.customer.name}, Open`) });
    expect(row).toHaveAccessibleName(/Talk to a human/);
  });

  it("j/k move through the list and Enter opens the conversation", async () => {
    const { user } = renderApp();
    const list = await screen.findByRole("listbox", { name: /open conversations/i });
    const options = within(list).getAllByRole("option");
    await user.keyboard("j");
    expect(list).toHaveAttribute("aria-activedescendant", options[0]?.id);
    await user.keyboard("j");
    expect(list).toHaveAttribute("aria-activedescendant", options[1]?.id);
    await user.keyboard("k");
    await user.keyboard("{Enter}");
    expect(await screen.findByRole("log")).toBeInTheDocument();
    expect(new URLSearchParams(window.location.search).get("c")).toBe(options[0]?.id.replace("row-", ""));
  });

  it("g then a view letter switches views, ? lists the shortcuts", async () => {
    const { user } = renderApp();
    await screen.findByRole("listbox", { name: /open conversations/i });
    await user.keyboard("gb");
    expect(await screen.findByRole("listbox", { name: /bot resolved conversations/i })).toBeInTheDocument();
    await user.keyboard("?");
    expect(await screen.findByRole("heading", { name: "Keyboard shortcuts" })).toBeInTheDocument();
  });

  it("search narrows the list by customer name", async () => {
    const { user } = renderApp();
    await screen.findByRole("listbox", { name: /open conversations/i });
    const target = mockDb.list("open", undefined, undefined, 5, null).items[3];
    if (!target) throw new Error("fixture");
    await user.keyboard("/");
    expect(screen.getByRole("searchbox", { name: /search conversations/i })).toHaveFocus();
    await user.keyboard(`${target.customer.name}{Enter}`);
    expect(await screen.findByRole("listbox", { name: new RegExp(`search “${target.customer.name}”`) })).toBeInTheDocument();
    const list = await screen.findByRole("listbox", { name: /search/ });
    const options = await within(list).findAllByRole("option");
    for (const o of options) expect(o).toHaveAccessibleName(new RegExp(target.customer.name));
  });

  it("Esc leaves the search and keeps its results (the browser's own Escape would empty a search input)", async () => {
    const { user } = renderApp();
    await screen.findByRole("listbox", { name: /open conversations/i });
    const target = mockDb.list("open", undefined, undefined, 5, null).items[3];
    if (!target) throw new Error("fixture");
    await user.keyboard(`/${target.customer.name}{Enter}`);
    await screen.findByRole("listbox", { name: new RegExp(`search “${target.customer.name}”`) });
    const box = screen.getByRole("searchbox", { name: /search conversations/i });
    const notPrevented = fireEvent.keyDown(box, { key: "Escape" });
    expect(notPrevented).toBe(false);
    expect(box).not.toHaveFocus();
    expect(box).toHaveValue(target.customer.name);
    expect(new URLSearchParams(window.location.search).get("q")).toBe(target.customer.name);
  });
});
