import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn } from "storybook/test";
import type { Attachment, MessageItem } from "@contract/timeline.ts";
import {
  ana,
  BATON_APP_ID,
  BOT_APP_ID,
  buildMessage,
  buildShowcaseTimeline,
  PAGE_INBOX_APP_ID,
} from "@/mocks/fixtures.ts";
import { MessageBubble } from "@/features/conversation/components/message-bubble.tsx";
import { avatarUri, offline } from "../../../../.storybook/offline-media.ts";

/** Every message kind in the showcase fixture (the same one the mock backend and the unit tests use), made offline. */
const showcase = offline(buildShowcaseTimeline(new Date(Date.now() - 3_600_000)).items).filter(
  (i): i is MessageItem => i.kind === "message",
);
const find = (pick: (m: MessageItem) => boolean): MessageItem => {
  const m = showcase.find(pick);
  if (!m) throw new Error("the showcase fixture lost a message kind");
  return m;
};
const withAttachment = (type: Attachment["type"], extra: (a: Attachment) => boolean = () => true) =>
  find((m) => m.attachments.some((a) => a.type === type && extra(a)));

const bot = (o: Partial<MessageItem>) => buildMessage({ author: "bot", appId: BOT_APP_ID, ...o });
const agent = (o: Partial<MessageItem>) =>
  buildMessage({ author: "agent", agent: ana, appId: BATON_APP_ID, ...o });

const meta = {
  title: "Conversation/MessageBubble",
  component: MessageBubble,
  args: {
    message: buildMessage({ text: "Hi! Where is my order #48213?" }),
    customerName: "Maya Nguyen",
    customerAvatar: null,
    tappedPayload: null,
  },
  decorators: [(Story) => <div className="max-w-3xl bg-canvas py-2">{Story()}</div>],
} satisfies Meta<typeof MessageBubble>;
export default meta;
type Story = StoryObj<typeof meta>;

