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
  if (root) {
    createRoot(root).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  }
}

void start();
