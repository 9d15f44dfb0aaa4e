import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, waitFor } from "storybook/test";
import { MOCK_TOKENS } from "@/mocks/mock-auth.ts";
import { ResetPasswordScreen } from "@/features/auth/components/reset-password-screen.tsx";

/** A password reset link an admin handed over (`/reset-password#token=…`). */
const meta = {
  title: "Auth/ResetPasswordScreen",
  component: ResetPasswordScreen,
  args: {
    token: MOCK_TOKENS.reset,
    info: {
      kind: "reset",
      email: "ana@demo-shop.example",
      role: "agent",
      expiresAt: new Date(Date.now() + 50 * 60_000).toISOString(),
    },
    onSignedIn: fn(),
  },
  parameters: { layout: "fullscreen", baton: { agentId: null } },
  decorators: [(Story) => <div className="h-screen">{Story()}</div>],
} satisfies Meta<typeof ResetPasswordScreen>;
export default meta;
type Story = StoryObj<typeof meta>;

export const ResetPassword: Story = {};
export const ResetPasswordNarrow: Story = { globals: { viewport: { value: "narrow", isRotated: false } } };
export const ShowThePassword: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(canvas.getByLabelText("New password"), "a long enough password");
    await userEvent.click(canvas.getByRole("button", { name: "Show password" }));
    await expect(canvas.getByLabelText("New password")).toHaveAttribute("type", "text");
    await expect(canvas.getByRole("button", { name: "Hide password" })).toBeVisible();
  },
};
export const SaveANewPassword: Story = {
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.type(canvas.getByLabelText("New password"), "a long enough password");
    await userEvent.click(canvas.getByRole("button", { name: "Save password and sign in" }));
    await waitFor(() => expect(args.onSignedIn).toHaveBeenCalled());
  },
};
export const LinkUsedMeanwhile: Story = {
  args: { token: MOCK_TOKENS.expired },
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(canvas.getByLabelText("New password"), "a long enough password");
    await userEvent.click(canvas.getByRole("button", { name: "Save password and sign in" }));
    await expect(await canvas.findByRole("alert")).toHaveTextContent(
      "This link has expired or was already used.",
    );
  },
};
