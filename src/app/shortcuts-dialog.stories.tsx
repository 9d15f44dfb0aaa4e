import type { Meta, StoryObj } from "@storybook/react-vite";
import { fn } from "storybook/test";
import ShortcutsDialog from "@/app/shortcuts-dialog.tsx";

const meta = {
  title: "Shell/ShortcutsDialog",
  component: ShortcutsDialog,
  args: { open: true, onClose: fn() },
} satisfies Meta<typeof ShortcutsDialog>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Open: Story = {};
export const Narrow: Story = { globals: { viewport: { value: "narrow", isRotated: false } } };
