import type { Meta } from "@storybook/react-vite";
import { FlowSection } from "@/features/insights/components/flow-section.tsx";
import {
  insightsStates,
  SectionPreview,
  sectionStories,
} from "@/features/insights/components/section-story.tsx";

/** Cohort conversations by bot flow, split by how they ended. */
const meta = {
  title: "Insights/By flow",
  component: SectionPreview,
  args: { section: FlowSection, query: insightsStates.ninetyDays.query },
} satisfies Meta<typeof SectionPreview>;
export default meta;

const stories = sectionStories("No conversation with the bot in this range.");
export const Empty = stories.Empty;
export const Loading = stories.Loading;
export const LoadFailed = stories.LoadFailed;
export const OneDay = stories.OneDay;
export const NinetyDays = stories.NinetyDays;
export const HugeDay = stories.HugeDay;
