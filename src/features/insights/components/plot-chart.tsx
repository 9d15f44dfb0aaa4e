import { useEffect, useRef, useState } from "react";

/** What a chart draws into the width it has: an Observable Plot figure (SVG). */
export type RenderChart = (width: number) => Element;

/**
 * Mounts an Observable Plot chart into a div and redraws it when its width changes. The SVG is a picture for sighted
 * readers (role="img" with a summary); its numbers are in the table beside it (ChartFigure), which is what assistive
 * technology reads. `render` must be stable (useCallback on the data).
 */
export function PlotChart({ render, label }: { render: RenderChart; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.floor(entry.contentRect.width));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!el || width <= 0) return;
    const chart = render(width);
    // The picture is one image named by the container; Plot's own labels on its groups ("rule", "dot") would only
    // be noise, and ARIA does not allow them on a <g> without a role.
    for (const node of [chart, ...chart.querySelectorAll("[aria-label], [aria-description]")]) {
      node.removeAttribute("aria-label");
      node.removeAttribute("aria-description");
    }
    chart.setAttribute("aria-hidden", "true");
    el.replaceChildren(chart);
    return () => chart.remove();
  }, [render, width]);

  return <div ref={ref} role="img" aria-label={label} className="w-full text-muted" />;
}
