import type { Meta, StoryObj } from "@storybook/react-vite";
import { Spinner } from "@/components/ui/spinner.tsx";

const meta = {
  title: "UI/Spinner",
  component: Spinner,
  args: { label: "Loading conversations" },
} satisfies Meta<typeof Spinner>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
