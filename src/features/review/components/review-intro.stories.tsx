import type { Meta, StoryObj } from "@storybook/react-vite";
import { ReviewIntro } from "@/features/review/components/review-intro.tsx";

const meta = {
  title: "Review/ReviewIntro",
  component: ReviewIntro,
  decorators: [(Story) => <div className="w-[360px]">{Story()}</div>],
} satisfies Meta<typeof ReviewIntro>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
