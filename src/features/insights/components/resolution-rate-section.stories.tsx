import type { Meta } from "@storybook/react-vite";
import { ResolutionRateSection } from "@/features/insights/components/resolution-rate-section.tsx";
import {
  insightsStates,
  SectionPreview,
  sectionStories,
} from "@/features/insights/components/section-story.tsx";

/** The verified bot resolution rate charted beside the reported one, day by day. */
const meta = {
  title: "Insights/Resolution rate",
  component: SectionPreview,
  args: { section: ResolutionRateSection, query: insightsStates.ninetyDays.query },
} satisfies Meta<typeof SectionPreview>;
export default meta;

const stories = sectionStories("No conversation with the bot in this range.");
export const Empty = stories.Empty;
export const Loading = stories.Loading;
export const LoadFailed = stories.LoadFailed;
export const OneDay = stories.OneDay;
export const NinetyDays = stories.NinetyDays;
export const HugeDay = stories.HugeDay;
