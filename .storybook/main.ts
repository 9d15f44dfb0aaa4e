import type { StorybookConfig } from "@storybook/react-vite";

/**
 * Baton's component previews for designers. Stories live beside their components (src/**\/*.stories.tsx) and get
 * their data from the same MSW handlers and fixture builders as the unit tests (src/mocks). Fully offline:
 * no telemetry, no "what's new" feed, and no remote images (see offline-media.ts).
 */
const config: StorybookConfig = {
  stories: ["../src/**/*.stories.tsx"],
  addons: ["@storybook/addon-a11y", "@storybook/addon-vitest"],
  framework: { name: "@storybook/react-vite", options: {} },
  // public/ holds the MSW service worker (mockServiceWorker.js) and the Baton logo.
  staticDirs: ["../public"],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
};

export default config;
