import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADMIN_ID } from "@/mocks/auth-fixtures.ts";
import { mockDb } from "@/mocks/node.ts";
import { renderApp } from "@/test/render.tsx";

// jsdom computes styles slowly, and role queries over a whole page ask for every element's: these tests find an
// agent's row by its labelled role select, then query inside the row.

const account = (id: string) => mockDb.auth.accounts.find((a) => a.id === id);

async function rowOf(name: string): Promise<HTMLElement> {
  const select = await screen.findByLabelText(`Role of ${name}`, {}, { timeout: 3000 });
  const row = select.closest("li");
  if (!row) throw new Error(`no row for ${name}`);
  return row;
}

describe("admin page", () => {
  it("an admin changes an agent's role", async () => {
    const { user } = renderApp("/admin", ADMIN_ID);
    const row = await rowOf("Ben Okafor");
    const role = within(row).getByRole("combobox", { name: "Role of Ben Okafor" });
    expect(role).toHaveValue("agent");
    await user.selectOptions(role, "manager");
    await waitFor(() => expect(account("agent-ben")?.role).toBe("manager"));
    expect(role).toHaveValue("manager");
  });

  it("the last active admin cannot step down: the change is refused and rolled back", async () => {
    const { user } = renderApp("/admin", ADMIN_ID);
    const row = await rowOf("Erin Park");
    await user.selectOptions(within(row).getByRole("combobox", { name: "Role of Erin Park" }), "agent");
    expect(await screen.findByText(/Baton needs at least one active admin/)).toHaveAttribute("role", "alert");
    expect(within(row).getByRole("combobox", { name: "Role of Erin Park" })).toHaveValue("admin");
    expect(account(ADMIN_ID)?.role).toBe("admin");
  });

  it("deactivating asks first, naming the consequence, then the agent is deactivated", async () => {
    const { user } = renderApp("/admin", ADMIN_ID);
    const row = await rowOf("Ben Okafor");
    await user.click(within(row).getByRole("button", { name: "Deactivate Ben Okafor" }));
    const title = await screen.findByText("Deactivate Ben Okafor?");
    const dialog = title.closest("dialog");
    if (!dialog) throw new Error("no dialog");
    expect(dialog).toHaveAttribute("open");
    expect(dialog).toHaveTextContent("Every session and live stream of Ben Okafor ends at once");
    expect(account("agent-ben")?.active).toBe(true);
    await user.click(within(dialog).getByRole("button", { name: "Deactivate Ben Okafor" }));
    expect(await within(row).findByText("Deactivated")).toBeInTheDocument();
    expect(account("agent-ben")?.active).toBe(false);
    expect(dialog).not.toHaveAttribute("open");
    expect(within(row).getByRole("button", { name: "Reactivate Ben Okafor" })).toBeInTheDocument();
  });

  it("an admin cannot deactivate themselves, and embedded-host agents have no reset link", async () => {
    renderApp("/admin", ADMIN_ID);
    const me = await rowOf("Erin Park");
    expect(within(me).queryByRole("button", { name: /Deactivate/ })).toBeNull();
    const embedded = await rowOf("Gita Rao");
    expect(embedded).toHaveTextContent("The embedded host (shopify)");
    expect(within(embedded).queryByRole("button", { name: /Reset link/ })).toBeNull();
  });

  it("a manager opening /admin is told only admins can", async () => {
    renderApp("/admin", "agent-chloe");
    expect(await screen.findByText("Only admins can open this page")).toBeInTheDocument();
    expect(screen.queryByText("Audit log")).toBeNull();
  });
});
