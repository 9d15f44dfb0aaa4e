import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect } from "storybook/test";
import type { Attachment } from "@contract/timeline.ts";
import { buildShowcaseTimeline } from "@/mocks/fixtures.ts";
import { AttachmentView } from "@/features/conversation/components/attachment-view.tsx";
import { offline } from "../../../../.storybook/offline-media.ts";

const attachments: Attachment[] = offline(buildShowcaseTimeline(new Date()).items).flatMap((i) =>
  i.kind === "message" ? i.attachments : [],
);

const meta = {
  title: "Conversation/AttachmentView",
  component: AttachmentView,
  args: {
    attachment: { type: "file", url: "https://cdn.example/invoice-48213.pdf", name: "invoice-48213.pdf" },
    who: "Maya Nguyen",
  },
} satisfies Meta<typeof AttachmentView>;
export default meta;
type Story = StoryObj<typeof meta>;

export const File: Story = {};
export const LongFileName: Story = {
  args: { attachment: { type: "file", url: null, name: `${"scan-of-the-receipt-".repeat(6)}.pdf` } },
  decorators: [(Story) => <div className="w-72">{Story()}</div>],
};
export const AudioUnavailable: Story = { args: { attachment: { type: "audio", url: null } } };
export const VideoUnavailable: Story = { args: { attachment: { type: "video", url: null } } };
export const EveryAttachment: Story = {
  render: (args) => (
    <ul className="flex max-w-xl flex-col gap-3">
      {attachments.map((a, i) => (
        <li key={i}>
          <AttachmentView attachment={a} who={args.who} />
        </li>
      ))}
    </ul>
  ),
};

/**
 * A bot's card whose "Shop now" button carries a javascript: URL: the button is shown as text with the URL spelled
 * out, never as a link. The https button beside it stays a link that opens in a new tab without an opener.
 */
export const CardWithJavascriptButton: Story = {
  args: {
    attachment: {
      type: "template",
      templateType: "generic",
      text: null,
      elements: [
        {
          title: "Summer sale: 30% off linen",
          subtitle: "Only this weekend",
          imageUrl: "javascript:alert(document.cookie)",
          buttons: [
            { type: "web_url", title: "Shop now", payload: null, url: "javascript:alert(document.cookie)" },
            {
              type: "web_url",
              title: "See the lookbook",
              payload: null,
              url: "https://shop.example/lookbook",
            },
            { type: "postback", title: "Talk to a human", payload: "TALK_TO_HUMAN", url: null },
          ],
        },
      ],
      buttons: [],
    },
  },
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.getAllByRole("link")).toHaveLength(1);
    const link = canvas.getByRole("link", { name: /See the lookbook/ });
    await expect(link).toHaveAttribute("href", "https://shop.example/lookbook");
    await expect(link).toHaveAttribute("target", "_blank");
    await expect(link).toHaveAttribute("rel", "noopener noreferrer");
    await expect(canvas.queryByRole("link", { name: /Shop now/ })).toBeNull();
    await expect(canvas.getByText("Shop now")).toBeVisible();
    await expect(canvas.getAllByText("javascript:alert(document.cookie)")).toHaveLength(2);
    await expect(canvasElement.querySelector("img")).toBeNull();
  },
};

/** A button template whose buttons carry data:, vbscript: and oddly cased javascript: URLs: all three are text. */
export const ButtonsWithUnsafeUrls: Story = {
  args: {
    attachment: {
      type: "template",
      templateType: "button",
      text: "Your order #48213 is on its way. Track it here:",
      elements: [],
      buttons: [
        { type: "web_url", title: "Track my order", payload: null, url: "JaVaScRiPt:alert(1)" },
        {
          type: "web_url",
          title: "Open receipt",
          payload: null,
          url: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        },
        { type: "web_url", title: "Old Windows link", payload: null, url: "vbscript:msgbox(1)" },
      ],
    },
  },
  play: async ({ canvas }) => {
    await expect(canvas.queryAllByRole("link")).toHaveLength(0);
    await expect(canvas.getByText("JaVaScRiPt:alert(1)")).toBeVisible();
    await expect(canvas.getByText("vbscript:msgbox(1)")).toBeVisible();
  },
};

/** Media, files, links and places whose URLs are not web addresses: each says what it is and shows the URL as text. */
export const UnsafeMediaAndFiles: Story = {
  render: (args) => (
    <ul className="flex max-w-xl flex-col gap-3">
      {(
        [
          { type: "image", url: "javascript:alert(1)", stickerId: null },
          { type: "image", url: " data:image/svg+xml,<svg onload=alert(1)>", stickerId: 369239263222822 },
          { type: "video", url: "vbscript:msgbox(1)" },
          { type: "audio", url: "\tjavascript:alert(1)" },
          { type: "file", url: "javascript:alert(1)//invoice.pdf", name: "invoice-48213.pdf" },
          { type: "fallback", url: "data:text/html,<script>alert(1)</script>", title: "Your receipt" },
          { type: "location", url: "//evil.example/map", title: "Pick-up point" },
        ] satisfies Attachment[]
      ).map((a, i) => (
        <li key={i}>
          <AttachmentView attachment={a} who={args.who} />
        </li>
      ))}
    </ul>
  ),
  play: async ({ canvas, canvasElement }) => {
    await expect(canvas.queryAllByRole("link")).toHaveLength(0);
    await expect(canvasElement.querySelectorAll("img, video, audio, [src], [href]")).toHaveLength(0);
    await expect(canvas.getByText("invoice-48213.pdf")).toBeVisible();
    await expect(canvas.getByText("javascript:alert(1)//invoice.pdf")).toBeVisible();
  },
};

/** The customer mentioned the Page in their story: a link to the story while Meta still serves it. */
export const StoryMention: Story = {
  args: { attachment: { type: "story_mention", url: "https://scontent.example/stories/maya-unboxing.mp4" } },
  play: async ({ canvas }) => {
    await expect(canvas.getByText("Mentioned the Page in their story")).toBeVisible();
    await expect(canvas.getByRole("link", { name: /Open the story/ })).toHaveAttribute("target", "_blank");
  },
};
export const StoryMentionExpired: Story = { args: { attachment: { type: "story_mention", url: null } } };
export const StoryMentionUnsafeUrl: Story = {
  args: { attachment: { type: "story_mention", url: "data:text/html,<script>alert(1)</script>" } },
  play: async ({ canvas }) => {
    await expect(canvas.queryAllByRole("link")).toHaveLength(0);
  },
};
