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
  await expect(await canvas.findByRole("menuitem", { name: "Sign out everywhere" })).toBeVisible();
};

export const Agent: Story = {};
export const AgentOpened: Story = {
  play: async (context) => {
    await open(context);
    await expect(context.canvas.queryByRole("menuitem", { name: /Admin/ })).toBeNull();
  },
};
export const ManagerOpened: Story = {
  parameters: { baton: { agentId: MANAGER_ID } },
  play: async (context) => {
    await open(context);
    await expect(context.canvas.getAllByText("Manager").length).toBeGreaterThan(0);
    await expect(context.canvas.queryByRole("menuitem", { name: /Admin/ })).toBeNull();
  },
};
export const AdminOpened: Story = {
  parameters: { baton: { agentId: ADMIN_ID } },
  play: async (context) => {
    await open(context);
    await expect(
      context.canvas.getByRole("menuitem", { name: /Admin: agents and audit log/ }),
    ).toHaveAttribute("href", "/admin");
  },
};
/** A phone's top bar: only the avatar, the panel opens downwards. */
export const CompactOnAPhone: Story = {
  args: { placement: "down", compact: true },
  decorators: [(Story) => <div className="flex justify-end">{Story()}</div>],
  globals: { viewport: { value: "narrow", isRotated: false } },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole("button", { name: "Account menu, Ana Silva" }));
    await expect(await canvas.findByRole("menuitem", { name: "Sign out" })).toBeVisible();
  },
};
export const SignOut: Story = {
  play: async (context) => {
    await open(context);
    await context.userEvent.click(context.canvas.getByRole("menuitem", { name: "Sign out" }));
    await waitFor(() => expect(currentDb().auth.current()).toBeNull());
  },
};

/** The keyboard: focus starts on the first item, Escape closes and returns to the button. */
export const KeyboardAndEscape: Story = {
  play: async ({ canvas, userEvent }) => {
    const button = await canvas.findByRole("button", { name: /Account menu/ });
    await userEvent.click(button);
    await expect(canvas.getByRole("menu", { name: "Account" })).toHaveAccessibleDescription(/Ana Silva/);
    await waitFor(() => expect(canvas.getByRole("menuitem", { name: "Sign out" })).toHaveFocus());
    await userEvent.keyboard("{ArrowDown}");
    await expect(canvas.getByRole("menuitem", { name: "Sign out everywhere" })).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    await expect(canvas.queryByRole("menu")).toBeNull();
    await expect(button).toHaveFocus();
  },
};
