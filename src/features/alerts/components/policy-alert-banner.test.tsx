import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { MANAGER_ID } from "@/mocks/auth-fixtures.ts";
import { buildPolicyAlert } from "@/mocks/fixtures.ts";
import { mockDb, server } from "@/mocks/node.ts";
import { renderApp } from "@/test/render.tsx";

describe("policy alert banner", () => {
  it("a manager sees Meta's block above the panes and acknowledges it for everyone", async () => {
    mockDb.policyAlerts = [buildPolicyAlert({ id: "a-1", action: "block" })];
    const { user } = renderApp("/?view=open", MANAGER_ID);
    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Meta blocked this Page's app: replies may fail.");
    expect(alert).toHaveTextContent(/The bot violated our Platform Policies/);
    await user.click(within(alert).getByRole("button", { name: "Acknowledge" }));
    expect(await screen.findByText(/^Acknowledged\./)).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Dismiss" })).toHaveFocus();
    expect(screen.queryByRole("alert")).toBeNull();
    expect(mockDb.policyAlerts[0]).toMatchObject({ acknowledgedBy: "Chloé Dubois" });
    expect(mockDb.policyAlerts[0]?.acknowledgedAt).not.toBeNull();
  });

  it("an agent never asks for alerts and sees none", async () => {
    mockDb.policyAlerts = [buildPolicyAlert({ id: "a-1", action: "block" })];
    let asked = 0;
    server.events.on("request:start", ({ request }) => {
      if (new URL(request.url).pathname === "/api/alerts") asked++;
    });
    renderApp("/?view=open");
    expect(await screen.findByRole("listbox", { name: /open conversations/i })).toBeInTheDocument();
    expect(screen.queryByText(/Meta blocked/)).toBeNull();
    expect(asked).toBe(0);
    server.events.removeAllListeners();
  });

  it("alerts already acknowledged elsewhere are not shown", async () => {
    mockDb.policyAlerts = [
      buildPolicyAlert({ id: "a-1", acknowledgedBy: "Erin Park", acknowledgedAt: new Date().toISOString() }),
    ];
    renderApp("/?view=open", MANAGER_ID);
    expect(await screen.findByRole("listbox", { name: /open conversations/i })).toBeInTheDocument();
    expect(screen.queryByRole("alert")).toBeNull();
  });
});
