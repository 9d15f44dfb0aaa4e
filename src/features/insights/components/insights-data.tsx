import type { ReactNode } from "react";
import type { InsightsQuery, InsightsResponse } from "@contract/insights.ts";
import { Button } from "@/components/ui/button.tsx";
import { Spinner } from "@/components/ui/spinner.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { useInsights } from "@/features/insights/api/get-insights.ts";

/**
 * Loads a range's figures and renders `children` with them; a spinner while the first answer comes, an alert with a
 * retry when it fails. While another range loads, the last one stays on screen, marked busy.
 */
export function InsightsData({
  query,
  children,
}: {
  query: InsightsQuery;
  children: (data: InsightsResponse) => ReactNode;
}) {
  const insights = useInsights(query);
  if (insights.isPending)
    return (
      <div className="flex justify-center py-16">
        <Spinner label="Loading insights" />
      </div>
    );
  if (insights.isError)
    return (
      <div role="alert" className="rounded-xl border border-danger/40 bg-danger-soft p-4 text-sm text-danger">
        <p className="font-semibold">The figures could not be loaded.</p>
        <p className="mt-1">{errorMessage(insights.error)}</p>
        <Button className="mt-3" onClick={() => void insights.refetch()} disabled={insights.isFetching}>
          Try again
        </Button>
      </div>
    );
  const updating = insights.isPlaceholderData;
  return (
    <div aria-busy={updating} className={updating ? "opacity-60 transition-opacity" : undefined}>
      {updating ? <Spinner label="Loading the new range" className="mb-2" /> : null}
      {children(insights.data)}
    </div>
  );
}
