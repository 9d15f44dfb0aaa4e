import type { InsightsResponse } from "@contract/insights.ts";
import { flowLabels } from "@contract/review.ts";
import type { ChartData } from "@/features/insights/components/chart-figure.tsx";
import { csvRate, csvSeconds } from "@/features/insights/csv.ts";
import { handoffReasonLabels, outcomeLabels, outcomeShares, shareOf } from "@/features/insights/figures.ts";
import {
  formatCount,
  formatHour,
  formatLongDay,
  formatMs,
  formatPercent,
  formatRate,
  WEEKDAY_NAMES,
} from "@/features/insights/format.ts";

/**
 * Each chart's data as rows and columns: what its table shows and its CSV holds, taken from the API's answer as it is
 * (the browser computes no figure; shares of a whole are the counts over that whole).
 */

const fileOf = (name: string, data: InsightsResponse) =>
  `baton-insights-${name}-${data.range.from}_${data.range.to}`;

export function outcomesData(data: InsightsResponse) {
  const rows = outcomeShares(data.outcomes);
  return {
    caption: "Outcomes of the cohort's conversations",
    filename: fileOf("outcomes", data),
    rows,
    columns: [
      { header: "Outcome", rowHeader: true, csv: (r) => r.outcome, cell: (r) => outcomeLabels[r.outcome] },
      {
        header: "Conversations",
        numeric: true,
        csv: (r) => r.conversations,
        cell: (r) => formatCount(r.conversations),
      },
      {
        header: "Share",
        numeric: true,
        csv: (r) => csvRate(shareOf(r.conversations, data.cohort.conversations)),
        cell: (r) => formatPercent(r.percent),
      },
    ],
  } satisfies ChartData<(typeof rows)[number]>;
}

export function handoffReasonsData(data: InsightsResponse) {
  const total = data.handoffsByReason.reduce((sum, r) => sum + r.conversations, 0);
  const rows = data.handoffsByReason.map((r) => ({ ...r, share: shareOf(r.conversations, total) }));
  return {
    caption: "Handoffs by reason",
    filename: fileOf("handoffs-by-reason", data),
    rows,
    columns: [
      { header: "Reason", rowHeader: true, csv: (r) => r.reason, cell: (r) => handoffReasonLabels[r.reason] },
      {
        header: "Handoffs",
        numeric: true,
        csv: (r) => r.conversations,
        cell: (r) => formatCount(r.conversations),
      },
      {
        header: "Share of handoffs",
        numeric: true,
        csv: (r) => csvRate(r.share),
        cell: (r) => formatRate(r.share),
      },
    ],
  } satisfies ChartData<(typeof rows)[number]>;
}

export function misbehaviourData(data: InsightsResponse) {
  const rows = data.misbehaviourByDay;
  return {
    caption: "Bot misbehaviour by day",
    filename: fileOf("misbehaviour", data),
    rows,
    columns: [
      { header: "Day", rowHeader: true, csv: (r) => r.day, cell: (r) => formatLongDay(r.day) },
      {
        header: "Replied after the handoff",
        numeric: true,
        csv: (r) => r.repliedAfterHandoff,
        cell: (r) => formatCount(r.repliedAfterHandoff),
      },
      {
        header: "Autoresponder suspected",
        numeric: true,
        csv: (r) => r.autoresponderSuspected,
        cell: (r) => formatCount(r.autoresponderSuspected),
      },
    ],
  } satisfies ChartData<(typeof rows)[number]>;
}

export function resolutionByDayData(data: InsightsResponse) {
  const rows = data.resolutionRateByDay;
  return {
    caption: "Reported and verified bot resolution rate by day",
    filename: fileOf("resolution-rate-by-day", data),
    rows,
    columns: [
      { header: "Day", rowHeader: true, csv: (r) => r.day, cell: (r) => formatLongDay(r.day) },
      {
        header: "Conversations",
        numeric: true,
        csv: (r) => r.conversations,
        cell: (r) => formatCount(r.conversations),
      },
      {
        header: "Reported",
        numeric: true,
        csv: (r) => csvRate(r.reported),
        cell: (r) => formatRate(r.reported),
      },
      {
        header: "Verified",
        numeric: true,
        csv: (r) => csvRate(r.verified),
        cell: (r) => formatRate(r.verified),
      },
    ],
  } satisfies ChartData<(typeof rows)[number]>;
}

