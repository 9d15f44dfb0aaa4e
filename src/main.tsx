import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "@/app/app.tsx";
import "@/styles.css";

async function start() {
  // The mock backend only exists in `vite --mode mock`; the dynamic import keeps MSW out of the production bundle.
  if (import.meta.env.MODE === "mock") {
    const { startMockBackend } = await import("@/mocks/browser.ts");
    await startMockBackend();
  }
  const root = document.getElementById("root");
  // A host's frame (/embed/<host>…): Baton signs in through the host's token; its own code stays in its own chunk.
  if (root && (window.location.pathname === "/embed" || window.location.pathname.startsWith("/embed/"))) {
    const { startEmbedded } = await import("@/embed/start-embedded.tsx");
    startEmbedded(root);
    return;
  }
  if (root) {
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  }
}

void start();
