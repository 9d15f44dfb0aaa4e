import type { Meta } from "@storybook/react-vite";
import { HumanFirstResponseSection } from "@/features/insights/components/response-times-section.tsx";
import {
  insightsStates,
  SectionPreview,
  sectionStories,
} from "@/features/insights/components/section-story.tsx";

/** A person's first reply after the handoff: median, 90th percentile, and the share answered within 24 hours, within the HUMAN_AGENT window, or never. */
const meta = {
  title: "Insights/Human first response",
  component: SectionPreview,
  args: { section: HumanFirstResponseSection, query: insightsStates.ninetyDays.query },
} satisfies Meta<typeof SectionPreview>;
export default meta;

const stories = sectionStories("No handoff in this range.");
export const Empty = stories.Empty;
export const Loading = stories.Loading;
export const LoadFailed = stories.LoadFailed;
export const OneDay = stories.OneDay;
export const NinetyDays = stories.NinetyDays;
export const HugeDay = stories.HugeDay;
