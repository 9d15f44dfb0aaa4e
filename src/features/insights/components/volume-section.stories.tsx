import type { Meta } from "@storybook/react-vite";
import { VolumeSection } from "@/features/insights/components/volume-section.tsx";
import {
  insightsStates,
  SectionPreview,
  sectionStories,
} from "@/features/insights/components/section-story.tsx";

/** Customer messages by hour of the week, as a heatmap. */
const meta = {
  title: "Insights/Volume by hour",
  component: SectionPreview,
  args: { section: VolumeSection, query: insightsStates.ninetyDays.query },
} satisfies Meta<typeof SectionPreview>;
export default meta;

const stories = sectionStories("No customer message in this range.");
export const Empty = stories.Empty;
export const Loading = stories.Loading;
export const LoadFailed = stories.LoadFailed;
export const OneDay = stories.OneDay;
export const NinetyDays = stories.NinetyDays;
export const HugeDay = stories.HugeDay;
