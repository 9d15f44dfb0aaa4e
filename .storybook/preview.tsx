import type { Decorator, Preview } from "@storybook/react-vite";
import { QueryClientProvider } from "@tanstack/react-query";
import { initialize, mswLoader } from "msw-storybook-addon";
import { configure } from "storybook/test";
import { useState, type ReactNode } from "react";
import { createQueryClient } from "@/app/query-client.ts";
import { useDraftStore } from "@/features/conversation/stores/draft-store.ts";
import { usePreferencesStore } from "@/lib/preferences-store.ts";
import "@/styles.css";
import { apiHandler, resetApi, type StoryDb } from "./mock-api.ts";
import { mediaHandler } from "./offline-media.ts";

/** What a story may ask of Baton's world, under `parameters.baton`. */
export interface BatonParameters {
  /**
   * Shapes the story's fresh mock database: exact conversations with db.put, auth states with db.auth (requireSetup(),
   * lockOut(), demo = true, endSession(); see src/mocks/mock-auth.ts).
   */
  db?: (db: StoryDb) => void;
  /**
   * Who the mock server's session is signed in as; null shows the sign-in screen. Default: Ana Silva (an agent);
   * "agent-chloe" is a manager, "agent-erin" an admin (src/mocks/auth-fixtures.ts).
   */
  agentId?: string | null;
  /** The app's URL state (view, open conversation, search) when the story starts. */
  url?: { view?: string; c?: string; q?: string; tab?: string };
  /** Reply drafts already typed, by conversation id. */
  drafts?: Record<string, string>;
}

// Stories load through MSW on a busy 2-core CI runner: give find*/waitFor 5 s instead of 1 s before they fail.
configure({ asyncUtilTimeout: 5000 });

// The service worker sits beside index.html in the static build, and at / in dev and tests.
initialize({
  quiet: true,
  serviceWorker: { url: `${import.meta.env.BASE_URL}mockServiceWorker.js` },
  onUnhandledRequest: ({ url }, print) => {
    // Same-origin module and asset requests are Storybook's own; anything else would be a network fetch.
    if (new URL(url).origin !== window.location.origin) print.error();
  },
});

function batonOf(parameters: Record<string, unknown>): BatonParameters {
  const value = parameters.baton;
  return typeof value === "object" && value !== null ? (value as BatonParameters) : {};
}

/** A fresh TanStack Query cache per story, with the app's own defaults but no retries (error states show at once). */
function QueryRoot({ children }: { children: ReactNode }) {
  const [client] = useState(() => {
    const qc = createQueryClient();
    qc.setDefaultOptions({
      queries: { ...qc.getDefaultOptions().queries, retry: false },
      mutations: { retry: false },
    });
    return qc;
  });
  return <QueryClientProvider client={client}>{children}</QueryClientProvider>;
}

const withQueryClient: Decorator = (Story, context) => (
  <QueryRoot key={context.id}>
    <Story />
  </QueryRoot>
);

/** Light or dark from the toolbar: the same .dark / .light class on <html> that the app's theme preference sets. */
const withTheme: Decorator = (Story, context) => {
  const theme = context.globals.theme === "dark" ? "dark" : "light";
  const root = document.documentElement;
  root.classList.toggle("dark", theme === "dark");
  root.classList.toggle("light", theme === "light");
  // Whole-page stories render the app, whose theme hook reads the same preference: keep them in agreement.
  if (usePreferencesStore.getState().theme !== theme) usePreferencesStore.setState({ theme });
  return <Story />;
};

/** The story frame's own path: a story that navigated (to /admin, /insights…) must not leave the next one there. */
const STORY_FRAME_PATH = window.location.pathname;

const preview: Preview = {
  loaders: [mswLoader],
  decorators: [withTheme, withQueryClient],
  beforeEach: ({ parameters }) => {
    const baton = batonOf(parameters);
    // The session is the mock server's (as the real one keeps it behind a cookie); every story starts a fresh one.
    resetApi(baton.db, baton.agentId === undefined ? "agent-ana" : baton.agentId);
    // UI state the app keeps in zustand (and localStorage): drafts, preferences.
    useDraftStore.setState({ drafts: { ...baton.drafts } });
    usePreferencesStore.setState({ notifyOnEscalation: false });
    // The app keeps its view, open conversation and search in the URL; Storybook's own parameters stay.
    const params = new URLSearchParams(window.location.search);
    for (const key of ["view", "c", "q", "tab"]) params.delete(key);
    for (const [key, value] of Object.entries(baton.url ?? {})) if (value) params.set(key, value);
    window.history.replaceState(window.history.state, "", `${STORY_FRAME_PATH}?${params.toString()}`);
    window.dispatchEvent(new Event("baton:navigate"));
  },
  parameters: {
    layout: "padded",
    // Named groups: a story's `overrides` (loading, errors) come before the mock API, which answers the rest.
    msw: { handlers: { overrides: [], api: [apiHandler], media: [mediaHandler] } },
    a11y: { test: "error" },
    backgrounds: { disable: true },
    viewport: {
      options: {
        narrow: { name: "Narrow (phone, 375)", styles: { width: "375px", height: "740px" }, type: "mobile" },
        tablet: { name: "Tablet (820)", styles: { width: "820px", height: "1000px" }, type: "tablet" },
        laptop: { name: "Laptop (1280)", styles: { width: "1280px", height: "800px" }, type: "desktop" },
        wide: { name: "Wide (1920)", styles: { width: "1920px", height: "1080px" }, type: "desktop" },
      },
    },
    options: {
      storySort: { order: ["Pages", "Shell", "Inbox", "Conversation", "Review", "Auth", "Domain", "UI"] },
    },
  },
  globalTypes: {
    theme: {
      description: "Light or dark design tokens",
      toolbar: {
        title: "Theme",
        icon: "mirror",
        items: [
          { value: "light", title: "Light", icon: "sun" },
          { value: "dark", title: "Dark", icon: "moon" },
        ],
        dynamicTitle: true,
      },
    },
  },
  initialGlobals: { theme: "light" },
};

export default preview;
