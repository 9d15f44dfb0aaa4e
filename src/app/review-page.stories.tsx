import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect } from "storybook/test";
import { App } from "@/app/app.tsx";
import { buildReviewCases } from "@/mocks/review-fixtures.ts";
import { createReviewHandlers, ReviewMockStore } from "@/mocks/review-handlers.ts";
import type { StoryDb } from "../../.storybook/mock-api.ts";

/** The whole app on Bot Resolved's Review tab, as Chloé (a manager): the queue with the real conversation pane. */
const cases = buildReviewCases();
const withReviewedConversations = (db: StoryDb) => {
  for (const c of cases) db.put(c.item.conversation, c.timeline);
};
const review = (tab: "review" | "gaps") => ({
  baton: { agentId: "agent-chloe", db: withReviewedConversations, url: { view: "bot_resolved", tab } },
  msw: {
    handlers: {
      overrides: createReviewHandlers({
        store: new ReviewMockStore({ items: cases.map((c) => c.item) }),
        onReopen: () => undefined,
      }),
    },
  },
});

const meta = {
  title: "Pages/Review",
  component: App,
  parameters: { layout: "fullscreen" },
  decorators: [(Story) => <div className="h-screen">{Story()}</div>],
} satisfies Meta<typeof App>;
export default meta;
type Story = StoryObj<typeof meta>;

export const ReviewQueue: Story = {
  parameters: review("review"),
  play: async ({ canvas }) => {
    const slow = { timeout: 10_000 };
    await expect(await canvas.findByRole("region", { name: "Review queue" }, slow)).toBeVisible();
    await expect(await canvas.findByRole("region", { name: /^Conversation with / }, slow)).toBeVisible();
  },
};
export const KnowledgeGaps: Story = { parameters: review("gaps") };
export const ReviewNarrow: Story = {
  parameters: review("review"),
  globals: { viewport: { value: "narrow", isRotated: false } },
};
