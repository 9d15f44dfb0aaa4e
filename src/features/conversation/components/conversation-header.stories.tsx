import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor } from "storybook/test";
import { ana, buildReferral } from "@/mocks/fixtures.ts";
import { ConversationHeader } from "@/features/conversation/components/conversation-header.tsx";
import { currentDb, fails } from "../../../../.storybook/mock-api.ts";
import {
  ben,
  longName,
  rtlName,
  STORY_ID,
  summaryFor,
  withConversation,
  type ConversationShape,
} from "../../../../.storybook/scenarios.ts";

const story = (s: ConversationShape = {}, readOnly = false) => ({
  args: { conversation: summaryFor(s), readOnly },
  parameters: { baton: { db: withConversation(s) } },
});

const meta = {
  title: "Conversation/ConversationHeader",
  component: ConversationHeader,
  args: { conversation: summaryFor() },
  parameters: { layout: "fullscreen" },
} satisfies Meta<typeof ConversationHeader>;
export default meta;
type Story = StoryObj<typeof meta>;

export const OpenUnassigned: Story = story();
export const AssignedToMe: Story = story({ summary: { assignee: ana } });
export const AssignedToSomeoneElse: Story = story({ summary: { assignee: ben } });
export const Pending: Story = story({ summary: { status: "pending", assignee: ana } });
export const Resolved: Story = story({ summary: { status: "resolved", owner: "bot", assignee: ana } });
export const WithBot: Story = story({
  summary: { status: "bot", owner: "bot", escalatedAt: null, escalationReason: null },
});
export const BotResolvedReadOnly: Story = story(
  {
    summary: {
      status: "bot_resolved",
      owner: "bot",
      escalatedAt: null,
      escalationReason: null,
      flags: ["autoresponder_suspected"],
    },
  },
  true,
);
export const PageInboxOwner: Story = story({ summary: { owner: "page_inbox" } });
export const IdleOwner: Story = story({ summary: { owner: "idle" } });
export const EveryFlag: Story = story({
  summary: { flags: ["bot_replied_after_handoff", "autoresponder_suspected"] },
});
export const LongName: Story = story({
  summary: {
    customer: { psid: "p", name: longName, avatarUrl: null },
    escalationReason:
      "The bot did not answer within 60 seconds, and then the customer asked twice more for a person.",
  },
});
export const RightToLeftName: Story = story({
  summary: { customer: { psid: "p", name: rtlName, avatarUrl: null } },
});
export const Narrow: Story = {
  ...story({
    summary: {
      customer: { psid: "p", name: longName, avatarUrl: null },
      flags: ["bot_replied_after_handoff"],
    },
  }),
  globals: { viewport: { value: "narrow", isRotated: false } },
};

/** Where the customer came from, under their name: an ad, an m.me link with a ref, a QR code. */
export const CameFromAnAd: Story = {
  ...story({ summary: { referral: buildReferral() } }),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(/Came from/)).toBeVisible();
    await expect(canvas.getByRole("banner")).toHaveTextContent(
      "Came from the “Spring Sale” ad · ref spring-sale-25",
    );
  },
};
export const CameFromAnMmeLink: Story = story({
  summary: {
    referral: buildReferral({ source: "SHORTLINK", ref: "summer-newsletter", adId: null, adTitle: null }),
  },
});
export const CameFromAQrCode: Story = story({
  summary: {
    referral: buildReferral({
      source: "MESSENGER_CODE",
      ref: "store-window-berlin",
      adId: null,
      adTitle: null,
    }),
  },
});
export const CameFromAnAdNarrow: Story = {
  ...story({
    summary: {
      referral: buildReferral({ adTitle: "Spring Sale: 25% off every lamp, throw and candle until Sunday" }),
    },
  }),
  globals: { viewport: { value: "narrow", isRotated: false } },
};

export const AssignToMe: Story = {
  ...story(),
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole("button", { name: /Assign to me/ }));
    await waitFor(() => expect(currentDb().get(STORY_ID).assignee?.id).toBe("agent-ana"));
  },
};
export const AssignMenuOpen: Story = {
  ...story(),
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("button", { name: /Assign…/ }));
    await expect(await canvas.findByRole("menu", { name: "Assign to" })).toBeVisible();
    await waitFor(() => expect(canvas.getAllByRole("menuitem")[0]).toHaveFocus());
  },
};
export const ResolveFails: Story = {
  ...story(),
  parameters: {
    ...story().parameters,
    msw: { handlers: { overrides: [fails("post", "/api/conversations/:id/resolve")] } },
  },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("button", { name: /Resolve/ }));
    await expect(await canvas.findByRole("alert")).toHaveTextContent(/server is having a moment/);
  },
};
