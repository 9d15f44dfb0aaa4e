import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn } from "storybook/test";
import { MOCK_TOKENS } from "@/mocks/mock-auth.ts";
import { LinkScreen } from "@/features/auth/components/link-screen.tsx";
import { fails, neverAnswers } from "../../../../.storybook/mock-api.ts";

/** A one-time link as the app opens it: the server says what it is for (POST /api/auth/link), then its form shows. */
const meta = {
  title: "Auth/LinkScreen",
  component: LinkScreen,
  args: { kind: "invite", token: MOCK_TOKENS.invite, onSignedIn: fn(), onLeave: fn() },
  parameters: { layout: "fullscreen", baton: { agentId: null } },
  decorators: [(Story) => <div className="h-screen">{Story()}</div>],
} satisfies Meta<typeof LinkScreen>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Invitation: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByText("hana@demo-shop.example")).toBeVisible();
  },
};
export const PasswordReset: Story = { args: { kind: "reset", token: MOCK_TOKENS.reset } };
export const Checking: Story = {
  parameters: { msw: { handlers: { overrides: [neverAnswers("post", "/api/auth/link")] } } },
};
export const Expired: Story = {
  args: { token: MOCK_TOKENS.expired },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole("heading", { name: "This link has expired or was already used" }),
    ).toBeVisible();
  },
};
export const NotAToken: Story = { args: { token: "x" } };
export const ServerDown: Story = {
  parameters: {
    msw: {
      handlers: { overrides: [fails("post", "/api/auth/link", 503, "Baton is restarting.", "unavailable")] },
    },
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole("alert")).toHaveTextContent("server error 503");
  },
};
