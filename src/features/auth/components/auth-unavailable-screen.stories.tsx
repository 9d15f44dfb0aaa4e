import type { Meta, StoryObj } from "@storybook/react-vite";
import { fn } from "storybook/test";
import { ApiRequestError } from "@/lib/api-client.ts";
import { AuthUnavailableScreen } from "@/features/auth/components/auth-unavailable-screen.tsx";

/** Baton could not say who is signed in: the status or session request failed. */
const meta = {
  title: "Auth/AuthUnavailableScreen",
  component: AuthUnavailableScreen,
  args: { error: new TypeError("Failed to fetch"), onRetry: fn() },
  parameters: { layout: "fullscreen", baton: { agentId: null } },
  decorators: [(Story) => <div className="h-screen">{Story()}</div>],
} satisfies Meta<typeof AuthUnavailableScreen>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Unreachable: Story = {};
export const ServerError: Story = {
  args: { error: new ApiRequestError(502, "http_error", "The server answered 502.", null) },
};
export const Retrying: Story = { args: { retrying: true } };
