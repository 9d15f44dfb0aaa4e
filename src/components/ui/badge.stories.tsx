import type { Meta, StoryObj } from "@storybook/react-vite";
import { Badge } from "@/components/ui/badge.tsx";

const meta = { title: "UI/Badge", component: Badge, args: { children: "Open" } } satisfies Meta<typeof Badge>;
export default meta;
type Story = StoryObj<typeof meta>;

const tones = ["neutral", "accent", "bot", "page", "success", "warning", "danger", "info"] as const;

export const Neutral: Story = {};
export const EveryTone: Story = {
  render: () => (
    <div className="flex flex-wrap gap-2">
      {tones.map((tone) => (
        <Badge key={tone} tone={tone}>
          {tone}
        </Badge>
      ))}
    </div>
  ),
};
export const LongText: Story = {
  args: { tone: "warning", children: "Waiting on the customer since the day before yesterday" },
};
