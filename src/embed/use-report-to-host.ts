import { useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { errorMessage } from "@/lib/api-client.ts";
import { useSettings } from "@/shared/settings-query.ts";
import { useUrlState } from "@/shared/url-state.ts";
import { useViewCounts } from "@/features/inbox/api/get-view-counts.ts";
import { useHostLink } from "@/embed/host-link.ts";

/**
 * Keeps the host informed while Baton is framed: the title Baton would give its tab, how many conversations wait for a
 * human (a badge in the host's navigation), where the agent is, how tall Baton wants to be, and a toast for each
 * action that failed (the host may show it where its users look).
 */
export function useReportToHost(): void {
  const link = useHostLink();
  const counts = useViewCounts();
  const settings = useSettings();
  const { view, conversationId } = useUrlState();
  const waiting = counts.data?.open;
  const page = settings.data?.pageName;
  const qc = useQueryClient();

  useEffect(() => {
    const title = `${waiting ? `(${waiting}) ` : ""}Baton${page ? ` · ${page}` : ""}`;
    document.title = title;
    link.title(title);
  }, [waiting, page, link]);

  useEffect(() => {
    if (waiting !== undefined) link.unreadCount(waiting);
  }, [waiting, link]);

  useEffect(() => {
    link.navigate({ view, conversationId });
  }, [view, conversationId, link]);

  useEffect(() => {
    if (typeof ResizeObserver === "undefined") return;
    let last = -1;
    const observer = new ResizeObserver(() => {
      const height = document.documentElement.scrollHeight;
      if (height !== last) {
        last = height;
        link.resize(height);
      }
    });
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [link]);

  useEffect(
    () =>
      qc.getMutationCache().subscribe((event) => {
        if (event.type === "updated" && event.action.type === "error")
          link.toast(errorMessage(event.action.error), "error");
      }),
    [qc, link],
  );
}