export function falseResolutionData(data: InsightsResponse) {
  const rows = [data.falseResolution];
  return {
    caption: "False-resolution rate on the random sample, with its Wilson 95% interval",
    filename: fileOf("false-resolution", data),
    rows,
    columns: [
      { header: "Sampled", numeric: true, csv: (r) => r.sampled, cell: (r) => formatCount(r.sampled) },
      { header: "Reviewed", numeric: true, csv: (r) => r.reviewed, cell: (r) => formatCount(r.reviewed) },
      {
        header: "False resolutions",
        numeric: true,
        csv: (r) => r.falseResolutions,
        cell: (r) => formatCount(r.falseResolutions),
      },
      { header: "Rate", numeric: true, csv: (r) => csvRate(r.rate), cell: (r) => formatRate(r.rate) },
      { header: "95% low", numeric: true, csv: (r) => csvRate(r.low), cell: (r) => formatRate(r.low) },
      { header: "95% high", numeric: true, csv: (r) => csvRate(r.high), cell: (r) => formatRate(r.high) },
    ],
  } satisfies ChartData<(typeof rows)[number]>;
}

export function humanResponseData(data: InsightsResponse) {
  const h = data.humanFirstResponse;
  const rows = [
    {
      window: "Within 24 hours",
      short: "Within 24 h",
      handoffs: h.within24h,
      share: shareOf(h.within24h, h.handoffs),
    },
    {
      window: "Within the HUMAN_AGENT window (7 days)",
      short: "Within 7 days",
      handoffs: h.withinHumanAgentWindow,
      share: shareOf(h.withinHumanAgentWindow, h.handoffs),
    },
    { window: "Never", short: "Never", handoffs: h.never, share: shareOf(h.never, h.handoffs) },
  ];
  return {
    caption: "Handoffs answered by a person, by when",
    filename: fileOf("human-first-response", data),
    rows,
    columns: [
      { header: "Answered", rowHeader: true, csv: (r) => r.window, cell: (r) => r.window },
      { header: "Handoffs", numeric: true, csv: (r) => r.handoffs, cell: (r) => formatCount(r.handoffs) },
      {
        header: "Share of handoffs",
        numeric: true,
        csv: (r) => csvRate(r.share),
        cell: (r) => formatRate(r.share),
      },
    ],
  } satisfies ChartData<(typeof rows)[number]>;
}

/** Every hour of the week, Monday 00:00 first; hours the API left out had no message. */
export function volumeData(data: InsightsResponse) {
  const counts = new Map(data.volumeByHour.map((v) => [v.weekday * 24 + v.hour, v.messages]));
  const rows = Array.from({ length: 7 * 24 }, (_, i) => ({
    weekday: Math.floor(i / 24),
    hour: i % 24,
    messages: counts.get(i) ?? 0,
  }));
  return {
    caption: "Customer messages by weekday and hour (UTC)",
    filename: fileOf("volume-by-hour", data),
    rows,
    columns: [
      {
        header: "Weekday",
        rowHeader: true,
        csv: (r) => WEEKDAY_NAMES[r.weekday] ?? String(r.weekday),
        cell: (r) => WEEKDAY_NAMES[r.weekday],
      },
      { header: "Hour (UTC)", csv: (r) => r.hour, cell: (r) => formatHour(r.hour) },
      { header: "Messages", numeric: true, csv: (r) => r.messages, cell: (r) => formatCount(r.messages) },
    ],
  } satisfies ChartData<(typeof rows)[number]>;
}

export function flowData(data: InsightsResponse) {
  const rows = data.byFlow.map((f) => ({
    ...f,
    other: Math.max(0, f.conversations - f.botResolved - f.handedOff),
  }));
  return {
    caption: "Cohort conversations by bot flow",
    filename: fileOf("by-flow", data),
    rows,
    columns: [
      { header: "Flow", rowHeader: true, csv: (r) => r.flow, cell: (r) => flowLabels[r.flow] },
      {
        header: "Conversations",
        numeric: true,
        csv: (r) => r.conversations,
        cell: (r) => formatCount(r.conversations),
      },
      {
        header: "Bot resolved",
        numeric: true,
        csv: (r) => r.botResolved,
        cell: (r) => formatCount(r.botResolved),
      },
      { header: "Handed off", numeric: true, csv: (r) => r.handedOff, cell: (r) => formatCount(r.handedOff) },
      { header: "Neither yet", numeric: true, csv: (r) => r.other, cell: (r) => formatCount(r.other) },
    ],
  } satisfies ChartData<(typeof rows)[number]>;
}

export function agentData(data: InsightsResponse) {
  const rows = data.byAgent;
  return {
    caption: "Conversations handled per agent",
    filename: fileOf("by-agent", data),
    rows,
    columns: [
      { header: "Agent", rowHeader: true, csv: (r) => r.name, cell: (r) => r.name },
      { header: "Handled", numeric: true, csv: (r) => r.handled, cell: (r) => formatCount(r.handled) },
      {
        header: "Median first response",
        csvHeader: "Median first response (s)",
        numeric: true,
        csv: (r) => csvSeconds(r.medianFirstResponseMs),
        cell: (r) => formatMs(r.medianFirstResponseMs),
      },
    ],
  } satisfies ChartData<(typeof rows)[number]>;
}
