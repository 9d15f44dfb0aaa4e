import type { Meta, StoryObj } from "@storybook/react-vite";
import { fn } from "storybook/test";
import { LinkExpiredScreen } from "@/features/auth/components/link-expired-screen.tsx";

/** A one-time link that expired, was used, or was never valid (404 link_invalid). */
const meta = {
  title: "Auth/LinkExpiredScreen",
  component: LinkExpiredScreen,
  args: { kind: "invite", onContinue: fn() },
  parameters: { layout: "fullscreen", baton: { agentId: null } },
  decorators: [(Story) => <div className="h-screen">{Story()}</div>],
} satisfies Meta<typeof LinkExpiredScreen>;
export default meta;
type Story = StoryObj<typeof meta>;

export const InvitationExpired: Story = {};
export const ResetLinkExpired: Story = { args: { kind: "reset" } };
export const SetupLinkExpired: Story = { args: { kind: "setup" } };
export const ExpiredNarrow: Story = { globals: { viewport: { value: "narrow", isRotated: false } } };
