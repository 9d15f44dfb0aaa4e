import { useEffect } from "react";
import { useViewCounts } from "@/features/inbox/api/get-view-counts.ts";
import { useSettings } from "@/shared/settings-query.ts";

/** A quiet count in the tab title: how many conversations need a human. */
export function useDocumentTitle(): void {
  const counts = useViewCounts();
  const settings = useSettings();
  const open = counts.data?.open ?? 0;
  const page = settings.data?.pageName;
  useEffect(() => {
    document.title = `${open > 0 ? `(${open}) ` : ""}Baton${page ? ` · ${page}` : ""}`;
  }, [open, page]);
}
