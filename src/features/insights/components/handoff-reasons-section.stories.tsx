import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { HandoffReasonsSection } from "@/features/insights/components/handoff-reasons-section.tsx";
import { insightsStates, SectionPreview } from "@/features/insights/components/section-story.tsx";

/** Why conversations reached a human. */
const meta = {
  title: "Insights/Handoffs by reason",
  component: SectionPreview,
  args: { section: HandoffReasonsSection, query: insightsStates.ninetyDays.query },
} satisfies Meta<typeof SectionPreview>;
export default meta;
type Story = StoryObj<typeof meta>;

/** The figures come through MSW on a busy runner: wait longer than the default. */
const slow = { timeout: 10_000 };
const loaded: Story["play"] = async ({ canvas }) => {
  await canvas.findByRole("button", { name: /^Show table of/ }, slow);
};

export const Empty: Story = {
  args: { query: insightsStates.empty.query },
  parameters: insightsStates.empty.parameters,
  play: async ({ canvas }) => {
    await expect(await canvas.findByText("No handoff in this range.", {}, slow)).toBeVisible();
  },
};
export const Loading: Story = {
  args: { query: insightsStates.loading.query },
  parameters: insightsStates.loading.parameters,
};
export const LoadFailed: Story = {
  args: { query: insightsStates.error.query },
  parameters: insightsStates.error.parameters,
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole("alert", {}, slow)).toHaveTextContent("could not be loaded");
  },
};
export const OneDay: Story = {
  args: { query: insightsStates.oneDay.query },
  parameters: insightsStates.oneDay.parameters,
  play: loaded,
};
/** With its definition and its table open, so both are checked for accessibility in light and dark. */
export const NinetyDays: Story = {
  args: { query: insightsStates.ninetyDays.query },
  parameters: insightsStates.ninetyDays.parameters,
  play: async ({ canvas, userEvent }) => {
    const toggle = await canvas.findByRole("button", { name: /^Show table of/ }, slow);
    await userEvent.click(toggle);
    await expect(toggle).toHaveAttribute("aria-expanded", "true");
    await userEvent.click(canvas.getAllByRole("button", { name: /^What is this\?/ })[0] as HTMLElement);
    const table = canvas.getByRole("table");
    await expect(within(table).getAllByRole("row").length).toBeGreaterThan(1);
  },
};
export const HugeDay: Story = {
  args: { query: insightsStates.hugeDay.query },
  parameters: insightsStates.hugeDay.parameters,
  play: loaded,
};
