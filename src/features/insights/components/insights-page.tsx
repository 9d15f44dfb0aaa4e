import { useEffect, type ReactNode } from "react";
import type { InsightsResponse } from "@contract/insights.ts";
import { goTo, useSearchParam } from "@/lib/app-path.ts";
import { useSession } from "@/shared/session-query.ts";
import { AgentSection } from "@/features/insights/components/agent-section.tsx";
import { CohortSection } from "@/features/insights/components/cohort-section.tsx";
import { DurabilitySection } from "@/features/insights/components/durability-section.tsx";
import { FalseResolutionSection } from "@/features/insights/components/false-resolution-section.tsx";
import { FlowSection } from "@/features/insights/components/flow-section.tsx";
import { HandoffReasonsSection } from "@/features/insights/components/handoff-reasons-section.tsx";
import { InsightsData } from "@/features/insights/components/insights-data.tsx";
import { ManagersOnlyNotice } from "@/features/insights/components/managers-only-notice.tsx";
import { MisbehaviourSection } from "@/features/insights/components/misbehaviour-section.tsx";
import { OutcomesSection } from "@/features/insights/components/outcomes-section.tsx";
import { RangePicker } from "@/features/insights/components/range-picker.tsx";
import { ResolutionRateSection } from "@/features/insights/components/resolution-rate-section.tsx";
import {
  HumanFirstResponseSection,
  TimeToHandoffSection,
} from "@/features/insights/components/response-times-section.tsx";
import { VolumeSection } from "@/features/insights/components/volume-section.tsx";
import { rangeFromParams, rangeUrl, todayUtc } from "@/features/insights/range.ts";
import { PageHeader } from "@/components/ui/page-header.tsx";

/** Every figure of a range, in the order a manager reads them: who, how it ended, how true, how fast, when, who. */
function InsightsFigures({ data }: { data: InsightsResponse }) {
  return (
    <div className="flex flex-col gap-4">
      <div className="grid items-start gap-4 lg:grid-cols-3">
        <CohortSection data={data} />
        <DurabilitySection data={data} />
        <TimeToHandoffSection data={data} />
      </div>
      <div className="grid items-start gap-4 lg:grid-cols-2">
        <OutcomesSection data={data} />
        <ResolutionRateSection data={data} />
        <FalseResolutionSection data={data} />
        <HandoffReasonsSection data={data} />
        <HumanFirstResponseSection data={data} />
        <MisbehaviourSection data={data} />
        <FlowSection data={data} />
        <VolumeSection data={data} />
        <AgentSection data={data} />
      </div>
    </div>
  );
}

/**
 * /insights: how the bot and the team do over a range of days (managers and admins). The range is in the URL
 * (`?range=7d`, or `?from=…&to=…`). `accountMenu` is the app's account menu (features do not import each other).
 */
export function InsightsPage({ accountMenu = null }: { accountMenu?: ReactNode }) {
  const session = useSession();
  const me = session.data?.agent;
  const today = todayUtc();
  const range = rangeFromParams(
    { range: useSearchParam("range"), from: useSearchParam("from"), to: useSearchParam("to") },
    today,
  );

  useEffect(() => {
    const previous = document.title;
    document.title = "Insights · Baton";
    return () => {
      document.title = previous;
    };
  }, []);

  return (
    <div className="flex h-full min-h-0 flex-col bg-canvas">
      <PageHeader title="Insights">{accountMenu}</PageHeader>
      <main className="min-h-0 flex-1 overflow-y-auto">
        {me && me.role === "agent" ? (
          <ManagersOnlyNotice />
        ) : (
          <div className="mx-auto flex w-full max-w-6xl flex-col gap-4 px-4 py-5 sm:px-6">
            <RangePicker
              range={range}
              today={today}
              onChange={(choice) => goTo(rangeUrl(choice), { replace: true })}
            />
            {me ? (
              <InsightsData query={range.query}>{(data) => <InsightsFigures data={data} />}</InsightsData>
            ) : null}
          </div>
        )}
      </main>
    </div>
  );
}
