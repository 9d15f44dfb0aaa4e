import type { Meta, StoryObj } from "@storybook/react-vite";
import { Kbd } from "@/components/ui/kbd.tsx";

const meta = { title: "UI/Kbd", component: Kbd, args: { children: "j" } } satisfies Meta<typeof Kbd>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Key: Story = {};
export const Combination: Story = {
  render: () => (
    <p className="flex items-center gap-1.5 text-sm text-muted">
      <Kbd>Shift</Kbd>+<Kbd>Enter</Kbd> new line · <Kbd>g</Kbd> then <Kbd>b</Kbd> Bot Resolved
    </p>
  ),
};
