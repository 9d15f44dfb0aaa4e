import { storybookTest } from "@storybook/addon-vitest/vitest-plugin";
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { playwright } from "@vitest/browser-playwright";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Every story rendered headless in Debian's Chromium, with its play function and the accessibility checks
 * (parameters.a11y.test = "error"), once in the light theme and once in the dark one. `npm run test:stories`.
 * Kept apart from vite.config.ts so the unit-test projects stay as they are.
 */
const alias = {
  "@": fileURLToPath(new URL("./src", import.meta.url)),
  "@contract": fileURLToPath(new URL("./contract", import.meta.url)),
};

const chromium = playwright({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    // Nothing may leave the machine: every host but this one fails to resolve.
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    ],
  },
});

const project = (theme: "light" | "dark") => ({
  extends: true as const,
  plugins: [
    storybookTest({
      configDir: fileURLToPath(new URL("./.storybook", import.meta.url)),
      initialGlobals: { theme },
    }),
  ],
  test: {
    name: `stories-${theme}`,
    browser: {
      enabled: true,
      headless: true,
      provider: chromium,
      instances: [{ browser: "chromium" as const }],
      viewport: { width: 1280, height: 800 },
      // One iframe per file is slow to set up; every story already starts from a fresh mock API and query cache.
      isolate: false,
    },
  },
});

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: { alias },
  optimizeDeps: {
    include: [
      "react",
      "react-dom",
      "react-dom/client",
      "react/jsx-dev-runtime",
      "@tanstack/react-query",
      "@tanstack/react-virtual",
      "zustand",
      "zustand/middleware",
      "zod",
      "msw",
      "msw-storybook-addon",
      "class-variance-authority",
      "clsx",
      "tailwind-merge",
    ],
  },
  test: {
    projects: [project("light"), project("dark")],
    testTimeout: 30_000,
    // Chromium does the work, not Node: two files at a time keep both cores busy on a 2-core runner.
    maxWorkers: 2,
  },
});
