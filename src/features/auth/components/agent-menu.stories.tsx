import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor } from "storybook/test";
import { ADMIN_ID, MANAGER_ID } from "@/mocks/auth-fixtures.ts";
import { AgentMenu } from "@/features/auth/components/agent-menu.tsx";
import { currentDb } from "../../../../.storybook/mock-api.ts";

const meta = {
  title: "Auth/AgentMenu",
  component: AgentMenu,
  decorators: [(Story) => <div className="mt-72 w-56 bg-surface-2 p-2">{Story()}</div>],
} satisfies Meta<typeof AgentMenu>;
export default meta;
type Story = StoryObj<typeof meta>;

const open: Story["play"] = async ({ canvas, userEvent }) => {
  await userEvent.click(await canvas.findByRole("button", { name: /Account menu/ }));
  await expect(await canvas.findByRole("button", { name: "Sign out everywhere" })).toBeVisible();
};

export const Agent: Story = {};
export const AgentOpened: Story = {
  play: async (context) => {
    await open(context);
    await expect(context.canvas.queryByRole("link", { name: /Admin/ })).toBeNull();
  },
};
export const ManagerOpened: Story = {
  parameters: { baton: { agentId: MANAGER_ID } },
  play: async (context) => {
    await open(context);
    await expect(context.canvas.getAllByText("Manager").length).toBeGreaterThan(0);
    await expect(context.canvas.queryByRole("link", { name: /Admin/ })).toBeNull();
  },
};
export const AdminOpened: Story = {
  parameters: { baton: { agentId: ADMIN_ID } },
  play: async (context) => {
    await open(context);
    await expect(context.canvas.getByRole("link", { name: /Admin: agents and audit log/ })).toHaveAttribute(
      "href",
      "/admin",
    );
  },
};
/** A phone's top bar: only the avatar, the panel opens downwards. */
export const CompactOnAPhone: Story = {
  args: { placement: "down", compact: true },
  decorators: [(Story) => <div className="flex justify-end">{Story()}</div>],
  globals: { viewport: { value: "narrow", isRotated: false } },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole("button", { name: "Account menu, Ana Silva" }));
    await expect(await canvas.findByRole("button", { name: "Sign out" })).toBeVisible();
  },
};
export const SignOut: Story = {
  play: async (context) => {
    await open(context);
    await context.userEvent.click(context.canvas.getByRole("button", { name: "Sign out" }));
    await waitFor(() => expect(currentDb().auth.current()).toBeNull());
  },
};
