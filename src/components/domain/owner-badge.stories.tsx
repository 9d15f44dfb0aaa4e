import type { Meta, StoryObj } from "@storybook/react-vite";
import { threadOwner } from "@contract/conversation.ts";
import { OwnerBadge } from "@/components/domain/owner-badge.tsx";

const meta = { title: "Domain/OwnerBadge", component: OwnerBadge, args: { owner: "baton" } } satisfies Meta<
  typeof OwnerBadge
>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Baton: Story = {};
export const EveryOwner: Story = {
  render: () => (
    <div className="flex flex-wrap gap-2">
      {threadOwner.options.map((o) => (
        <OwnerBadge key={o} owner={o} />
      ))}
    </div>
  ),
};
