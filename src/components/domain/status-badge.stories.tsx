import type { Meta, StoryObj } from "@storybook/react-vite";
import { conversationStatus } from "@contract/conversation.ts";
import { StatusBadge } from "@/components/domain/status-badge.tsx";

const meta = { title: "Domain/StatusBadge", component: StatusBadge, args: { status: "open" } } satisfies Meta<
  typeof StatusBadge
>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Open: Story = {};
export const EveryStatus: Story = {
  render: () => (
    <div className="flex flex-wrap gap-2">
      {conversationStatus.options.map((s) => (
        <StatusBadge key={s} status={s} />
      ))}
    </div>
  ),
};
