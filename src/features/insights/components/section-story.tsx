import type { StoryObj } from "@storybook/react-vite";
import type { ComponentType } from "react";
import { expect, within } from "storybook/test";
import type { InsightsQuery, InsightsResponse } from "@contract/insights.ts";
import {
  emptyRangeFixture,
  hugeDayFixture,
  NINETY_DAYS,
  ninetyDaysFixture,
  ONE_DAY,
  oneDayFixture,
  TWENTY_EIGHT_DAYS,
} from "@/mocks/insights-fixtures.ts";
import { insightsHandlers } from "@/mocks/insights-handlers.ts";
import { InsightsData } from "@/features/insights/components/insights-data.tsx";
import { fails, neverAnswers } from "../../../../.storybook/mock-api.ts";

/**
 * What the Insights stories share (stories only): one section on the mock API, in each state a designer must see.
 * The range is fixed, so the figures do not move with the clock.
 */
export function SectionPreview({
  section: Section,
  query,
}: {
  section: ComponentType<{ data: InsightsResponse }>;
  query: InsightsQuery;
}) {
  return (
    <div className="max-w-4xl">
      <InsightsData query={query}>{(data) => <Section data={data} />}</InsightsData>
    </div>
  );
}

const answering = (data: InsightsResponse) => ({
  msw: { handlers: { overrides: insightsHandlers({ answer: () => data }) } },
});

/** The six states of every chart, as story parameters and the range each one shows. */
export const insightsStates = {
  empty: { query: TWENTY_EIGHT_DAYS, parameters: answering(emptyRangeFixture) },
  loading: {
    query: NINETY_DAYS,
    parameters: { msw: { handlers: { overrides: [neverAnswers("get", "/api/insights")] } } },
  },
  error: {
    query: NINETY_DAYS,
    parameters: { msw: { handlers: { overrides: [fails("get", "/api/insights")] } } },
  },
  oneDay: { query: ONE_DAY, parameters: answering(oneDayFixture) },
  ninetyDays: { query: NINETY_DAYS, parameters: answering(ninetyDaysFixture) },
  hugeDay: { query: ONE_DAY, parameters: answering(hugeDayFixture) },
};

type SectionStory = StoryObj<typeof SectionPreview>;

/** The figures come through MSW on a busy runner: wait longer than the default. */
const slow = { timeout: 10_000 };
const loaded: SectionStory["play"] = async ({ canvas }) => {
  await canvas.findByRole("button", { name: /^Show table of/ }, slow);
};

/**
 * Every chart section's six stories, the same for each (its stories file names them): `emptyText` is what the section
 * says for a range with nothing to show. NinetyDays opens its definition and its table, so both are checked for
 * accessibility in light and dark.
 */
export function sectionStories(
  emptyText: string,
): Record<"Empty" | "Loading" | "LoadFailed" | "OneDay" | "NinetyDays" | "HugeDay", SectionStory> {
  return {
    Empty: {
      args: { query: insightsStates.empty.query },
      parameters: insightsStates.empty.parameters,
      play: async ({ canvas }) => {
        await expect(await canvas.findByText(emptyText, {}, slow)).toBeVisible();
      },
    },
    Loading: { args: { query: insightsStates.loading.query }, parameters: insightsStates.loading.parameters },
    LoadFailed: {
      args: { query: insightsStates.error.query },
      parameters: insightsStates.error.parameters,
      play: async ({ canvas }) => {
        await expect(await canvas.findByRole("alert", {}, slow)).toHaveTextContent("could not be loaded");
      },
    },
    OneDay: {
      args: { query: insightsStates.oneDay.query },
      parameters: insightsStates.oneDay.parameters,
      play: loaded,
    },
    NinetyDays: {
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
    },
    HugeDay: {
      args: { query: insightsStates.hugeDay.query },
      parameters: insightsStates.hugeDay.parameters,
      play: loaded,
    },
  };
}
