import type { Meta } from "@storybook/react-vite";
import { AgentSection } from "@/features/insights/components/agent-section.tsx";
import {
  insightsStates,
  SectionPreview,
  sectionStories,
} from "@/features/insights/components/section-story.tsx";

/** Conversations each agent handled, with their median first response. */
const meta = {
  title: "Insights/By agent",
  component: SectionPreview,
  args: { section: AgentSection, query: insightsStates.ninetyDays.query },
} satisfies Meta<typeof SectionPreview>;
export default meta;

const stories = sectionStories("No agent replied in this range.");
export const Empty = stories.Empty;
export const Loading = stories.Loading;
export const LoadFailed = stories.LoadFailed;
export const OneDay = stories.OneDay;
export const NinetyDays = stories.NinetyDays;
export const HugeDay = stories.HugeDay;
