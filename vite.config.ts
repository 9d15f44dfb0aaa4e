import { defineConfig } from "vitest/config";
import react from "@vitejs/plugin-react";
import tailwindcss from "@tailwindcss/vite";
import { fileURLToPath } from "node:url";

const alias = {
  "@": fileURLToPath(new URL("./src", import.meta.url)),
  "@contract": fileURLToPath(new URL("./contract", import.meta.url)),
};
const backend = process.env.BATON_DEV_BACKEND ?? "http://127.0.0.1:3000";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  resolve: { alias },
  server: {
    proxy: {
      "/api": { target: backend, changeOrigin: false },
      "/webhooks": { target: backend },
      "/simulator": { target: backend },
    },
  },
  build: { target: "es2022", sourcemap: false, chunkSizeWarningLimit: 600 },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "server",
          environment: "node",
          include: ["server/**/*.test.ts", "contract/**/*.test.ts", "sim/**/*.test.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: "web",
          environment: "jsdom",
          include: ["src/**/*.test.{ts,tsx}"],
          // Whole-app journeys in jsdom take 1-3 s each; on a loaded 2-core runner several times that.
          testTimeout: 20_000,
          setupFiles: ["src/test/setup.ts"],
        },
      },
    ],
  },
});
