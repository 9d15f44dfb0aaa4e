import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect } from "storybook/test";
import { createReviewHandlers, ReviewMockStore } from "@/mocks/review-handlers.ts";
import { KnowledgeGaps } from "@/features/review/components/knowledge-gaps.tsx";
import { fails, neverAnswers } from "../../../../.storybook/mock-api.ts";

const overrides = (handlers: ReturnType<typeof createReviewHandlers>) => ({
  baton: { agentId: "agent-chloe" },
  msw: { handlers: { overrides: handlers } },
});

const meta = {
  title: "Review/KnowledgeGaps",
  component: KnowledgeGaps,
  decorators: [(Story) => <div className="flex h-[640px]">{Story()}</div>],
  parameters: { layout: "fullscreen", ...overrides(createReviewHandlers()) },
} satisfies Meta<typeof KnowledgeGaps>;
export default meta;
type Story = StoryObj<typeof meta>;

export const ByFlow: Story = {
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole("table", { name: /Shipping/ })).toBeVisible();
    await expect(canvas.getByRole("link", { name: "Download CSV" })).toHaveAttribute(
      "href",
      "/api/review/knowledge-gaps?format=csv",
    );
  },
};
export const Empty: Story = {
  parameters: overrides(createReviewHandlers({ store: new ReviewMockStore({ gaps: [] }) })),
};
export const Loading: Story = {
  parameters: overrides([neverAnswers("get", "/api/review/knowledge-gaps")]),
};
export const Failed: Story = {
  parameters: overrides([fails("get", "/api/review/knowledge-gaps")]),
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole("alert")).toHaveTextContent(/server is having a moment/);
  },
};
