import { act, fireEvent, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { MOCK_PASSWORD } from "@/mocks/auth-fixtures.ts";
import { MOCK_TOKENS } from "@/mocks/mock-auth.ts";
import { mockDb } from "@/mocks/node.ts";
import { renderApp } from "@/test/render.tsx";

describe("signing in", () => {
  it("signed out, asks for an email and password, then opens the inbox as that agent", async () => {
    const { user } = renderApp("/?view=open", null);
    expect(await screen.findByRole("heading", { name: "Sign in to Baton" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: /^Sign in as/ })).toBeNull();
    await user.type(screen.getByLabelText("Email"), "ben@demo-shop.example");
    await user.type(screen.getByLabelText("Password"), MOCK_PASSWORD);
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("listbox", { name: /open conversations/i })).toBeInTheDocument();
    const sidebar = screen.getByRole("complementary", { name: "Sidebar" });
    expect(within(sidebar).getByRole("button", { name: /Account menu/ })).toHaveTextContent("Ben Okafor");
    // The identity is the server's session: nothing about it is kept in the browser's storage.
    expect(localStorage.getItem("baton.session")).toBeNull();
  });

  it("the local demo's team signs in with one click, its email and password printed beside it", async () => {
    mockDb.auth.demo = true;
    const { user } = renderApp("/?view=open", null);
    const button = await screen.findByRole("button", { name: "Sign in as Ben Okafor" });
    expect(screen.getByText("ben@demo-shop.example")).toBeInTheDocument();
    await user.click(button);
    expect(await screen.findByRole("listbox", { name: /open conversations/i })).toBeInTheDocument();
  });

  it("a wrong password is refused without saying whether the email exists", async () => {
    const { user } = renderApp("/?view=open", null);
    await user.type(await screen.findByLabelText("Email"), "ana@demo-shop.example");
    await user.type(screen.getByLabelText("Password"), "not the password");
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(
      "That email and password do not match an account.",
    );
    expect(screen.getByRole("heading", { name: "Sign in to Baton" })).toBeInTheDocument();
  });

  it("after too many attempts it says how long to wait", async () => {
    mockDb.auth.lockOut("ana@demo-shop.example");
    const { user } = renderApp("/?view=open", null);
    await user.type(await screen.findByLabelText("Email"), "ana@demo-shop.example");
    await user.type(screen.getByLabelText("Password"), MOCK_PASSWORD);
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("alert")).toHaveTextContent(/Wait 15 minutes.*You can try again at/);
  });
});

describe("a session that ends", () => {
  it("a 401 in the middle of work drops the cached data and shows the sign-in screen with a note", async () => {
    const { user, queryClient } = renderApp();
    await screen.findByRole("listbox", { name: /open conversations/i });
    act(() => mockDb.auth.endSession());
    const nav = screen.getByRole("navigation", { name: "Views" });
    await user.click(within(nav).getByRole("link", { name: /^Resolved/ }));
    expect(await screen.findByRole("heading", { name: "Sign in to Baton" })).toBeInTheDocument();
    expect(screen.getByRole("status")).toHaveTextContent("Your session ended. Sign in again.");
    expect(queryClient.getQueryCache().findAll({ queryKey: ["conversations"] })).toEqual([]);
    // Signing in again clears the note.
    await user.type(screen.getByLabelText("Email"), "ana@demo-shop.example");
    await user.type(screen.getByLabelText("Password"), MOCK_PASSWORD);
    await user.click(screen.getByRole("button", { name: "Sign in" }));
    expect(await screen.findByRole("listbox", { name: /resolved conversations/i })).toBeInTheDocument();
  });

  it("signing out comes back to the sign-in screen without the note", async () => {
    const { user } = renderApp();
    await screen.findByRole("listbox", { name: /open conversations/i });
    const sidebar = screen.getByRole("complementary", { name: "Sidebar" });
    await user.click(within(sidebar).getByRole("button", { name: /Account menu/ }));
    await user.click(within(sidebar).getByRole("menuitem", { name: "Sign out" }));
    expect(await screen.findByRole("heading", { name: "Sign in to Baton" })).toBeInTheDocument();
    expect(screen.queryByText(/Your session ended/)).toBeNull();
    expect(mockDb.auth.current()).toBeNull();
  });
});

