import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect } from "storybook/test";
import { ViewNav } from "@/features/inbox/components/view-nav.tsx";
import { neverAnswers } from "../../../../.storybook/mock-api.ts";

const meta = {
  title: "Inbox/ViewNav",
  component: ViewNav,
  args: { current: "open" },
  decorators: [(Story) => <div className="w-56 bg-surface-2 p-2">{Story()}</div>],
} satisfies Meta<typeof ViewNav>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Open: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole("link", { name: /^Open\s*\d+\s*conversations/ })).toHaveAttribute(
      "aria-current",
      "page",
    );
  },
};
export const BotResolved: Story = { args: { current: "bot_resolved" } };
export const CountsLoading: Story = {
  parameters: { msw: { handlers: { overrides: [neverAnswers("get", "/api/conversations/counts")] } } },
};
