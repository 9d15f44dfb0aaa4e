import type { Meta, StoryObj } from "@storybook/react-vite";
import type { ReactNode } from "react";
import { expect, waitFor } from "storybook/test";
import { HostLinkContext, silentHostLink, type HostLink } from "@/embed/host-link.ts";
import { SidePanel } from "@/embed/side-panel.tsx";
import { STORY_ID, withConversation, type ConversationShape } from "../../.storybook/scenarios.ts";

/** What the panel told its host during a story (a host page would show these in its own chrome). */
const told: { type: string; value: unknown }[] = [];
const recordingLink: HostLink = {
  ...silentHostLink,
  title: (title) => told.push({ type: "title", value: title }),
  unreadCount: (count) => told.push({ type: "unread-count", value: count }),
  toast: (message, tone) => told.push({ type: "toast", value: { message, tone } }),
};

/** The host's column: about 400 px wide beside its own page, as tall as the window. */
function HostColumn({ children }: { children: ReactNode }) {
  return (
    <HostLinkContext.Provider value={recordingLink}>
      <div className="flex h-screen w-[400px] flex-col border-r border-line">{children}</div>
    </HostLinkContext.Provider>
  );
}

const story = (s: ConversationShape = {}) => ({
  parameters: { baton: { db: withConversation(s), url: { view: "open", c: STORY_ID } } },
});
const dark = { theme: "dark" };

/**
 * Baton framed in a narrow side panel of a host's page (a shop admin's order): the whole transcript and the reply
 * box of one conversation, the same ConversationPane as the inbox; without a conversation, the list to pick from.
 */
const meta = {
  title: "Embedded/SidePanel",
  component: SidePanel,
  args: { hostName: "lumen-and-loom.myshopify.com" },
  parameters: { layout: "fullscreen" },
  decorators: [(Story) => <HostColumn>{Story()}</HostColumn>],
  beforeEach: () => {
    told.length = 0;
  },
} satisfies Meta<typeof SidePanel>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Conversation: Story = story({ transcript: "short" });
export const ConversationDark: Story = { ...story({ transcript: "short" }), globals: dark };
export const EveryMessageKind: Story = story();
export const EveryMessageKindDark: Story = { ...story(), globals: dark };
export const LongTranscript: Story = story({ transcript: 400 });
export const WindowClosing: Story = story({ window: "closing", transcript: "short" });
export const WindowClosed: Story = { ...story({ window: "closed", transcript: "short" }), globals: dark };
export const NoConversationYet: Story = { parameters: { baton: { url: { view: "open" } } } };
export const NoConversationYetDark: Story = { ...NoConversationYet, globals: dark };

export const ReplyFromThePanel: Story = {
  ...story({ transcript: "short" }),
  play: async ({ canvas, userEvent }) => {
    const box = await canvas.findByRole("textbox", { name: /Reply to/ }, { timeout: 10_000 });
    await userEvent.type(box, "I've put one aside for you.{Enter}");
    await expect(await canvas.findByRole("article", { name: /I've put one aside for you/ })).toBeVisible();
  },
};

export const TellsTheHostItsTitleAndCount: Story = {
  ...story({ transcript: "short" }),
  play: async ({ canvas }) => {
    await canvas.findByRole("textbox", { name: /Reply to/ }, { timeout: 10_000 });
    await waitFor(() => expect(told.some((t) => t.type === "unread-count")).toBe(true));
    await waitFor(() =>
      expect(
        told.some((t) => t.type === "title" && typeof t.value === "string" && t.value.includes("Baton")),
      ).toBe(true),
    );
  },
};
