import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect } from "storybook/test";
import { buildReviewProgress } from "@/mocks/review-fixtures.ts";
import { createReviewHandlers } from "@/mocks/review-handlers.ts";
import { ReviewProgressPanel } from "@/features/review/components/review-progress.tsx";

const meta = {
  title: "Review/ReviewProgress",
  component: ReviewProgressPanel,
  args: { progress: buildReviewProgress(), canSetGoal: true },
  decorators: [(Story) => <div className="w-72 border border-line bg-surface">{Story()}</div>],
  parameters: { baton: { agentId: "agent-chloe" }, msw: { handlers: { overrides: createReviewHandlers() } } },
} satisfies Meta<typeof ReviewProgressPanel>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Default: Story = {};
export const GoalMet: Story = {
  args: { progress: buildReviewProgress({ reviewedToday: 24, reviewedThisWeek: 130 }) },
};
export const NoGoal: Story = {
  args: { progress: buildReviewProgress({ dailyGoal: 0, weeklyGoal: 0 }), canSetGoal: false },
};
export const SettingTheGoal: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("button", { name: "Set goal" }));
    const daily = canvas.getByRole("spinbutton", { name: "Daily goal" });
    await expect(daily).toHaveValue(20);
    await userEvent.clear(daily);
    await userEvent.type(daily, "25");
    await userEvent.click(canvas.getByRole("button", { name: "Save goal" }));
    await expect(await canvas.findByRole("button", { name: "Set goal" })).toBeVisible();
  },
};
