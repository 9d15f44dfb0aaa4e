import type { Meta, StoryObj } from "@storybook/react-vite";
import { systemEvent, type SystemEvent } from "@contract/timeline.ts";
import { ana, buildSystemItem } from "@/mocks/fixtures.ts";
import { SystemNotice } from "@/features/conversation/components/system-notice.tsx";

const texts: Record<SystemEvent, string> = {
  escalated: "Escalated: the customer tapped “Talk to a human”.",
  no_bot_answer: "The bot did not answer within 60 seconds. A human is needed.",
  bot_resolved: "Resolved by the bot.",
  bot_replied_after_handoff:
    "The bot replied after the customer asked for a human. The conversation stays with a human.",
  autoresponder_suspected: "Resolved by the bot, but its reply looks like an autoresponder.",
  control_passed: "The bot passed thread control to Baton.",
  control_taken: "Baton took thread control back from Page Inbox.",
  control_requested: "Page Inbox asked for thread control.",
  control_released: "Baton released thread control; the thread is idle.",
  assigned: "Ana Silva assigned this to Ben Okafor.",
  resolved: "Resolved by Ana Silva.",
  reopened: "Reopened by Ana Silva.",
  roles_changed: "The Page's app roles changed: ShopBot is now the primary receiver.",
  referral: "Came from the Spring Sale ad (ref spring-sale-25).",
  opt_in: "Opted in to messages with the checkbox on the checkout page (ref checkout).",
  feedback: "Feedback: satisfaction 4 of 5 · “Quick and friendly, thanks!”",
};

const item = (event: SystemEvent) =>
  buildSystemItem({
    id: `s-${event}`,
    event,
    text: texts[event],
    agent: ["assigned", "resolved", "reopened", "control_taken"].includes(event) ? ana : null,
  });

const meta = {
  title: "Conversation/SystemNotice",
  component: SystemNotice,
  args: { item: item("escalated") },
  decorators: [(Story) => <div className="max-w-3xl bg-canvas py-2">{Story()}</div>],
} satisfies Meta<typeof SystemNotice>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Escalated: Story = {};
export const NoBotAnswer: Story = { args: { item: item("no_bot_answer") } };
export const BotResolved: Story = { args: { item: item("bot_resolved") } };
export const BotRepliedAfterHandoff: Story = { args: { item: item("bot_replied_after_handoff") } };
export const AutoresponderSuspected: Story = { args: { item: item("autoresponder_suspected") } };
export const ControlPassed: Story = { args: { item: item("control_passed") } };
export const ControlTaken: Story = { args: { item: item("control_taken") } };
export const ControlRequested: Story = { args: { item: item("control_requested") } };
export const ControlReleased: Story = { args: { item: item("control_released") } };
export const Assigned: Story = { args: { item: item("assigned") } };
export const Resolved: Story = { args: { item: item("resolved") } };
export const Reopened: Story = { args: { item: item("reopened") } };
export const RolesChanged: Story = { args: { item: item("roles_changed") } };
/** Where the customer came from: an ad (with its title), an m.me link with a ref, a QR code. */
export const ReferralFromAd: Story = { args: { item: item("referral") } };
export const ReferralFromLink: Story = {
  args: {
    item: buildSystemItem({
      id: "s-ref-link",
      event: "referral",
      text: "Came from an m.me link (ref summer-newsletter).",
    }),
  },
};
export const ReferralFromQrCode: Story = {
  args: {
    item: buildSystemItem({
      id: "s-ref-qr",
      event: "referral",
      text: "Came from a QR code (ref store-window-berlin).",
    }),
  },
};
/** Opt-ins: the checkbox plugin on a website, and recurring notifications with their topic and frequency. */
export const OptInCheckbox: Story = { args: { item: item("opt_in") } };
export const OptInRecurring: Story = {
  args: {
    item: buildSystemItem({
      id: "s-optin-rn",
      event: "opt_in",
      text: "Subscribed to recurring notifications: “Restock alerts”, weekly.",
    }),
  },
};
/** Meta's customer feedback form: scores and the customer's own words. */
export const Feedback: Story = { args: { item: item("feedback") } };
export const FeedbackLongComment: Story = {
  args: {
    item: buildSystemItem({
      id: "s-feedback-long",
      event: "feedback",
      text: "Feedback: satisfaction 2 of 5, likely to recommend 3 of 10 · “The bot kept sending me the same three buttons and it took two days before a person answered. The lamp is lovely though.”",
    }),
  },
};
export const EverySystemItem: Story = {
  render: () => (
    <div>
      {systemEvent.options.map((e) => (
        <SystemNotice key={e} item={item(e)} />
      ))}
    </div>
  ),
};
export const LongUnbrokenText: Story = {
  args: {
    item: buildSystemItem({
      text: `Escalated: ${"the-customer-wrote-a-very-long-unbroken-reference-".repeat(4)}`,
    }),
  },
};
export const RightToLeft: Story = {
  args: { item: buildSystemItem({ text: "تم التصعيد: طلب العميل التحدث إلى شخص" }) },
};
