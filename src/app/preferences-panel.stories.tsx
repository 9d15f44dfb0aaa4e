import type { Meta, StoryObj } from "@storybook/react-vite";
import { fn } from "storybook/test";
import { PreferencesPanel } from "@/app/preferences-panel.tsx";

const meta = {
  title: "Shell/PreferencesPanel",
  component: PreferencesPanel,
  args: { live: "live", onShowShortcuts: fn() },
  decorators: [(Story) => <div className="w-52 bg-surface-2 p-3">{Story()}</div>],
} satisfies Meta<typeof PreferencesPanel>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Live: Story = {};
export const Connecting: Story = { args: { live: "connecting" } };
export const Reconnecting: Story = { args: { live: "offline" } };
