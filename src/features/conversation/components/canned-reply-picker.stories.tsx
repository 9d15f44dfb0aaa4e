import type { Meta, StoryObj } from "@storybook/react-vite";
import { fn } from "storybook/test";
import { MockDb } from "@/mocks/mock-db.ts";
import { CannedReplyPicker } from "@/features/conversation/components/canned-reply-picker.tsx";

const replies = new MockDb({ conversations: 0 }).cannedReplies;

const meta = {
  title: "Conversation/CannedReplyPicker",
  component: CannedReplyPicker,
  args: { id: "picker", replies, activeIndex: 1, onPick: fn(), onManage: fn() },
  decorators: [(Story) => <div className="relative mt-72 max-w-xl">{Story()}</div>],
} satisfies Meta<typeof CannedReplyPicker>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Replies: Story = {};
export const NoMatch: Story = { args: { replies: [] } };
