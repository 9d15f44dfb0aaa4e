import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor, within } from "storybook/test";
import { Composer } from "@/features/conversation/components/composer.tsx";
import { currentDb, fails } from "../../../../.storybook/mock-api.ts";
import {
  STORY_ID,
  summaryFor,
  withConversation,
  type ConversationShape,
} from "../../../../.storybook/scenarios.ts";

const last = "Can you please check whether my parcel is still at the depot?";
const story = (s: ConversationShape = {}, drafts?: Record<string, string>) => ({
  args: { conversation: summaryFor(s), lastCustomerText: last },
  parameters: { baton: { db: withConversation(s), drafts } },
});

const meta = {
  title: "Conversation/Composer",
  component: Composer,
  args: { conversation: summaryFor(), lastCustomerText: last },
  parameters: { layout: "fullscreen" },
  decorators: [(Story) => <div className="flex min-h-[360px] flex-col justify-end bg-canvas">{Story()}</div>],
} satisfies Meta<typeof Composer>;
export default meta;
type Story = StoryObj<typeof meta>;

export const WindowOpen: Story = story({ window: "open" });
export const WindowClosing: Story = story({ window: "closing" });
export const HumanAgentOnly: Story = story({ window: "human_agent" });
export const HumanAgentClosing: Story = story({ window: "human_agent_closing" });
export const WindowClosed: Story = story({ window: "closed" });
export const ClosedTagDisabled: Story = story({ window: "closed_no_tag" });
export const PageInboxOwnsThread: Story = story({ summary: { owner: "page_inbox" } });
export const BotOwnsThread: Story = story({ summary: { owner: "bot" } });
export const WithDraft: Story = story({}, { [STORY_ID]: "Hi Maya! I've just checked with the depot and" });
export const NearTheLimit: Story = story(
  {},
  { [STORY_ID]: `${"Thisisaverylongunbrokenreplywithoutspaces".repeat(45)}` },
);
export const RightToLeftDraft: Story = story({}, { [STORY_ID]: "مرحبا! طلبك في الطريق وسيصل غدا." });

/** Typing "/" opens the canned replies; arrows choose and Enter inserts. */
export const CannedReplies: Story = {
  ...story(),
  play: async ({ canvas, userEvent }) => {
    const box = canvas.getByRole("textbox", { name: "Reply to Maya Nguyen" });
    await userEvent.type(box, "/");
    const list = await canvas.findByRole("listbox", { name: "Canned replies" });
    await expect(within(list).getAllByRole("option").length).toBeGreaterThan(1);
    await userEvent.keyboard("{ArrowDown}{Enter}");
    await expect(box).toHaveValue(currentDb().cannedReplies[1]?.text);
  },
};

/** Enter sends through the mock API; the draft clears and the server stores the reply. */
export const SendAReply: Story = {
  ...story(),
  play: async ({ canvas, userEvent }) => {
    const box = canvas.getByRole("textbox", { name: "Reply to Maya Nguyen" });
    await userEvent.type(box, "Your parcel is at the depot, it leaves tomorrow.{Enter}");
    await expect(box).toHaveValue("");
    await waitFor(() =>
      expect(
        currentDb()
          .timeline(STORY_ID)
          .some((i) => i.kind === "message" && i.text === "Your parcel is at the depot, it leaves tomorrow."),
      ).toBe(true),
    );
  },
};

/** The server refuses: the window closed while the agent was typing. */
export const SendRefusedWindowClosed: Story = {
  ...story(),
  parameters: {
    ...story().parameters,
    msw: {
      handlers: {
        overrides: [
          fails(
            "post",
            "/api/conversations/:id/messages",
            422,
            "More than 24 hours have passed since the customer's last message.",
            "window_closed",
          ),
        ],
      },
    },
  },
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(canvas.getByRole("textbox", { name: "Reply to Maya Nguyen" }), "Hello?{Enter}");
    await expect(await canvas.findByRole("alert")).toHaveTextContent(
      /Not sent — the messaging window is closed/,
    );
  },
};
