import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn } from "storybook/test";
import { buildReviewCase } from "@/mocks/review-fixtures.ts";
import { VerdictBar } from "@/features/review/components/verdict-bar.tsx";
import type { StoryDb } from "../../../../.storybook/mock-api.ts";

const HOUR = 3_600_000;
const wroteHoursAgo = (hours: number) =>
  buildReviewCase({
    source: "flagged",
    script: 1,
    customerName: "Maya Nguyen",
    lastCustomerMessageAt: new Date(Date.now() - hours * HOUR).toISOString(),
  }).item;
const noTag = (db: StoryDb) => {
  db.settings.humanAgentTagEnabled = false;
};

/** The verdict bar under the reviewed conversation; signed in as Chloé, a manager. */
const meta = {
  title: "Review/VerdictBar",
  component: VerdictBar,
  args: { item: wroteHoursAgo(5), onSave: fn() },
  parameters: { layout: "fullscreen", baton: { agentId: "agent-chloe" } },
} satisfies Meta<typeof VerdictBar>;
export default meta;
type Story = StoryObj<typeof meta>;

export const ChoosingVerdict: Story = {};
export const ChoosingReason: Story = { args: { initialVerdict: "abandoned" } };
export const ReopenWithin24Hours: Story = {
  args: { initialVerdict: "false_resolution", initialReason: "missing_knowledge" },
  play: async ({ canvas }) => {
    await expect(
      canvas.getByText(/can still be answered: \d+h( \d+m)? left in the 24-hour window/),
    ).toBeVisible();
    await expect(canvas.getByRole("checkbox", { name: "Reopen for a human" })).toBeChecked();
  },
};
export const ReopenWithHumanAgentTag: Story = {
  args: { item: wroteHoursAgo(60), initialVerdict: "should_have_escalated", initialReason: "failed_handoff" },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByText(/Only a person can answer now, with the HUMAN_AGENT tag/),
    ).toBeVisible();
  },
};
export const ReopenTooLate: Story = {
  args: { item: wroteHoursAgo(9 * 24), initialVerdict: "false_resolution" },
  play: async ({ canvas }) => {
    await expect(canvas.getByText(/^Too late to answer\. More than 7 days/)).toBeVisible();
    await expect(canvas.getByRole("checkbox", { name: "Reopen for a human" })).not.toBeChecked();
  },
};
export const ReopenTooLateWithoutTag: Story = {
  args: { item: wroteHoursAgo(30), initialVerdict: "should_have_escalated" },
  parameters: { baton: { agentId: "agent-chloe", db: noTag } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(/HUMAN_AGENT tag is not enabled/)).toBeVisible();
  },
};
export const Saving: Story = { args: { initialVerdict: "correct", saving: true } };
export const Failed: Story = {
  args: { initialVerdict: "not_a_request", error: "The server is having a moment. Try again shortly." },
};
/** Keyboard only: 2, a reason with the arrow keys, Tab to the reopen checkbox and on to Save. */
export const KeyboardOnly: Story = {
  play: async ({ canvas, userEvent, args }) => {
    await userEvent.keyboard("2");
    await expect(canvas.getByRole("button", { name: "False resolution" })).toHaveAttribute(
      "aria-pressed",
      "true",
    );
    await expect(canvas.getByRole("radio", { name: "Wrong answer" })).toHaveFocus();
    await userEvent.keyboard(" ");
    await userEvent.keyboard("{Enter}");
    await expect(args.onSave).toHaveBeenCalledWith({
      resolutionId: "rev-1",
      verdict: "false_resolution",
      reason: "wrong_answer",
      note: null,
      reopen: { assigneeId: null },
    });
  },
};
export const Narrow: Story = {
  args: { initialVerdict: "false_resolution", initialReason: "wrong_answer" },
  globals: { viewport: { value: "narrow", isRotated: false } },
};
