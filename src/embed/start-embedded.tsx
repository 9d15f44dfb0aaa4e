import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { EmbeddedApp } from "@/embed/embedded-app.tsx";
import { parseEmbedPath } from "@/embed/embed-location.ts";

/** Renders Baton for a host's frame at /embed/<host>[/panel] (main.tsx loads this only for those paths). */
export function startEmbedded(root: HTMLElement): void {
  const location = parseEmbedPath(window.location.pathname);
  const app = location ? (
    <EmbeddedApp location={location} />
  ) : (
    <main role="alert" className="flex h-full items-center justify-center p-6 text-center text-sm text-muted">
      This embedded address names no host. Use /embed/&lt;host id&gt; or /embed/&lt;host id&gt;/panel.
    </main>
  );
  createRoot(root).render(<StrictMode>{app}</StrictMode>);
}
