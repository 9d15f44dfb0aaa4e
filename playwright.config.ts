import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 4317);
const baseURL = `http://127.0.0.1:${port}`;

/**
 * End-to-end tests drive Debian's Chromium against the real Baton server and the Messenger simulator
 * (sim/demo.ts serves the built SPA from dist/, the API, and the simulator's customer-driving API).
 * `npm run test:e2e` builds the SPA first.
 */
export default defineConfig({
  testDir: "e2e",
  testIgnore: ["bench/**"],
  workers: 1,
  fullyParallel: false,
  // No retries: a flaky spec is a bug to fix, not to hide. Every step takes well under a second here, so a stuck
  // test fails in seconds rather than minutes.
  retries: 0,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: process.env.CI ? "line" : "list",
  use: {
    baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
      ],
    },
  },
  webServer: {
    // A small seeded history, no arriving customers, and --fast-forward: the simulator
    // settles by moving the clock over the bot's typing delay, receipts and reads instead of waiting in real time.
    command: `npx tsx sim/demo.ts --port ${port} --database memory: --no-live --seed 7 --fast-forward`,
    url: `${baseURL}/healthz`,
    reuseExistingServer: !process.env.CI,
    // Seeding and the SPA's server start take 20-60 s on a loaded 2-core machine.
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
  },
});