export const CustomerText: Story = {};
export const CustomerWithPicture: Story = { args: { customerAvatar: avatarUri(4) } };
export const BotText: Story = {
  args: { message: bot({ text: "Hi! I'm ShopBot. What can I help you with?" }) },
};
export const BotOffersChips: Story = { args: { message: find((m) => m.quickReplies.length === 3) } };
export const BotChipTapped: Story = {
  args: { message: find((m) => m.quickReplies.length === 3), tappedPayload: "TRACK_ORDER" },
};
export const CustomerTappedChip: Story = {
  args: { message: find((m) => m.quickReplyPayload === "TRACK_ORDER") },
};
export const Postback: Story = { args: { message: find((m) => m.postback !== null) } };
export const Card: Story = {
  args: { message: withAttachment("template", (a) => a.type === "template" && a.elements.length === 1) },
};
export const Carousel: Story = {
  args: { message: withAttachment("template", (a) => a.type === "template" && a.elements.length > 1) },
};
/** A bot's card whose button carries a javascript: URL: shown as text with the URL spelled out, never as a link. */
export const CardWithJavascriptButton: Story = {
  args: {
    message: bot({
      text: null,
      attachments: [
        {
          type: "template",
          templateType: "generic",
          text: null,
          elements: [
            {
              title: "Your cart is waiting",
              subtitle: "Linen throw, sand · $89",
              imageUrl: null,
              buttons: [
                {
                  type: "web_url",
                  title: "Checkout",
                  payload: null,
                  url: "javascript:alert(document.cookie)",
                },
                { type: "postback", title: "🙋 Talk to a human", payload: "TALK_TO_HUMAN", url: null },
              ],
            },
          ],
          buttons: [],
        },
      ],
    }),
  },
  play: async ({ canvas }) => {
    await expect(canvas.queryAllByRole("link")).toHaveLength(0);
    await expect(canvas.getByText("Checkout")).toBeVisible();
    await expect(canvas.getByText("javascript:alert(document.cookie)")).toBeVisible();
  },
};
/** Markup a customer typed is text: nothing in it runs or renders as HTML. */
export const CustomerTypedMarkup: Story = {
  args: {
    message: buildMessage({
      text: '<img src=x onerror="alert(1)"> <script>alert(2)</script> <a href="javascript:alert(3)">click</a>',
    }),
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getByText(/<script>alert\(2\)<\/script>/)).toBeVisible();
    await expect(canvasElement.querySelectorAll("script, a, img")).toHaveLength(0);
  },
};
export const ButtonTemplate: Story = {
  args: { message: withAttachment("template", (a) => a.type === "template" && a.elements.length === 0) },
};
export const Image: Story = {
  args: { message: withAttachment("image", (a) => a.type === "image" && a.stickerId === null) },
};
export const ImageNoLongerAvailable: Story = {
  args: {
    message: buildMessage({ text: null, attachments: [{ type: "image", url: null, stickerId: null }] }),
  },
};
export const Sticker: Story = {
  args: { message: withAttachment("image", (a) => a.type === "image" && a.stickerId !== null) },
};
export const Video: Story = { args: { message: withAttachment("video") } };
export const Audio: Story = { args: { message: withAttachment("audio") } };
export const File: Story = { args: { message: withAttachment("file") } };
export const SharedLink: Story = { args: { message: withAttachment("fallback") } };
export const Location: Story = { args: { message: withAttachment("location") } };
export const Reaction: Story = { args: { message: find((m) => m.reactions.length > 0) } };
export const AgentSending: Story = {
  args: { message: agent({ text: "Let me check that for you.", delivery: "sending", mid: null }) },
};
/** Messenger could not take the reply yet: Baton retries it and says why it is still sending. */
export const AgentRetrying: Story = {
  args: {
    message: agent({
      text: "Let me check that for you.",
      delivery: "sending",
      mid: null,
      error: "Messenger could not be reached. Try again in a moment.",
    }),
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/Sending… Retrying: Messenger could not be reached/)).toBeVisible();
    await expect(canvas.queryByRole("button", { name: "Retry" })).toBeNull();
  },
};
export const AgentSent: Story = {
  args: { message: agent({ text: "Let me check that for you.", delivery: "sent" }) },
};
export const AgentDelivered: Story = {
  args: { message: agent({ text: "Let me check that for you.", delivery: "delivered" }) },
};
export const AgentRead: Story = {
  args: { message: agent({ text: "Let me check that for you.", delivery: "read" }) },
};
export const AgentWithHumanAgentTag: Story = { args: { message: find((m) => m.tag === "HUMAN_AGENT") } };
export const FailedSend: Story = {
  args: { message: find((m) => m.delivery === "failed"), onRetry: fn() },
  play: async ({ args, canvas, userEvent }) => {
    await expect(canvas.getByRole("group", { name: "Failed message" })).toHaveTextContent(/Graph error 551/);
    await userEvent.click(canvas.getByRole("button", { name: "Retry" }));
    await expect(args.onRetry).toHaveBeenCalledTimes(1);
  },
};
export const FailedSendRetrying: Story = {
  args: { message: find((m) => m.delivery === "failed"), onRetry: fn(), retrying: true },
};
export const FailedSendReadOnly: Story = { args: { message: find((m) => m.delivery === "failed") } };
export const PageInboxEcho: Story = {
  args: {
    message: buildMessage({
      author: "page_inbox",
      appId: PAGE_INBOX_APP_ID,
      text: "Hi, this is Jo from the shop team replying from Page Inbox.",
    }),
  },
};
export const PhoneEcho: Story = {
  args: { message: buildMessage({ author: "page", text: "Sent from the Pages app on a phone." }) },
};
export const RightToLeft: Story = {
  args: {
    customerName: "محمد عبد الرحمن",
    message: buildMessage({ text: "يرجى التحقق من عنوان الشحن الخاص بي، شكرا لك" }),
  },
};
export const LongUnbrokenText: Story = {
  args: { message: buildMessage({ text: `${"A".repeat(180)} thank you!!` }) },
};
export const LongParagraphs: Story = {
  args: {
    customerName: "Maximiliana Theodora Wolfeschlegelsteinhausenbergerdorff-Vanderbilt",
    message: buildMessage({
      text: "I ordered the linen shirt in sand two weeks ago and the tracking page has said 'exception' for six days.\n\nI have emailed twice and called once. Could someone please tell me whether it is lost, and if so whether you can send another one or refund me? I need it for a wedding on Saturday.\n\nThanks, Max",
    }),
  },
};

// --- Messenger signals: story replies and mentions, edits, unsent messages ---------------------------------

