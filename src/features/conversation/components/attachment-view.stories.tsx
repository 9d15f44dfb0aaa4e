import type { Meta, StoryObj } from "@storybook/react-vite";
import type { Attachment } from "@contract/timeline.ts";
import { buildShowcaseTimeline } from "@/mocks/fixtures.ts";
import { AttachmentView } from "@/features/conversation/components/attachment-view.tsx";
import { offline } from "../../../../.storybook/offline-media.ts";

const attachments: Attachment[] = offline(buildShowcaseTimeline(new Date()).items).flatMap((i) => (i.kind === "message" ? i.attachments : []));

const meta = {
  title: "Conversation/AttachmentView",
  component: AttachmentView,
  args: { attachment: { type: "file", url: "https://cdn.example/invoice-48213.pdf", name: "invoice-48213.pdf" }, who: "Maya Nguyen" },
} satisfies Meta<typeof AttachmentView>;
export default meta;
type Story = StoryObj<typeof meta>;

export const File: Story = {};
export const LongFileName: Story = { args: { attachment: { type: "file", url: null, name: `${"scan-of-the-receipt-".repeat(6)}.pdf` } }, decorators: [(Story) => <div className="w-72">{Story()}</div>] };
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
