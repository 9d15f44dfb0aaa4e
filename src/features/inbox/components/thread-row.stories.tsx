import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn } from "storybook/test";
import { conversationStatus, threadOwner } from "@contract/conversation.ts";
import { ana } from "@/mocks/fixtures.ts";
import { ThreadRow } from "@/features/inbox/components/thread-row.tsx";
import { avatarUri } from "../../../../.storybook/offline-media.ts";
import { longName, rtlName, summaryFor, type ConversationShape } from "../../../../.storybook/scenarios.ts";

const base = summaryFor({
  summary: {
    lastMessage: {
      preview: "Can I talk to a human please?",
      author: "customer",
      at: new Date().toISOString(),
    },
    unreadCount: 0,
  },
});

const meta = {
  title: "Inbox/ThreadRow",
  component: ThreadRow,
  args: { conversation: base, selected: false, active: false, now: new Date(), onOpen: fn() },
  decorators: [
    (Story, { parameters }) => (
      <div role="listbox" aria-label="Conversations" className="w-[360px] border border-line bg-surface">
        {parameters.manyRows ? (
          Story()
        ) : (
          <div role="none" style={{ height: 84 }}>
            {Story()}
          </div>
        )}
      </div>
    ),
  ],
} satisfies Meta<typeof ThreadRow>;
export default meta;
type Story = StoryObj<typeof meta>;

const withSummary = (shape: ConversationShape): Story => ({
  args: { conversation: summaryFor({ ...shape, summary: { unreadCount: 0, ...shape.summary } }) },
});

export const Read: Story = {};
export const Unread: Story = withSummary({ summary: { unreadCount: 3 } });
export const Selected: Story = { args: { selected: true } };
export const KeyboardActive: Story = { args: { active: true } };
export const Assigned: Story = withSummary({
  summary: {
    assignee: ana,
    status: "pending",
    lastMessage: {
      preview: "I've issued a refund for the duplicate charge.",
      author: "agent",
      at: new Date().toISOString(),
    },
  },
});
export const WithPicture: Story = withSummary({
  summary: { customer: { psid: "p", name: "Aiko Tanaka", avatarUrl: avatarUri(2) } },
});
export const WindowClosing: Story = withSummary({ window: "closing" });
export const HumanAgentClosing: Story = withSummary({ window: "human_agent_closing" });
export const BotRepliedAfterHandoff: Story = withSummary({
  summary: { flags: ["bot_replied_after_handoff"] },
});
export const BothFlags: Story = withSummary({
  summary: {
    status: "bot_resolved",
    owner: "bot",
    flags: ["autoresponder_suspected", "bot_replied_after_handoff"],
    unreadCount: 4,
  },
});
export const PageInboxReply: Story = withSummary({
  summary: {
    owner: "page_inbox",
    lastMessage: {
      preview: "Hi, this is Jo from the shop team.",
      author: "page_inbox",
      at: new Date().toISOString(),
    },
  },
});
export const NoMessagesYet: Story = withSummary({ summary: { lastMessage: null } });
export const LongNameAndUnbrokenPreview: Story = withSummary({
  window: "closing",
  summary: {
    unreadCount: 12,
    flags: ["bot_replied_after_handoff"],
    customer: { psid: "p", name: longName, avatarUrl: null },
    lastMessage: {
      preview: "Thisisaverylongunbrokenpreviewwithoutanyspacesatallthatmustnotbreakthelayoutofthelistrowever",
      author: "customer",
      at: new Date().toISOString(),
    },
  },
});
export const RightToLeft: Story = withSummary({
  summary: {
    customer: { psid: "p", name: rtlName, avatarUrl: null },
    lastMessage: { preview: "مرحبا، أين طلبي؟", author: "customer", at: new Date().toISOString() },
  },
});
export const OlderThanToday: Story = withSummary({ summary: { lastActivityAt: "2025-01-15T10:42:00.000Z" } });

/** Every status × owner, as a designer scans the list. */
export const EveryStatusAndOwner: Story = {
  render: (args) => (
    <>
      {conversationStatus.options.flatMap((status) =>
        threadOwner.options.map((owner) => (
          <div key={`${status}-${owner}`} style={{ height: 84 }} role="none">
            <ThreadRow
              {...args}
              conversation={summaryFor({
                summary: { id: `c-${status}-${owner}`, status, owner, unreadCount: 0 },
              })}
            />
          </div>
        )),
      )}
    </>
  ),
  parameters: { manyRows: true },
};

export const ClickOpens: Story = {
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("option"));
    await expect(args.onOpen).toHaveBeenCalledWith(base.id);
  },
};
