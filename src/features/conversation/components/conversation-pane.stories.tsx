import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor } from "storybook/test";
import { ConversationPane } from "@/features/conversation/components/conversation-pane.tsx";
import { currentDb, failing, fails, neverAnswers, shapeDb } from "../../../../.storybook/mock-api.ts";
import {
  longName,
  STORY_ID,
  withConversation,
  type ConversationShape,
} from "../../../../.storybook/scenarios.ts";

const story = (s: ConversationShape = {}) => ({ parameters: { baton: { db: withConversation(s) } } });

const meta = {
  title: "Conversation/ConversationPane",
  component: ConversationPane,
  args: { conversationId: STORY_ID, readOnly: (c) => c.status === "bot_resolved" },
  parameters: { layout: "fullscreen" },
  decorators: [(Story) => <div className="flex h-screen min-h-0 flex-col">{Story()}</div>],
} satisfies Meta<typeof ConversationPane>;
export default meta;
type Story = StoryObj<typeof meta>;

export const EveryMessageKind: Story = story();
export const Short: Story = story({ transcript: "short" });
export const VeryLong: Story = story({ transcript: 2000 });
export const WindowClosing: Story = story({ window: "closing" });
export const HumanAgentOnly: Story = story({ window: "human_agent" });
export const WindowClosed: Story = story({ window: "closed", transcript: "short" });
export const PageInboxOwnsThread: Story = story({ summary: { owner: "page_inbox" }, transcript: "short" });
export const LongNameRightToLeftText: Story = story({
  summary: { customer: { psid: "p", name: longName, avatarUrl: null } },
  transcript: "rtl",
});
export const Narrow: Story = {
  ...story({ transcript: "short" }),
  globals: { viewport: { value: "narrow", isRotated: false } },
};
export const Loading: Story = {
  parameters: { msw: { handlers: { overrides: [neverAnswers("get", "/api/conversations/:id")] } } },
};
export const NotFound: Story = { args: { conversationId: "c-missing" } };
export const ServerError: Story = {
  parameters: { msw: { handlers: { overrides: [fails("get", "/api/conversations/:id")] } } },
};

export const SendAReply: Story = {
  ...story({ transcript: "short" }),
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(
      await canvas.findByRole("textbox", { name: /Reply to/ }),
      "It ships tomorrow morning.{Enter}",
    );
    await expect(await canvas.findByRole("article", { name: /It ships tomorrow morning/ })).toBeVisible();
  },
};
/** Meta refuses the reply (chosen by the story's scenario, not by its words): it stays in the transcript as failed. */
export const MetaRefusesTheReply: Story = {
  parameters: {
    baton: {
      db: shapeDb(withConversation({ transcript: "short" }), failing({ sendFails: "customer_unavailable" })),
    },
  },
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(
      await canvas.findByRole("textbox", { name: /Reply to/ }),
      "Are you still there?{Enter}",
    );
    await expect(await canvas.findByRole("group", { name: "Failed message" })).toBeVisible();
  },
};
export const RetryAFailedSend: Story = {
  ...story(),
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole("button", { name: "Retry" }));
    await waitFor(() =>
      expect(
        currentDb()
          .timeline(STORY_ID)
          .some((i) => i.kind === "message" && i.delivery === "failed"),
      ).toBe(false),
    );
  },
};
