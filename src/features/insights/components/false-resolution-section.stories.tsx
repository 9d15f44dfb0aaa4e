import type { Meta } from "@storybook/react-vite";
import { FalseResolutionSection } from "@/features/insights/components/false-resolution-section.tsx";
import {
  insightsStates,
  SectionPreview,
  sectionStories,
} from "@/features/insights/components/section-story.tsx";

/** The false-resolution rate on the random sample with its Wilson 95% interval; "Not enough reviews" when none were reviewed. */
const meta = {
  title: "Insights/False resolution",
  component: SectionPreview,
  args: { section: FalseResolutionSection, query: insightsStates.ninetyDays.query },
} satisfies Meta<typeof SectionPreview>;
export default meta;

const stories = sectionStories("Not enough reviews of the random sample in this range to measure it.");
export const Empty = stories.Empty;
export const Loading = stories.Loading;
export const LoadFailed = stories.LoadFailed;
export const OneDay = stories.OneDay;
export const NinetyDays = stories.NinetyDays;
export const HugeDay = stories.HugeDay;
