import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor } from "storybook/test";
import type { ConversationFlag } from "@contract/conversation.ts";
import { ReopenForHuman } from "@/features/review/components/reopen-for-human.tsx";
import { currentDb, fails } from "../../../../.storybook/mock-api.ts";
import { STORY_ID, summaryFor, withConversation, type ConversationShape } from "../../../../.storybook/scenarios.ts";

const botResolved = (flags: ConversationFlag[]): ConversationShape => ({
  transcript: "bot",
  summary: { status: "bot_resolved", owner: "bot", escalatedAt: null, escalationReason: null, flags },
});
const story = (s: ConversationShape) => ({ args: { conversation: summaryFor(s) }, parameters: { baton: { db: withConversation(s) } } });

const meta = {
  title: "Review/ReopenForHuman",
  component: ReopenForHuman,
  args: { conversation: summaryFor(botResolved([])) },
  parameters: { layout: "fullscreen" },
} satisfies Meta<typeof ReopenForHuman>;
export default meta;
type Story = StoryObj<typeof meta>;

export const NoFlags: Story = story(botResolved([]));
export const AutoresponderSuspected: Story = story(botResolved(["autoresponder_suspected"]));
export const BotRepliedAfterHandoff: Story = story(botResolved(["bot_replied_after_handoff"]));
export const BothFlags: Story = story(botResolved(["autoresponder_suspected", "bot_replied_after_handoff"]));
export const Narrow: Story = { ...story(botResolved(["autoresponder_suspected", "bot_replied_after_handoff"])), globals: { viewport: { value: "narrow", isRotated: false } } };
export const Reopen: Story = {
  ...story(botResolved(["autoresponder_suspected"])),
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("button", { name: /Reopen for a human/ }));
    await waitFor(() => expect(currentDb().get(STORY_ID).status).toBe("open"));
  },
};
export const ReopenFails: Story = {
  ...story(botResolved([])),
  parameters: { ...story(botResolved([])).parameters, msw: { handlers: { overrides: [fails("post", "/api/conversations/:id/reopen")] } } },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("button", { name: /Reopen for a human/ }));
    await expect(await canvas.findByRole("alert")).toHaveTextContent(/server is having a moment/);
  },
};
