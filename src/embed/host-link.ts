import { createContext, useContext } from "react";
import type { BatonPayload } from "@contract/embed.ts";
import { setAppBridgeTitle, type AppBridge } from "@/embed/app-bridge.ts";
import type { EmbedBridge } from "@/embed/bridge.ts";

/**
 * What a framed Baton tells its host: the same calls whether the host speaks Baton's postMessage bridge, is Shopify's
 * admin (App Bridge: titles and toasts map onto its own), or is nobody at all (previews, tests).
 */
export interface HostLink {
  ready(payload: BatonPayload<"ready">): void;
  title(title: string): void;
  unreadCount(count: number): void;
  navigate(payload: BatonPayload<"navigate">): void;
  toast(message: string, tone?: "info" | "error"): void;
  resize(height: number): void;
  sessionExpired(reason: string): void;
}

export const silentHostLink: HostLink = {
  ready: () => undefined,
  title: () => undefined,
  unreadCount: () => undefined,
  navigate: () => undefined,
  toast: () => undefined,
  resize: () => undefined,
  sessionExpired: () => undefined,
};

/** A host page that speaks Baton's bridge. */
export function bridgeHostLink(bridge: EmbedBridge): HostLink {
  return {
    ready: (payload) => bridge.send("ready", payload),
    title: (title) => bridge.send("title", { title: title.slice(0, 200) }),
    unreadCount: (count) => bridge.send("unread-count", { count }),
    navigate: (payload) => bridge.send("navigate", payload),
    toast: (message, tone = "info") => bridge.send("toast", { message: message.slice(0, 300), tone }),
    resize: (height) => bridge.send("resize", { height: Math.max(0, Math.round(height)) }),
    sessionExpired: (reason) => bridge.send("session-expired", { reason: reason.slice(0, 300) }),
  };
}

/** Shopify's admin: the title bar and toasts are App Bridge's; the rest has no counterpart there. */
export function appBridgeHostLink(shopify: AppBridge): HostLink {
  return {
    ...silentHostLink,
    title: (title) => setAppBridgeTitle(title),
    toast: (message, tone = "info") => shopify.toast.show(message, { isError: tone === "error" }),
    sessionExpired: (reason) => shopify.toast.show(reason, { isError: true }),
  };
}

export const HostLinkContext = createContext<HostLink>(silentHostLink);

export function useHostLink(): HostLink {
  return useContext(HostLinkContext);
}
