import { defineConfig } from "vitest/config";

/**
 * `npm run test:faults`: the fault suite (faults/*.test.ts). Each scenario starts its own Baton processes or its own
 * PostgreSQL server and breaks something on purpose (kill -9, a database restart, the Graph API down, a cut live stream),
 * so they run one file at a time and take minutes: kept out of `npm test`, named in the README.
 */
export default defineConfig({
  test: {
    name: "faults",
    environment: "node",
    include: ["faults/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 300_000,
    hookTimeout: 120_000,
    passWithNoTests: true,
  },
});
