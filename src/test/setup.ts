import "@testing-library/jest-dom/vitest";
import { cleanup } from "@testing-library/react";
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { resetMockDb, server } from "@/mocks/node.ts";
import { useDraftStore } from "@/features/conversation/stores/draft-store.ts";
import { usePreferencesStore } from "@/lib/preferences-store.ts";

// jsdom has no layout: give elements a size so virtualized lists render rows, and stub what it lacks.
class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= ResizeObserverStub as unknown as typeof ResizeObserver;
// Scroll containers are tall; measured virtual rows (data-index) are short, so every row of a test thread renders.
const height = (el: Element) => (el.hasAttribute("data-index") ? 60 : 5000);
Object.defineProperty(HTMLElement.prototype, "offsetHeight", {
  configurable: true,
  get(this: HTMLElement) {
    return height(this);
  },
});
Object.defineProperty(HTMLElement.prototype, "offsetWidth", { configurable: true, get: () => 1000 });
Object.defineProperty(HTMLElement.prototype, "clientHeight", { configurable: true, get: () => 5000 });
Object.defineProperty(HTMLElement.prototype, "clientWidth", { configurable: true, get: () => 1000 });
Element.prototype.getBoundingClientRect = function () {
  const h = height(this);
  return {
    x: 0,
    y: 0,
    top: 0,
    left: 0,
    bottom: h,
    right: 1000,
    width: 1000,
    height: h,
    toJSON: () => ({}),
  } as DOMRect;
};
Element.prototype.scrollTo = function () {};
Element.prototype.scrollIntoView = function () {};

beforeAll(() => server.listen({ onUnhandledRequest: "error" }));
beforeEach(() => {
  localStorage.clear();
  useDraftStore.setState({ drafts: {} });
  usePreferencesStore.setState({ notifyOnEscalation: false, theme: "system" });
  resetMockDb();
  window.history.replaceState(null, "", "/");
  // A console.error is a failed test: React warnings and unexpected errors must not pass silently.
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    throw new Error(`console.error: ${args.map(String).join(" ")}`);
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});
afterAll(() => server.close());
