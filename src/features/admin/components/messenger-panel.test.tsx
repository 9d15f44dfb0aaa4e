import { screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { ADMIN_ID } from "@/mocks/auth-fixtures.ts";
import { mockDb } from "@/mocks/node.ts";
import { renderApp } from "@/test/render.tsx";

describe("admin page, Messenger tab", () => {
  it("lists the learned handoff buttons with their payloads, where and when they were seen", async () => {
    renderApp("/admin?tab=messenger", ADMIN_ID);
    const list = await screen.findByRole("list", { name: "Learned handoff buttons" }, { timeout: 3000 });
    const row = within(list).getByRole("listitem", { name: "Chat with an agent" });
    expect(row).toHaveTextContent("LIVE_AGENT");
    expect(row).toHaveTextContent("Button template");
    expect(screen.getByText(/Last webhook test received at/)).toBeInTheDocument();
    expect(
      within(screen.getByRole("list", { name: "Payloads (HANDOFF_PAYLOADS)" })).getByText("TALK_TO_HUMAN"),
    ).toBeInTheDocument();
  });

  it("says how to send a test from Meta's App Dashboard when none arrived", async () => {
    mockDb.messenger = {
      ...mockDb.messenger,
      lastWebhookTestAt: null,
      lastWebhookTestField: null,
      learnedHandoffButtons: [],
    };
    renderApp("/admin?tab=messenger", ADMIN_ID);
    expect(
      await screen.findByText("No webhook test received yet.", {}, { timeout: 3000 }),
    ).toBeInTheDocument();
    expect(screen.getByText(/in Meta's App Dashboard open/)).toHaveTextContent("/webhooks/messenger");
    expect(screen.getByText(/None learned yet/)).toBeInTheDocument();
  });
});
