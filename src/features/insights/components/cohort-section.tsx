import type { InsightsResponse } from "@contract/insights.ts";
import { FigureSection, Stat } from "@/features/insights/components/definition-toggle.tsx";
import { formatCount, formatRange } from "@/features/insights/format.ts";

/** Who the figures are about: the conversations in the range where the bot spoke. */
export function CohortSection({ data }: { data: InsightsResponse }) {
  const { from, to, days } = data.range;
  return (
    <FigureSection definition="cohort">
      <dl className="grid grid-cols-2 gap-2">
        <Stat
          label="Conversations"
          value={formatCount(data.cohort.conversations)}
          detail={`${formatRange(from, to)} · ${days === 1 ? "1 day" : `${formatCount(days)} days`}`}
        />
        <Stat
          label="Broadcasts left out"
          value={formatCount(data.cohort.excludedBroadcasts)}
          detail="No customer answered them"
        />
      </dl>
    </FigureSection>
  );
}
