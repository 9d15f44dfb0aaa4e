import type { ComponentType } from "react";
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
