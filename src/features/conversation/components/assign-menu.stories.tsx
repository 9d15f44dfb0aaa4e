import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn } from "storybook/test";
import { ana } from "@/mocks/fixtures.ts";
import { AssignMenu } from "@/features/conversation/components/assign-menu.tsx";

const meta = {
  title: "Conversation/AssignMenu",
  component: AssignMenu,
  args: { assignee: null, onAssign: fn() },
  decorators: [(Story) => <div className="flex h-64 justify-end">{Story()}</div>],
} satisfies Meta<typeof AssignMenu>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Unassigned: Story = {};
export const Assigned: Story = { args: { assignee: ana } };
export const Disabled: Story = { args: { disabled: true } };
export const PickAnAgent: Story = {
  args: { assignee: ana },
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("button", { name: /Assigned: Ana Silva/ }));
    await expect(await canvas.findByRole("menu", { name: "Assign to" })).toBeVisible();
    await userEvent.click(await canvas.findByRole("menuitem", { name: /Ben Okafor/ }));
    await expect(args.onAssign).toHaveBeenCalledWith(expect.objectContaining({ name: "Ben Okafor" }));
  },
};
