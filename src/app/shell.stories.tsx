import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor, within } from "storybook/test";
import { App } from "@/app/app.tsx";
import { currentDb, fails, neverAnswers } from "../../.storybook/mock-api.ts";
import { STORY_ID, withConversation, type ConversationShape } from "../../.storybook/scenarios.ts";

/**
 * Whole pages: the real app (sign-in gate, shell, inbox, conversation, review) on the mock API, so a designer can
 * click through it: switch views, open a conversation, send a reply, resolve, reopen from Bot Resolved.
 */
const meta = {
  title: "Pages/Shell",
  component: App,
  parameters: { layout: "fullscreen" },
  decorators: [(Story) => <div className="h-screen">{Story()}</div>],
} satisfies Meta<typeof App>;
export default meta;
type Story = StoryObj<typeof meta>;

const narrow = { viewport: { value: "narrow", isRotated: false } };
const wide = { viewport: { value: "wide", isRotated: false } };
/** Whole pages load several queries on a busy 2-core runner: wait longer than the 1 s default. */
const slow = { timeout: 10_000 };
const conversation = (s: ConversationShape = {}, view = "open") => ({
  parameters: { baton: { db: withConversation(s), url: { view, c: STORY_ID } } },
});

export const Inbox: Story = { parameters: { baton: { url: { view: "open" } } } };
export const InboxWide: Story = { ...Inbox, globals: wide };
export const InboxNarrow: Story = { ...Inbox, globals: narrow };
export const InboxLoading: Story = {
  parameters: {
    msw: {
      handlers: {
        overrides: [
          neverAnswers("get", "/api/conversations"),
          neverAnswers("get", "/api/conversations/counts"),
        ],
      },
    },
  },
};
export const InboxEmpty: Story = {
  parameters: { baton: { agentId: "agent-nobody", url: { view: "mine" } } },
};
export const InboxError: Story = {
  parameters: { msw: { handlers: { overrides: [fails("get", "/api/conversations")] } } },
};
export const InboxSearch: Story = { parameters: { baton: { url: { view: "all", q: "order" } } } };
export const BotResolvedReview: Story = { parameters: { baton: { url: { view: "bot_resolved" } } } };
export const BotResolvedConversation: Story = conversation(
  {
    transcript: "bot",
    summary: {
      status: "bot_resolved",
      owner: "bot",
      flags: ["autoresponder_suspected"],
      escalatedAt: null,
      escalationReason: null,
    },
  },
  "bot_resolved",
);
export const Conversation: Story = conversation();
export const ConversationWide: Story = { ...conversation(), globals: wide };
export const ConversationNarrow: Story = { ...conversation({ transcript: "short" }), globals: narrow };
export const ConversationVeryLong: Story = conversation({ transcript: 2000 });
export const ConversationWindowClosed: Story = conversation({ window: "closed", transcript: "short" });
export const SignIn: Story = { parameters: { baton: { agentId: null } } };

export const SwitchViews: Story = {
  ...Inbox,
  play: async ({ canvas, userEvent }) => {
    await canvas.findByRole("listbox", { name: "Open conversations" }, slow);
    const nav = canvas.getByRole("navigation", { name: "Views" });
    await userEvent.click(within(nav).getByRole("link", { name: /^Bot Resolved/ }));
    await expect(
      await canvas.findByRole("listbox", { name: "Bot Resolved conversations" }, slow),
    ).toBeVisible();
    await userEvent.click(within(nav).getByRole("link", { name: /^Resolved/ }));
    await expect(await canvas.findByRole("listbox", { name: "Resolved conversations" }, slow)).toBeVisible();
  },
};

export const OpenAConversationAndReply: Story = {
  ...Inbox,
  play: async ({ canvas, userEvent }) => {
    const list = await canvas.findByRole("listbox", { name: "Open conversations" }, slow);
    const [first] = await within(list).findAllByRole("option", {}, slow);
    if (!first) throw new Error("no conversation in the list");
    await userEvent.click(first);
    const box = await canvas.findByRole("textbox", { name: /Reply to/ }, slow);
    await userEvent.type(box, "Hi! I'm on it.{Enter}");
    await expect(await canvas.findByRole("article", { name: /Hi! I'm on it\./ }, slow)).toBeVisible();
  },
};

export const ResolveAConversation: Story = {
  ...conversation({ transcript: "short" }),
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole("button", { name: /Resolve/ }, slow));
    await expect(await canvas.findByRole("button", { name: "Reopen" }, slow)).toBeVisible();
    await waitFor(() => expect(currentDb().get(STORY_ID).status).toBe("resolved"));
  },
};

/** Reopening what the bot closed is the manager's review: signed in as Chloé, a manager. */
export const ReopenFromBotResolved: Story = {
  ...BotResolvedConversation,
  parameters: {
    ...BotResolvedConversation.parameters,
    baton: { ...BotResolvedConversation.parameters?.baton, agentId: "agent-chloe" },
  },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole("button", { name: /Reopen for a human/ }, slow));
    // The pane re-renders as the reopened conversation arrives: wait for the reply box to settle.
    await waitFor(() => expect(canvas.getByRole("textbox", { name: /Reply to/ })).toBeVisible(), slow);
  },
};
