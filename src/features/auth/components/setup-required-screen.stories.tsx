import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect } from "storybook/test";
import { SetupRequiredScreen } from "@/features/auth/components/setup-required-screen.tsx";
import type { StoryDb } from "../../../../.storybook/mock-api.ts";

/** No account exists yet and no setup link was opened (status.setupRequired). */
const meta = {
  title: "Auth/SetupRequiredScreen",
  component: SetupRequiredScreen,
  parameters: { layout: "fullscreen", baton: { agentId: null, db: (db: StoryDb) => db.auth.requireSetup() } },
  decorators: [(Story) => <div className="h-screen">{Story()}</div>],
} satisfies Meta<typeof SetupRequiredScreen>;
export default meta;
type Story = StoryObj<typeof meta>;

export const SetupRequired: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole("heading", { name: "Set up Baton" })).toBeVisible();
    await expect(canvas.getByText(/printed that link in its console/)).toBeVisible();
  },
};
export const SetupRequiredNarrow: Story = { globals: { viewport: { value: "narrow", isRotated: false } } };
