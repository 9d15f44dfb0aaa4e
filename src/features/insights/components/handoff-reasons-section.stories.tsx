import type { Meta } from "@storybook/react-vite";
import { HandoffReasonsSection } from "@/features/insights/components/handoff-reasons-section.tsx";
import {
  insightsStates,
  SectionPreview,
  sectionStories,
} from "@/features/insights/components/section-story.tsx";

/** Why conversations reached a human. */
const meta = {
  title: "Insights/Handoffs by reason",
  component: SectionPreview,
  args: { section: HandoffReasonsSection, query: insightsStates.ninetyDays.query },
} satisfies Meta<typeof SectionPreview>;
export default meta;

const stories = sectionStories("No handoff in this range.");
export const Empty = stories.Empty;
export const Loading = stories.Loading;
export const LoadFailed = stories.LoadFailed;
export const OneDay = stories.OneDay;
export const NinetyDays = stories.NinetyDays;
export const HugeDay = stories.HugeDay;