describe("one-time links", () => {
  it("with no account yet, says to open the setup link Baton printed", async () => {
    mockDb.auth.requireSetup();
    renderApp("/", null);
    expect(await screen.findByRole("heading", { name: "Set up Baton" })).toBeInTheDocument();
    expect(screen.getByText(/printed that link in its console/)).toBeInTheDocument();
  });

  it("the setup link creates the first admin, takes the token out of the address bar and opens the inbox", async () => {
    mockDb.auth.requireSetup();
    const { user } = renderApp(`/setup#token=${MOCK_TOKENS.setup}`, null);
    expect(await screen.findByRole("heading", { name: "Create the first admin" })).toBeInTheDocument();
    expect(window.location.hash).toBe("");
    expect(window.location.pathname).toBe("/setup");
    await user.type(screen.getByLabelText("Your name"), "Rosa Admin");
    await user.type(screen.getByLabelText("Email"), "rosa@demo-shop.example");
    await user.type(screen.getByLabelText("Password"), "short");
    await user.click(screen.getByRole("button", { name: "Create admin account" }));
    expect(await screen.findByText("Use at least 10 characters.")).toBeInTheDocument();
    await user.clear(screen.getByLabelText("Password"));
    await user.type(screen.getByLabelText("Password"), "a long enough password");
    await user.click(screen.getByRole("button", { name: "Create admin account" }));
    expect(await screen.findByRole("listbox", { name: /open conversations/i })).toBeInTheDocument();
    expect(window.location.pathname).toBe("/");
    expect(mockDb.auth.accounts.map((a) => [a.email, a.role])).toEqual([["rosa@demo-shop.example", "admin"]]);
    expect(
      within(screen.getByRole("complementary", { name: "Sidebar" })).getByRole("link", { name: "Admin" }),
    ).toHaveAttribute("href", "/admin");
  });

  it("an invitation shows the invited email and role, then creates the account", async () => {
    const { user } = renderApp(`/invite#token=${MOCK_TOKENS.invite}`, null);
    expect(await screen.findByRole("heading", { name: "Join your team on Baton" })).toBeInTheDocument();
    expect(screen.getByText("hana@demo-shop.example")).toBeInTheDocument();
    expect(screen.getByText("agent")).toBeInTheDocument();
    await user.type(screen.getByLabelText("Your name"), "Hana Sato");
    await user.type(screen.getByLabelText("Choose a password"), "a long enough password");
    await user.click(screen.getByRole("button", { name: "Create my account" }));
    expect(await screen.findByRole("listbox", { name: /open conversations/i })).toBeInTheDocument();
    expect(mockDb.auth.current()?.name).toBe("Hana Sato");
  });

  it("an expired or used link says so and leads to the sign-in screen", async () => {
    const { user } = renderApp(`/reset-password#token=${MOCK_TOKENS.expired}`, null);
    expect(
      await screen.findByRole("heading", { name: "This link has expired or was already used" }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Ask an admin of your team for a new password reset link/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Go to sign in" }));
    expect(await screen.findByRole("heading", { name: "Sign in to Baton" })).toBeInTheDocument();
    expect(window.location.pathname).toBe("/");
  });
});

describe("Baton SPA", () => {
  it("shows a count on every view", async () => {
    renderApp();
    const nav = await screen.findByRole("navigation", { name: "Views" });
    const open = mockDb.counts("agent-ana").open;
    expect(
      await within(nav).findByRole("link", { name: new RegExp(`Open\\s*${open}\\s*conversations`) }),
    ).toHaveAttribute("aria-current", "page");
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
    expect(
      await screen.findByRole("listbox", { name: new RegExp(`search “${target.customer.name}”`) }),
    ).toBeInTheDocument();
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
