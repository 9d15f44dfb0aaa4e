import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor, within } from "storybook/test";
import { ADMIN_ID, MANAGER_ID } from "@/mocks/auth-fixtures.ts";
import { buildPolicyAlert } from "@/mocks/fixtures.ts";
import type { StoryDb } from "../../../../.storybook/mock-api.ts";
import { currentDb, fails } from "../../../../.storybook/mock-api.ts";
import { PolicyAlertBanner } from "@/features/alerts/components/policy-alert-banner.tsx";

const hoursAgo = (h: number) => new Date(Date.now() - h * 3_600_000).toISOString();
const block = buildPolicyAlert({ id: "alert-block", action: "block", at: hoursAgo(1) });
const warning = buildPolicyAlert({
  id: "alert-warning",
  action: "warning",
  reason:
    "Your app sent messages outside the 24-hour window without an approved tag. Continued violations may lead to a block.",
  at: hoursAgo(26),
});
const unblock = buildPolicyAlert({ id: "alert-unblock", action: "unblock", reason: null, at: hoursAgo(0.2) });

/** The story's database holds exactly these alerts. */
const withAlerts =
  (...alerts: ReturnType<typeof buildPolicyAlert>[]) =>
  (db: StoryDb) => {
    db.policyAlerts = alerts;
  };
const asManager = (...alerts: ReturnType<typeof buildPolicyAlert>[]) => ({
  baton: { agentId: MANAGER_ID, db: withAlerts(...alerts) },
});
/** The banner waits for the session, then for the alerts: give a busy runner time. */
const slow = { timeout: 10_000 };

/**
 * Meta's policy alerts about the Page's app, above the panes for managers and admins until someone acknowledges them.
 * Agents never see it (and never ask the server).
 */
const meta = {
  title: "Alerts/PolicyAlertBanner",
  component: PolicyAlertBanner,
  parameters: { layout: "fullscreen", ...asManager(block) },
} satisfies Meta<typeof PolicyAlertBanner>;
export default meta;
type Story = StoryObj<typeof meta>;

export const OneAlert: Story = {
  play: async ({ canvas }) => {
    const alert = await canvas.findByRole("alert", {}, slow);
    await expect(alert).toHaveTextContent("Meta blocked this Page's app: replies may fail.");
    await expect(within(alert).getByRole("button", { name: "Acknowledge" })).toHaveAccessibleDescription(
      "Meta blocked this Page's app: replies may fail.",
    );
  },
};
export const Warning: Story = { parameters: asManager(warning) };
export const Unblocked: Story = { parameters: asManager(unblock) };
export const SeveralAlerts: Story = {
  parameters: asManager(block, warning),
  play: async ({ canvas }) => {
    await waitFor(() => expect(canvas.getAllByRole("alert")).toHaveLength(2), slow);
  },
};
export const ForAnAdmin: Story = { parameters: { baton: { agentId: ADMIN_ID, db: withAlerts(warning) } } };
/** Someone acknowledges the last alert: it goes for everyone, a short confirmation takes the focus. */
export const Acknowledged: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole("button", { name: "Acknowledge" }, slow));
    const status = await canvas.findByRole("status");
    await expect(status).toHaveTextContent("Acknowledged.");
    await expect(within(status).getByRole("button", { name: "Dismiss" })).toHaveFocus();
    await expect(canvas.queryByRole("alert")).toBeNull();
    await expect(currentDb().policyAlerts[0]?.acknowledgedBy).toBe("Chloé Dubois");
  },
};
/** With two alerts, acknowledging the first moves the focus to the second's button. */
export const AcknowledgeOneOfSeveral: Story = {
  parameters: asManager(block, warning),
  play: async ({ canvas, userEvent }) => {
    await waitFor(() => expect(canvas.getAllByRole("alert")).toHaveLength(2), slow);
    const [first] = canvas.getAllByRole("button", { name: "Acknowledge" });
    if (!first) throw new Error("no Acknowledge button");
    await userEvent.click(first);
    await waitFor(() => expect(canvas.getAllByRole("alert")).toHaveLength(1));
    await waitFor(() => expect(canvas.getByRole("button", { name: "Acknowledge" })).toHaveFocus());
  },
};
export const AcknowledgeFails: Story = {
  parameters: { msw: { handlers: { overrides: [fails("post", "/api/alerts/:id/acknowledge")] } } },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole("button", { name: "Acknowledge" }, slow));
    await expect(
      await canvas.findByText(/Could not acknowledge it: The server is having a moment/),
    ).toBeVisible();
  },
};
/** Agents see nothing (the alert is there, for managers and admins). */
export const AgentSeesNothing: Story = {
  parameters: { baton: { agentId: "agent-ana", db: withAlerts(block) } },
  play: async ({ canvasElement }) => {
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await expect(canvasElement.querySelector("[role=alert]")).toBeNull();
  },
};
