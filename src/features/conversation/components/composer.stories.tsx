import type { Meta, StoryObj } from "@storybook/react-vite";
import { useState } from "react";
import { expect, waitFor, within } from "storybook/test";
import { messagingWindowAt, STANDARD_WINDOW_MS } from "@contract/messaging-window.ts";
import { Composer } from "@/features/conversation/components/composer.tsx";
import { currentDb, fails, type StoryDb } from "../../../../.storybook/mock-api.ts";
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

/** The same story, on a Page that may not use the HUMAN_AGENT tag. */
function withoutTag<T extends { parameters: { baton: { db: (db: StoryDb) => void } } }>(s: T): T {
  const shape = s.parameters.baton.db;
  return {
    ...s,
    parameters: {
      ...s.parameters,
      baton: {
        ...s.parameters.baton,
        db: (db: StoryDb) => {
          shape(db);
          db.settings.humanAgentTagEnabled = false;
        },
      },
    },
  };
}

/**
 * A thread whose standard window closes `seconds` after the story renders (the real clock, read at render, not when
 * the file loads), fetched once: the composer must change on time by itself; the play function waits for it.
 */
function ClosingIn({ seconds }: { seconds: number }) {
  const [conversation] = useState(() => {
    const last = new Date(Date.now() - STANDARD_WINDOW_MS + seconds * 1000);
    return summaryFor({
      summary: {
        lastCustomerMessageAt: last.toISOString(),
        window: messagingWindowAt(last, new Date(), { humanAgentTagEnabled: true }),
      },
    });
  });
  return <Composer conversation={conversation} lastCustomerText={last} />;
}
const closingIn = (seconds: number) => ({ ...story(), render: () => <ClosingIn seconds={seconds} /> });

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
/** The Page may not use the HUMAN_AGENT tag (GET /api/settings says so): closed after 24 hours. */
export const ClosedTagDisabled: Story = {
  ...withoutTag(story({ window: "closed_no_tag" })),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(/HUMAN_AGENT tag is not enabled for this Page/)).toBeVisible();
    await expect(canvas.getByRole("textbox", { name: "Reply to Maya Nguyen" })).toBeDisabled();
  },
};
/** The window closes a few seconds in, with no fetch: the reply box turns off and the notice says why. */
export const ClosesWhileOpen: Story = {
  ...withoutTag(closingIn(4)),
  play: async ({ canvas, canvasElement }) => {
    const box = canvas.getByRole("textbox", { name: "Reply to Maya Nguyen" });
    await expect(box).toBeEnabled();
    await expect(canvasElement.querySelector("#window-notice")).toHaveTextContent(/s left — reply soon/);
    await waitFor(() => expect(box).toBeDisabled());
    await expect(canvasElement.querySelector("#window-notice")).toHaveTextContent(
      "You can't reply: More than 24 hours have passed",
    );
    await expect(canvas.getByRole("button", { name: "Send" })).toBeDisabled();
  },
};
/** With the HUMAN_AGENT tag allowed, the same moment switches the reply to the tag instead. */
export const TurnsToHumanAgentTag: Story = {
  ...closingIn(4),
  play: async ({ canvas, canvasElement }) => {
    const notice = canvasElement.querySelector("#window-notice");
    await expect(notice).toHaveAttribute("data-window", "open");
    await expect(notice).toHaveTextContent(/s left — reply soon/);
    await waitFor(() => expect(notice).toHaveAttribute("data-window", "human_agent"));
    await expect(notice).toHaveTextContent("your reply will be sent with the HUMAN_AGENT tag · 6d left.");
    await expect(canvas.getByRole("textbox", { name: "Reply to Maya Nguyen" })).toBeEnabled();
  },
};
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
