import type { InsightsResponse } from "@contract/insights.ts";
import { FigureSection, Stat } from "@/features/insights/components/definition-toggle.tsx";
import { formatCount, formatRate } from "@/features/insights/format.ts";

/** Whether the bot's resolutions last: reopened within 7 days, and what stays resolved. */
export function DurabilitySection({ data }: { data: InsightsResponse }) {
  const d = data.durability;
  return (
    <FigureSection definition="durability">
      <dl className="grid grid-cols-2 gap-2">
        <Stat
          label="7-day reopen rate"
          value={formatRate(d.reopenRate)}
          detail={`${formatCount(d.reopenedWithin7Days)} of ${formatCount(d.resolutions)} resolutions`}
        />
        <Stat
          label="Durable resolution rate"
          value={formatRate(d.durableResolutionRate)}
          detail="Not reopened, over the cohort"
          tone="accent"
        />
      </dl>
    </FigureSection>
  );
}
