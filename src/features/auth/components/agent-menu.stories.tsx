import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect } from "storybook/test";
import { AgentMenu } from "@/features/auth/components/agent-menu.tsx";

const meta = {
  title: "Auth/AgentMenu",
  component: AgentMenu,
  decorators: [(Story) => <div className="mt-64 w-52 bg-surface-2 p-2">{Story()}</div>],
} satisfies Meta<typeof AgentMenu>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Closed: Story = {};
export const Manager: Story = { parameters: { baton: { agentId: "agent-chloe" } } };
export const Opened: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole("button", { name: /Account menu/ }));
    await expect(await canvas.findByRole("button", { name: /Ben Okafor/ })).toBeVisible();
  },
};
