import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import type { InsightsQuery, InsightsResponse } from "@contract/insights.ts";
import { MANAGER_ID } from "@/mocks/auth-fixtures.ts";
import {
  emptyRangeFixture,
  hugeDayFixture,
  NINETY_DAYS,
  ONE_DAY,
  TWENTY_EIGHT_DAYS,
} from "@/mocks/insights-fixtures.ts";
import { insightsHandlers } from "@/mocks/insights-handlers.ts";
import { InsightsPage } from "@/features/insights/components/insights-page.tsx";
import { currentDb, fails, neverAnswers } from "../../../../.storybook/mock-api.ts";

/**
 * /insights as a manager (Chloé Dubois) sees it, on a fixed range of days so the figures do not move with the clock.
 * The mock answers for any range from seeded figures (src/mocks/insights-fixtures.ts).
 */
const meta = {
  title: "Pages/Insights",
  component: InsightsPage,
  parameters: {
    layout: "fullscreen",
    baton: { agentId: MANAGER_ID },
    msw: { handlers: { overrides: insightsHandlers({ auth: () => currentDb().auth }) } },
  },
  decorators: [(Story) => <div className="h-screen">{Story()}</div>],
} satisfies Meta<typeof InsightsPage>;
export default meta;
type Story = StoryObj<typeof meta>;

const slow = { timeout: 10_000 };
const narrow = { viewport: { value: "narrow", isRotated: false } };

/** Puts the range in the page's URL for the story, and takes it out after (other stories share the frame). */
const atRange = (query: InsightsQuery) => () => {
  const url = new URL(window.location.href);
  url.searchParams.set("from", query.from);
  url.searchParams.set("to", query.to);
  window.history.replaceState(window.history.state, "", url);
  return () => {
    const after = new URL(window.location.href);
    for (const key of ["range", "from", "to"]) after.searchParams.delete(key);
    window.history.replaceState(window.history.state, "", after);
  };
};
const answering = (data: InsightsResponse) => ({
  msw: { handlers: { overrides: insightsHandlers({ auth: () => currentDb().auth, answer: () => data }) } },
});
const loaded: Story["play"] = async ({ canvas }) => {
  await canvas.findByRole("heading", { name: "Outcomes" }, slow);
};

export const NinetyDays: Story = { beforeEach: atRange(NINETY_DAYS), play: loaded };
export const NinetyDaysNarrow: Story = { ...NinetyDays, globals: narrow };
export const TwentyEightDays: Story = { beforeEach: atRange(TWENTY_EIGHT_DAYS), play: loaded };
export const OneDay: Story = { beforeEach: atRange(ONE_DAY), play: loaded };
export const HugeDay: Story = {
  beforeEach: atRange(ONE_DAY),
  parameters: answering(hugeDayFixture),
  play: loaded,
};
export const Empty: Story = {
  beforeEach: atRange(TWENTY_EIGHT_DAYS),
  parameters: answering(emptyRangeFixture),
  play: async ({ canvas }) => {
    await canvas.findByRole("heading", { name: "Outcomes" }, slow);
    await expect(
      canvas.getByText("False-resolution rate", { selector: "h2" }).closest("section"),
    ).toHaveTextContent("Not enough reviews");
  },
};
export const Loading: Story = {
  beforeEach: atRange(NINETY_DAYS),
  parameters: { msw: { handlers: { overrides: [neverAnswers("get", "/api/insights")] } } },
};
export const LoadFailed: Story = {
  beforeEach: atRange(NINETY_DAYS),
  parameters: { msw: { handlers: { overrides: [fails("get", "/api/insights")] } } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole("alert", {}, slow)).toHaveTextContent("could not be loaded");
  },
};
export const CustomRange: Story = {
  beforeEach: atRange(NINETY_DAYS),
  play: async ({ canvas }) => {
    await canvas.findByRole("heading", { name: "Outcomes" }, slow);
    const custom = within(canvas.getByRole("group", { name: "Date range" })).getByRole("button", {
      name: "Custom",
    });
    await expect(custom).toHaveAttribute("aria-pressed", "true");
    await expect(canvas.getByLabelText("From")).toHaveValue(NINETY_DAYS.from);
  },
};
/** An agent who opens /insights: the page says it is for managers (the server refuses them the figures too). */
export const AgentRefused: Story = {
  parameters: { baton: { agentId: "agent-ana" } },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole("heading", { name: "Insights are for managers only" }, slow),
    ).toBeVisible();
  },
};
