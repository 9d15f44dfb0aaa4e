import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, waitFor } from "storybook/test";
import { MANAGER_ID } from "@/mocks/auth-fixtures.ts";
import { ana } from "@/mocks/fixtures.ts";
import { ben } from "../../../../.storybook/scenarios.ts";
import { AssignMenu } from "@/features/conversation/components/assign-menu.tsx";

/** Signed in as Ana Silva (an agent) unless a story says otherwise; managers assign to anyone. */
const meta = {
  title: "Conversation/AssignMenu",
  component: AssignMenu,
  args: { assignee: null, onAssign: fn() },
  decorators: [(Story) => <div className="flex h-64 justify-end">{Story()}</div>],
} satisfies Meta<typeof AssignMenu>;
export default meta;
type Story = StoryObj<typeof meta>;

const manager = { baton: { agentId: MANAGER_ID } };

export const Unassigned: Story = {};
export const Assigned: Story = { args: { assignee: ana } };
export const Disabled: Story = { args: { disabled: true } };

export const AgentTakesItThemselves: Story = {
  args: { assignee: ben },
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("button", { name: /Assigned: Ben Okafor/ }));
    const menu = await canvas.findByRole("menu", { name: "Assign to" });
    await expect(await canvas.findByRole("menuitem", { name: /Assign to me/ })).toHaveFocus();
    await expect(canvas.getAllByRole("menuitem")).toHaveLength(1);
    await expect(menu).toBeVisible();
    await userEvent.click(canvas.getByRole("menuitem", { name: /Assign to me/ }));
    await expect(args.onAssign).toHaveBeenCalledWith(expect.objectContaining({ id: ana.id }));
  },
};

export const AgentLetsGoOfTheirOwn: Story = {
  args: { assignee: ana },
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("button", { name: /Assigned: Ana Silva/ }));
    await expect(await canvas.findByRole("menuitem", { name: "Unassign" })).toHaveFocus();
    await expect(canvas.getAllByRole("menuitem")).toHaveLength(1);
    await userEvent.click(canvas.getByRole("menuitem", { name: "Unassign" }));
    await expect(args.onAssign).toHaveBeenCalledWith(null);
  },
};

export const ManagerPicksAnAgent: Story = {
  args: { assignee: ana },
  parameters: manager,
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("button", { name: /Assigned: Ana Silva/ }));
    await expect(await canvas.findByRole("menu", { name: "Assign to" })).toBeVisible();
    await expect(await canvas.findByRole("menuitemradio", { name: /Ana Silva/ })).toHaveAttribute(
      "aria-checked",
      "true",
    );
    await userEvent.click(await canvas.findByRole("menuitemradio", { name: /Ben Okafor/ }));
    await expect(args.onAssign).toHaveBeenCalledWith(expect.objectContaining({ name: "Ben Okafor" }));
  },
};

/** Keyboard only: ArrowDown opens on the first agent, typing a name moves to it, Escape gives focus back. */
export const ManagerUsesTheKeyboard: Story = {
  args: { assignee: null },
  parameters: manager,
  play: async ({ args, canvas, userEvent }) => {
    const button = canvas.getByRole("button", { name: /Assign…/ });
    button.focus();
    await userEvent.keyboard("{ArrowDown}");
    const first = await canvas.findByRole("menu", { name: "Assign to" });
    await waitFor(() => expect(canvas.getAllByRole("menuitemradio")[0]).toHaveFocus());
    await expect(first).toBeVisible();
    await userEvent.keyboard("ben");
    await expect(canvas.getByRole("menuitemradio", { name: /Ben Okafor/ })).toHaveFocus();
    await userEvent.keyboard("{Escape}");
    await expect(canvas.queryByRole("menu")).toBeNull();
    await expect(button).toHaveFocus();
    await expect(args.onAssign).not.toHaveBeenCalled();
  },
};
