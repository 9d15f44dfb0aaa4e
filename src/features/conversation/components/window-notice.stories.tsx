import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect } from "storybook/test";
import { HUMAN_AGENT_WINDOW_MS, messagingWindowAt, STANDARD_WINDOW_MS } from "@contract/messaging-window.ts";
import { WindowNotice } from "@/features/conversation/components/window-notice.tsx";

const last = "Can you please check whether my parcel is still at the depot? I need it before Friday.";

/** A fixed clock: the notice is pure (the composer passes the window live), so every story reads the same forever. */
const NOW = new Date("2025-03-01T12:00:00.000Z");
const HOUR = 3_600_000;
/** The window, at NOW, of a customer who last wrote `ago` ms before. */
const wroteAgo = (ago: number, humanAgentTagEnabled = true) => ({
  window: messagingWindowAt(new Date(NOW.getTime() - ago), NOW, { humanAgentTagEnabled }),
  now: NOW,
});
const reads =
  (text: string): Story["play"] =>
  async ({ canvasElement }) => {
    await expect(canvasElement.querySelector("#window-notice")).toHaveTextContent(text);
  };

const meta = {
  title: "Conversation/WindowNotice",
  component: WindowNotice,
  args: { ...wroteAgo(4 * HOUR), lastCustomerText: last },
  decorators: [(Story) => <div className="max-w-2xl">{Story()}</div>],
} satisfies Meta<typeof WindowNotice>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Open: Story = { play: reads("Messaging window open · 20h left.") };
/** Exactly two hours left: not yet "closing". */
export const ExactlyTwoHoursLeft: Story = {
  args: wroteAgo(STANDARD_WINDOW_MS - 2 * HOUR),
  play: reads("Messaging window open · 2h left."),
};
/** Under two hours left: amber, with the customer's last words quoted. */
export const Closing: Story = {
  args: wroteAgo(STANDARD_WINDOW_MS - 2 * HOUR + 1),
  play: reads("Messaging window open · 2h left — reply soon."),
};
/** The last moment of the standard window: the countdown rounds up, so it never reads "0s left" while open. */
export const LastSecond: Story = {
  args: wroteAgo(STANDARD_WINDOW_MS - 1),
  play: reads("Messaging window open · 1s left — reply soon."),
};
export const ClosingLongUnbrokenQuote: Story = {
  args: { ...wroteAgo(23.25 * HOUR), lastCustomerText: "A".repeat(400) },
};
export const ClosingRightToLeft: Story = {
  args: { ...wroteAgo(23.25 * HOUR), lastCustomerText: "يرجى التحقق من عنوان الشحن الخاص بي، شكرا لك" },
};
/** Exactly 24 hours since the customer wrote: the HUMAN_AGENT tag takes over, 6 days left. */
export const HumanAgentOnly: Story = {
  args: wroteAgo(STANDARD_WINDOW_MS),
  play: reads("The 24-hour window has passed: your reply will be sent with the HUMAN_AGENT tag · 6d left."),
};
export const HumanAgentClosing: Story = {
  args: wroteAgo(HUMAN_AGENT_WINDOW_MS - HOUR),
  play: reads("HUMAN_AGENT tag · 1h left."),
};
/** Exactly 24 hours, and the Page may not use the tag: closed. */
export const ClosedTagDisabled: Story = {
  args: wroteAgo(STANDARD_WINDOW_MS, false),
  play: reads("You can't reply: More than 24 hours have passed"),
};
/** Exactly 7 days: closed until the customer writes again. */
export const ClosedAfterSevenDays: Story = {
  args: wroteAgo(HUMAN_AGENT_WINDOW_MS),
  play: reads("You can't reply: More than 7 days have passed"),
};
export const ClosedCustomerNeverWrote: Story = {
  args: { window: messagingWindowAt(null, NOW, { humanAgentTagEnabled: true }) },
  play: reads("You can't reply: The customer has not written yet"),
};
