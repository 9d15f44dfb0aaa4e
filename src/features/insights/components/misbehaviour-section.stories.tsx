import type { Meta } from "@storybook/react-vite";
import { MisbehaviourSection } from "@/features/insights/components/misbehaviour-section.tsx";
import {
  insightsStates,
  SectionPreview,
  sectionStories,
} from "@/features/insights/components/section-story.tsx";

/** The bot's misbehaviour per day: replied after the handoff, autoresponder suspected. */
const meta = {
  title: "Insights/Misbehaviour",
  component: SectionPreview,
  args: { section: MisbehaviourSection, query: insightsStates.ninetyDays.query },
} satisfies Meta<typeof SectionPreview>;
export default meta;

const stories = sectionStories("No misbehaviour in this range.");
export const Empty = stories.Empty;
export const Loading = stories.Loading;
export const LoadFailed = stories.LoadFailed;
export const OneDay = stories.OneDay;
export const NinetyDays = stories.NinetyDays;
export const HugeDay = stories.HugeDay;
