import type { Meta, StoryObj } from "@storybook/react-vite";
import { conversationFlag } from "@contract/conversation.ts";
import { FlagBadge } from "@/components/domain/flag-badge.tsx";

const meta = {
  title: "Domain/FlagBadge",
  component: FlagBadge,
  args: { flag: "autoresponder_suspected" },
} satisfies Meta<typeof FlagBadge>;
export default meta;
type Story = StoryObj<typeof meta>;

export const AutoresponderSuspected: Story = {};
export const BotRepliedAfterHandoff: Story = { args: { flag: "bot_replied_after_handoff" } };
export const EveryFlag: Story = {
  render: () => (
    <div className="flex flex-col gap-2">
      {conversationFlag.options.map((f) => (
        <div key={f} className="flex gap-2">
          <FlagBadge flag={f} />
          <FlagBadge flag={f} compact />
        </div>
      ))}
    </div>
  ),
};