const storyUrl = "https://scontent.example/stories/lumen-spring-lamp.jpg";
/** A reply to the Page's story: a small "Replied to your story" preview with a link that opens in a new tab. */
export const StoryReply: Story = {
  args: {
    message: buildMessage({
      text: "Is this lamp still available in walnut?",
      storyReply: { url: storyUrl, id: "story-9001" },
    }),
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText("Replied to your story")).toBeVisible();
    const link = canvas.getByRole("link", { name: /Open the story/ });
    await expect(link).toHaveAttribute("href", storyUrl);
    await expect(link).toHaveAttribute("rel", "noopener noreferrer");
    await expect(canvas.getByRole("article")).toHaveAccessibleName(
      /replied to your story; Is this lamp still available/,
    );
  },
};
/** Stories last a day: once Meta's link is gone, the preview says so. */
export const StoryReplyExpired: Story = {
  args: { message: buildMessage({ text: "Love this one!", storyReply: { url: null, id: "story-9001" } }) },
};
/** A story URL that is not a web address is spelled out, never linked. */
export const StoryReplyUnsafeUrl: Story = {
  args: { message: buildMessage({ text: "😍", storyReply: { url: "javascript:alert(1)", id: null } }) },
  play: async ({ canvas }) => {
    await expect(canvas.queryAllByRole("link")).toHaveLength(0);
    await expect(canvas.getByText("javascript:alert(1)")).toBeVisible();
  },
};
export const StoryMention: Story = { args: { message: withAttachment("story_mention") } };
/** An edited message: the latest text in the bubble, "Edited" under it, the original one click away. */
export const Edited: Story = {
  args: { message: find((m) => m.edited !== null && m.edited !== undefined) },
  play: async ({ canvas, userEvent }) => {
    await expect(canvas.getByRole("article")).toHaveAccessibleName(/not #48231 sorry!; edited$/);
    const toggle = canvas.getByRole("button", { name: "Show the original" });
    await expect(toggle).toHaveAttribute("aria-expanded", "false");
    await expect(canvas.getByText("It's order #48231")).not.toBeVisible();
    await userEvent.click(toggle);
    await expect(canvas.getByRole("button", { name: "Hide the original" })).toHaveAttribute(
      "aria-expanded",
      "true",
    );
    await expect(canvas.getByText("It's order #48231")).toBeVisible();
  },
};
export const EditedManyTimes: Story = {
  args: {
    message: buildMessage({
      text: "Can you send it to Rua Augusta 100, 2nd floor?",
      edited: {
        at: "2025-01-15T10:49:00.000Z",
        originalText: "Can you send it to Rua Augusta 10?",
        count: 3,
      },
    }),
  },
};
/** Baton never had the text before the edit (it arrived before Baton was connected). */
export const EditedOriginalUnknown: Story = {
  args: {
    message: buildMessage({
      text: "Size M please",
      edited: { at: "2025-01-15T10:44:00.000Z", originalText: null, count: 1 },
    }),
  },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/the original was not received/)).toBeVisible();
    await expect(canvas.queryByRole("button")).toBeNull();
  },
};
/** An unsent message: marked, its text hidden behind a reveal; revealed, it shows struck through. */
export const Unsent: Story = {
  args: { message: find((m) => m.deleted === true) },
  play: async ({ canvas, userEvent }) => {
    await expect(canvas.getByText("The customer unsent this message.")).toBeVisible();
    await expect(canvas.getByRole("article")).toHaveAccessibleName(/unsent this message$/);
    await expect(canvas.getByText("ugh this shop is useless")).not.toBeVisible();
    await userEvent.click(canvas.getByRole("button", { name: "Show what it said" }));
    const text = canvas.getByText("ugh this shop is useless");
    await expect(text).toBeVisible();
    await expect(text.tagName).toBe("DEL");
  },
};
export const UnsentRevealed: Story = {
  args: { message: find((m) => m.deleted === true) },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("button", { name: "Show what it said" }));
    await expect(canvas.getByRole("button", { name: "Hide what it said" })).toHaveAttribute(
      "aria-expanded",
      "true",
    );
  },
};
export const UnsentPhoto: Story = {
  args: {
    message: buildMessage({
      text: null,
      deleted: true,
      attachments: [{ type: "image", url: null, stickerId: null }],
    }),
  },
};
export const UnsentStoryReply: Story = {
  args: {
    message: buildMessage({ text: "nvm", deleted: true, storyReply: { url: storyUrl, id: "story-9001" } }),
  },
};
