import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, waitFor, within } from "storybook/test";
import { Transcript } from "@/features/conversation/components/transcript.tsx";
import { neverAnswers } from "../../../../.storybook/mock-api.ts";
import {
  rtlName,
  STORY_ID,
  withConversation,
  type ConversationShape,
} from "../../../../.storybook/scenarios.ts";

const meta = {
  title: "Conversation/Transcript",
  component: Transcript,
  args: {
    conversationId: STORY_ID,
    customerName: "Maya Nguyen",
    customerAvatar: null,
    handoffItemId: "s-17",
    onRetry: fn(),
  },
  parameters: { layout: "fullscreen" },
  decorators: [(Story) => <div className="flex h-[640px] flex-col bg-canvas">{Story()}</div>],
} satisfies Meta<typeof Transcript>;
export default meta;
type Story = StoryObj<typeof meta>;

const shape = (s: ConversationShape) => ({ baton: { db: withConversation(s) } });

/** Every message kind and system item, with the handoff marker. */
export const EveryMessageKind: Story = {
  parameters: shape({ transcript: "showcase" }),
  play: async ({ canvas }) => {
    const log = await canvas.findByRole(
      "log",
      { name: "Conversation with Maya Nguyen" },
      { timeout: 10_000 },
    );
    await expect(await within(log).findByText(/thank you!!/)).toBeVisible();
  },
};
export const Short: Story = { args: { handoffItemId: "s-1" }, parameters: shape({ transcript: "short" }) };
/** 2,000 messages: virtualized and paged; older pages load on scroll up, "Jump to handoff" fetches back to it. */
export const VeryLong: Story = {
  parameters: shape({ transcript: 2000 }),
  play: async ({ canvas, userEvent }) => {
    await canvas.findByRole("log", {}, { timeout: 10_000 });
    await userEvent.click(
      await canvas.findByRole("button", { name: "Jump to handoff" }, { timeout: 10_000 }),
    );
    const marker = await canvas.findByRole(
      "heading",
      { name: "Handed to a human here" },
      { timeout: 15_000 },
    );
    await waitFor(() => expect(marker).toHaveFocus());
  },
};
export const Empty: Story = { args: { handoffItemId: null }, parameters: shape({ transcript: "empty" }) };
export const RightToLeft: Story = {
  args: { handoffItemId: null, customerName: rtlName },
  parameters: shape({
    transcript: "rtl",
    summary: { customer: { psid: "p", name: rtlName, avatarUrl: null } },
  }),
};
export const Loading: Story = {
  parameters: {
    ...shape({}),
    msw: { handlers: { overrides: [neverAnswers("get", "/api/conversations/:id")] } },
  },
};
