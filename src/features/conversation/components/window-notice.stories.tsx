import type { Meta, StoryObj } from "@storybook/react-vite";
import { WindowNotice } from "@/features/conversation/components/window-notice.tsx";
import { windowFor } from "../../../../.storybook/mock-api.ts";

const last = "Can you please check whether my parcel is still at the depot? I need it before Friday.";

const meta = {
  title: "Conversation/WindowNotice",
  component: WindowNotice,
  args: { window: windowFor("open").window, now: new Date(), lastCustomerText: last },
  decorators: [(Story) => <div className="max-w-2xl">{Story()}</div>],
} satisfies Meta<typeof WindowNotice>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Open: Story = {};
/** Under two hours left: amber, with the customer's last words quoted. */
export const Closing: Story = { args: { window: windowFor("closing").window } };
export const ClosingLongUnbrokenQuote: Story = {
  args: { window: windowFor("closing").window, lastCustomerText: "A".repeat(400) },
};
export const ClosingRightToLeft: Story = {
  args: {
    window: windowFor("closing").window,
    lastCustomerText: "يرجى التحقق من عنوان الشحن الخاص بي، شكرا لك",
  },
};
export const HumanAgentOnly: Story = { args: { window: windowFor("human_agent").window } };
export const HumanAgentClosing: Story = { args: { window: windowFor("human_agent_closing").window } };
export const ClosedTagDisabled: Story = { args: { window: windowFor("closed_no_tag").window } };
export const ClosedAfterSevenDays: Story = { args: { window: windowFor("closed").window } };
export const ClosedCustomerNeverWrote: Story = { args: { window: windowFor("never_wrote").window } };
