/**
 * Shopify's App Bridge, when Baton runs in Shopify's admin: the server puts its script (from Shopify's CDN) first in
 * the page for a Shopify host that uses it, and it exposes `window.shopify`. Baton then takes its session tokens from
 * it and shows its titles and toasts through it, since Shopify's admin does not speak Baton's postMessage bridge.
 */
export interface AppBridge {
  idToken(): Promise<string>;
  toast: { show(message: string, options?: { isError?: boolean; duration?: number }): void };
}

declare global {
  interface Window {
    shopify?: AppBridge;
  }
}

/** App Bridge, if it loaded (and looks like itself). */
export function appBridge(win: Window = window): AppBridge | null {
  const candidate = win.shopify;
  if (!candidate || typeof candidate.idToken !== "function" || typeof candidate.toast?.show !== "function")
    return null;
  return candidate;
}

/** The admin's title bar for the app: App Bridge reads it from a <ui-title-bar> element. */
export function setAppBridgeTitle(title: string, doc: Document = document): void {
  let bar = doc.querySelector("ui-title-bar");
  if (!bar) {
    bar = doc.createElement("ui-title-bar");
    doc.body.prepend(bar);
  }
  bar.setAttribute("title", title);
}
