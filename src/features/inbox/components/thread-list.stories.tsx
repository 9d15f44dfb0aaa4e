import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect } from "storybook/test";
import { ThreadList } from "@/features/inbox/components/thread-list.tsx";
import { fails, neverAnswers } from "../../../../.storybook/mock-api.ts";

const meta = {
  title: "Inbox/ThreadList",
  component: ThreadList,
  args: { view: "open", q: "", selectedId: null },
  parameters: { layout: "fullscreen" },
  decorators: [
    (Story) => (
      <div className="flex h-[640px] w-[360px] flex-col border-r border-line bg-surface">{Story()}</div>
    ),
  ],
} satisfies Meta<typeof ThreadList>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Open: Story = {};
export const Selected: Story = { args: { selectedId: "c-3" } };
export const All: Story = { args: { view: "all" } };
/** Bot Resolved review: flagged conversations first. */
export const BotResolvedFlaggedFirst: Story = { args: { view: "bot_resolved", flaggedFirst: true } };
export const Loading: Story = {
  parameters: { msw: { handlers: { overrides: [neverAnswers("get", "/api/conversations")] } } },
};
export const Empty: Story = { args: { view: "mine" }, parameters: { baton: { agentId: "agent-nobody" } } };
export const NoSearchResults: Story = { args: { q: "zzzz-no-such-customer" } };
export const LoadFailed: Story = {
  parameters: { msw: { handlers: { overrides: [fails("get", "/api/conversations")] } } },
};
export const KeyboardNavigation: Story = {
  play: async ({ canvas, userEvent }) => {
    const list = await canvas.findByRole("listbox", { name: "Open conversations" });
    await userEvent.click(list);
    await userEvent.keyboard("{ArrowDown}");
    const options = await canvas.findAllByRole("option");
    await expect(list).toHaveAttribute("aria-activedescendant", options[1]?.id);
  },
};
