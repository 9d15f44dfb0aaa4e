import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, waitFor } from "storybook/test";
import { MOCK_TOKENS } from "@/mocks/mock-auth.ts";
import { AcceptInviteScreen } from "@/features/auth/components/accept-invite-screen.tsx";
import { currentDb } from "../../../../.storybook/mock-api.ts";

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

/** An invitation link (`/invite#token=…`): the invited email and role, then a name and a password. */
const meta = {
  title: "Auth/AcceptInviteScreen",
  component: AcceptInviteScreen,
  args: {
    token: MOCK_TOKENS.invite,
    info: { kind: "invite", email: "hana@demo-shop.example", role: "agent", expiresAt: inDays(6) },
    onSignedIn: fn(),
  },
  parameters: { layout: "fullscreen", baton: { agentId: null } },
  decorators: [(Story) => <div className="h-screen">{Story()}</div>],
} satisfies Meta<typeof AcceptInviteScreen>;
export default meta;
type Story = StoryObj<typeof meta>;

export const AcceptInvite: Story = {};
export const AcceptInviteAsManager: Story = {
  args: { info: { kind: "invite", email: "luis@demo-shop.example", role: "manager", expiresAt: inDays(4) } },
};
export const AcceptInviteNarrow: Story = { globals: { viewport: { value: "narrow", isRotated: false } } };
export const JoinTheTeam: Story = {
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.type(canvas.getByLabelText("Your name"), "Hana Sato");
    await userEvent.type(canvas.getByLabelText("Choose a password"), "a long enough password");
    await userEvent.click(canvas.getByRole("button", { name: "Create my account" }));
    await waitFor(() => expect(args.onSignedIn).toHaveBeenCalled());
    await expect(currentDb().auth.current()?.email).toBe("hana@demo-shop.example");
  },
};
