import type { Meta } from "@storybook/react-vite";
import { OutcomesSection } from "@/features/insights/components/outcomes-section.tsx";
import {
  insightsStates,
  SectionPreview,
  sectionStories,
} from "@/features/insights/components/section-story.tsx";

/** Where the cohort's conversations ended up: one stacked bar of exclusive classes, with the reported bot resolution rate (confirmed and assumed apart) and the handoff rate. */
const meta = {
  title: "Insights/Outcomes",
  component: SectionPreview,
  args: { section: OutcomesSection, query: insightsStates.ninetyDays.query },
} satisfies Meta<typeof SectionPreview>;
export default meta;

const stories = sectionStories("No conversation with the bot in this range.");
export const Empty = stories.Empty;
export const Loading = stories.Loading;
export const LoadFailed = stories.LoadFailed;
export const OneDay = stories.OneDay;
export const NinetyDays = stories.NinetyDays;
export const HugeDay = stories.HugeDay;
