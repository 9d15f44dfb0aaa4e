import { useSyncExternalStore } from "react";
import { inboxView, type InboxView } from "@contract/conversation.ts";

/** What can be shared as a link lives in the URL: the view, the open conversation and the search. */
export interface UrlState {
  view: InboxView;
  conversationId: string | null;
  q: string;
}

const CHANGE = "baton:navigate";

function parseUrlState(search: string): UrlState {
  const params = new URLSearchParams(search);
  const view = inboxView.safeParse(params.get("view"));
  return {
    view: view.success ? view.data : "open",
    conversationId: params.get("c") || null,
    q: params.get("q") ?? "",
  };
}

export function urlFor(state: UrlState): string {
  const params = new URLSearchParams();
  params.set("view", state.view);
  if (state.conversationId) params.set("c", state.conversationId);
  if (state.q) params.set("q", state.q);
  return `${window.location.pathname}?${params.toString()}`;
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener("popstate", onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener("popstate", onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

let cachedSearch: string | null = null;
let cachedState: UrlState = parseUrlState("");
function snapshot(): UrlState {
  const search = window.location.search;
  if (search !== cachedSearch) {
    cachedSearch = search;
    cachedState = parseUrlState(search);
  }
  return cachedState;
}

export function useUrlState(): UrlState {
  return useSyncExternalStore(subscribe, snapshot, snapshot);
}

export function currentUrlState(): UrlState {
  return snapshot();
}

/** Changes part of the URL state. Search edits replace history; opening things pushes. */
export function navigate(patch: Partial<UrlState>, options: { replace?: boolean } = {}): void {
  const next = { ...snapshot(), ...patch };
  const url = urlFor(next);
  if (options.replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  window.dispatchEvent(new Event(CHANGE));
}
