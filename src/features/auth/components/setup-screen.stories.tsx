import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, waitFor } from "storybook/test";
import { MOCK_TOKENS } from "@/mocks/mock-auth.ts";
import { SetupScreen } from "@/features/auth/components/setup-screen.tsx";
import { currentDb, type StoryDb } from "../../../../.storybook/mock-api.ts";

/** The first admin, from the one-time link Baton printed (`/setup#token=…`). */
const meta = {
  title: "Auth/SetupScreen",
  component: SetupScreen,
  args: { token: MOCK_TOKENS.setup, onSignedIn: fn() },
  parameters: { layout: "fullscreen", baton: { agentId: null, db: (db: StoryDb) => db.auth.requireSetup() } },
  decorators: [(Story) => <div className="h-screen">{Story()}</div>],
} satisfies Meta<typeof SetupScreen>;
export default meta;
type Story = StoryObj<typeof meta>;

export const SetupForm: Story = {};
export const SetupFormNarrow: Story = { globals: { viewport: { value: "narrow", isRotated: false } } };

export const TooShortAPassword: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(canvas.getByLabelText("Your name"), "Rosa Admin");
    await userEvent.type(canvas.getByLabelText("Email"), "rosa@demo-shop.example");
    await userEvent.type(canvas.getByLabelText("Password"), "short");
    await userEvent.click(canvas.getByRole("button", { name: "Create admin account" }));
    await expect(await canvas.findByText("Use at least 10 characters.")).toBeVisible();
    await expect(canvas.getByLabelText("Password")).toHaveFocus();
  },
};

export const CreateTheFirstAdmin: Story = {
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.type(canvas.getByLabelText("Your name"), "Rosa Admin");
    await userEvent.type(canvas.getByLabelText("Email"), "rosa@demo-shop.example");
    await userEvent.type(canvas.getByLabelText("Password"), "a long enough password");
    await userEvent.click(canvas.getByRole("button", { name: "Create admin account" }));
    await waitFor(() => expect(args.onSignedIn).toHaveBeenCalled());
    await expect(currentDb().auth.current()?.role).toBe("admin");
  },
};
