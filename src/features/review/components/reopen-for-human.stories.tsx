import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor } from "storybook/test";
import type { ConversationFlag } from "@contract/conversation.ts";
import { ReopenForHuman } from "@/features/review/components/reopen-for-human.tsx";
import { currentDb, fails } from "../../../../.storybook/mock-api.ts";
import {
  STORY_ID,
  summaryFor,
  withConversation,
  type ConversationShape,
} from "../../../../.storybook/scenarios.ts";

const botResolved = (flags: ConversationFlag[]): ConversationShape => ({
  transcript: "bot",
  summary: { status: "bot_resolved", owner: "bot", escalatedAt: null, escalationReason: null, flags },
});
/** Reopening what the bot closed is a manager's review: these stories are signed in as Chloé, a manager. */
const story = (s: ConversationShape, agentId = "agent-chloe") => ({
  args: { conversation: summaryFor(s) },
  parameters: { baton: { db: withConversation(s), agentId } },
});

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
export const Narrow: Story = {
  ...story(botResolved(["autoresponder_suspected", "bot_replied_after_handoff"])),
  globals: { viewport: { value: "narrow", isRotated: false } },
};
/** An agent sees why the bot closed it, and that a manager can reopen it; no button the server would refuse. */
export const AsAnAgent: Story = {
  ...story(botResolved(["bot_replied_after_handoff"]), "agent-ana"),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(/A manager can reopen it for a human/)).toBeVisible();
    await expect(canvas.queryByRole("button", { name: /Reopen for a human/ })).toBeNull();
  },
};
export const Reopen: Story = {
  ...story(botResolved(["autoresponder_suspected"])),
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole("button", { name: /Reopen for a human/ }));
    await waitFor(() => expect(currentDb().get(STORY_ID).status).toBe("open"));
  },
};
export const ReopenFails: Story = {
  ...story(botResolved([])),
  parameters: {
    ...story(botResolved([])).parameters,
    msw: { handlers: { overrides: [fails("post", "/api/conversations/:id/reopen")] } },
  },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole("button", { name: /Reopen for a human/ }));
    await expect(await canvas.findByRole("alert")).toHaveTextContent(/server is having a moment/);
  },
};
