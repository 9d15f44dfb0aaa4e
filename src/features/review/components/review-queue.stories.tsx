import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor } from "storybook/test";
import type { TimelineItem } from "@contract/timeline.ts";
import { buildReviewCase, buildReviewCases, buildVerdict, type ReviewCase } from "@/mocks/review-fixtures.ts";
import { createReviewHandlers, ReviewMockStore } from "@/mocks/review-handlers.ts";
import { ReviewQueue } from "@/features/review/components/review-queue.tsx";
import { fails, neverAnswers } from "../../../../.storybook/mock-api.ts";

/**
 * The review queue on its own. The app shows the real conversation pane in the transcript's place
 * (Pages/Review); here a plain transcript of the fixture stands in for it.
 */
const cases = buildReviewCases();
const history = buildReviewCase({
  id: "rev-history",
  source: "reopened",
  script: 3,
  recency: "days",
  customerName: "Noah Kowalski",
  verdicts: [
    buildVerdict({ resolutionId: "rev-history", verdict: "correct" }, 20),
    buildVerdict(
      {
        resolutionId: "rev-history",
        verdict: "abandoned",
        reason: "closed_mid_thread",
        note: "Customer went quiet",
        reviewer: { id: "agent-erin", name: "Erin Admin" },
      },
      50,
    ),
  ],
});
const flagged = buildReviewCase({
  id: "rev-flag",
  source: "flagged",
  script: 1,
  customerName: "Maya Nguyen",
});
const sample = buildReviewCase({
  id: "rev-sample",
  source: "sample",
  script: 4,
  customerName: "Aiko Tanaka",
});
const timelines = new Map<string, TimelineItem[]>(
  [...cases, history, flagged, sample].map((c) => [c.item.resolution.conversationId, c.timeline]),
);

function TranscriptStandIn({ conversationId }: { conversationId: string }) {
  return (
    <ol aria-label="Transcript" className="flex min-h-0 flex-1 flex-col gap-2 overflow-y-auto p-4">
      {(timelines.get(conversationId) ?? []).map((m) =>
        m.kind === "message" ? (
          <li
            key={m.id}
            className={
              m.author === "bot"
                ? "max-w-md self-end rounded-2xl bg-bubble-bot px-3 py-2 text-sm text-bubble-bot-text"
                : "max-w-md self-start rounded-2xl border border-line bg-bubble-customer px-3 py-2 text-sm"
            }
          >
            {m.text}
          </li>
        ) : null,
      )}
    </ol>
  );
}

const queueOf = (items: ReviewCase[]) => ({
  baton: { agentId: "agent-chloe" },
  msw: {
    handlers: {
      overrides: createReviewHandlers({ store: new ReviewMockStore({ items: items.map((c) => c.item) }) }),
    },
  },
});

const meta = {
  title: "Review/ReviewQueue",
  component: ReviewQueue,
  args: { renderConversation: (id: string) => <TranscriptStandIn conversationId={id} /> },
  decorators: [(Story) => <div className="flex h-screen">{Story()}</div>],
  parameters: { layout: "fullscreen", ...queueOf(cases) },
} satisfies Meta<typeof ReviewQueue>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Queue: Story = {};
export const FlaggedItem: Story = { parameters: queueOf([flagged, ...cases]) };
export const SampleItem: Story = { parameters: queueOf([sample]) };
export const ReopenedWithVerdictHistory: Story = {
  parameters: queueOf([history]),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText("Earlier verdicts")).toBeVisible();
    await expect(canvas.getByText(/by Erin Admin/)).toBeVisible();
  },
};
export const Empty: Story = {
  parameters: queueOf([]),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText("Nothing left to review")).toBeVisible();
  },
};
export const Loading: Story = {
  parameters: {
    baton: { agentId: "agent-chloe" },
    msw: { handlers: { overrides: [neverAnswers("get", "/api/review/queue")] } },
  },
};
export const Failed: Story = {
  parameters: {
    baton: { agentId: "agent-chloe" },
    msw: { handlers: { overrides: [fails("get", "/api/review/queue")] } },
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole("alert")).toHaveTextContent(/server is having a moment/);
  },
};
export const Narrow: Story = { globals: { viewport: { value: "narrow", isRotated: false } } };

/** A manager reviews with the keyboard alone: j/k to look around, 1 and Enter, then 2, a reason, reopen, Enter. */
export const KeyboardOnlyReview: Story = {
  parameters: queueOf([flagged, sample]),
  play: async ({ canvas, userEvent }) => {
    const heading = () => canvas.getByRole("heading", { level: 2, name: /Maya Nguyen|Aiko Tanaka/ });
    await canvas.findByRole("button", { name: "Correctly resolved" });
    await expect(heading()).toHaveTextContent("Maya Nguyen");
    await userEvent.keyboard("j");
    await expect(heading()).toHaveTextContent("Aiko Tanaka");
    await userEvent.keyboard("k");
    await expect(heading()).toHaveTextContent("Maya Nguyen");
    await userEvent.keyboard("2");
    await expect(canvas.getByRole("radio", { name: "Wrong answer" })).toHaveFocus();
    await userEvent.keyboard("{ArrowDown}");
    await expect(canvas.getByRole("radio", { name: "Missing knowledge" })).toBeChecked();
    await expect(canvas.getByRole("checkbox", { name: "Reopen for a human" })).toBeChecked();
    await userEvent.keyboard("{Enter}");
    await waitFor(() => expect(heading()).toHaveTextContent("Aiko Tanaka"));
    await waitFor(() =>
      expect(canvas.getByRole("status")).toHaveTextContent(
        "Saved “False resolution” for Maya Nguyen, reopened for a human.",
      ),
    );
    // Not a request: the focus is on the reasons, and Enter saves without one.
    await userEvent.keyboard("5");
    await userEvent.keyboard("{Enter}");
    await expect(await canvas.findByText("Nothing left to review")).toBeVisible();
  },
};
