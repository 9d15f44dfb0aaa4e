import { useSyncExternalStore } from "react";

/**
 * The SPA's pages are paths: `/` (the inbox, whose state is in the query string, see url-state.ts), `/admin`,
 * `/insights` (its range in the query string), and the
 * one-time link pages `/setup`, `/invite`, `/reset-password` (their token travels in the #fragment).
 */
const CHANGE = "baton:navigate";

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const pathname = () => window.location.pathname;

export function useAppPath(): string {
  return useSyncExternalStore(subscribe, pathname, pathname);
}

/** Goes to another page of the SPA without a reload (`url` is a path with an optional query string). */
export function goTo(url: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  window.dispatchEvent(new Event(CHANGE));
}

/** An <a>'s click handler for SPA links: plain clicks navigate in place, modified clicks keep the browser's way. */
export function followLink(
  url: string,
): (event: {
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  button: number;
  preventDefault: () => void;
}) => void {
  return (event) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
    event.preventDefault();
    goTo(url);
  };
}

export const INBOX_URL = "/?view=open";
export const ADMIN_URL = "/admin";
export const INSIGHTS_URL = "/insights";

const search = () => window.location.search;

/** One query-string parameter of the current page (e.g. the admin page's tab), re-read on every navigation. */
export function useSearchParam(name: string): string | null {
  const value = useSyncExternalStore(subscribe, search, search);
  return new URLSearchParams(value).get(name);
}
