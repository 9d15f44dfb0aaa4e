import { embedHostId } from "@contract/embed.ts";

export type EmbedLayout = "inbox" | "panel";

export interface EmbedLocation {
  hostId: string;
  layout: EmbedLayout;
}

/** Embedded pages live under /embed/<host id>: the full inbox there, one conversation at /embed/<host id>/panel?c=<id>. */
const EMBED_PREFIX = "/embed";

/** The host and layout named by an embedded page's path; null when the path names no valid host. */
export function parseEmbedPath(pathname: string): EmbedLocation | null {
  const [, prefix, host, layout, ...rest] = pathname.split("/");
  if (`/${prefix ?? ""}` !== EMBED_PREFIX || rest.some(Boolean)) return null;
  const id = embedHostId.safeParse(host);
  if (!id.success) return null;
  if (layout === undefined || layout === "" || layout === "inbox")
    return { hostId: id.data, layout: "inbox" };
  if (layout === "panel") return { hostId: id.data, layout: "panel" };
  return null;
}

/** What Shopify puts in the address of an embedded app, read once at start and then removed from it. */
export interface ShopifyLaunch {
  /** A session token Shopify already signed (the first sign-in uses it instead of asking App Bridge). */
  idToken: string | null;
  /** base64 of the admin's address: where to send the user back when Baton was opened outside the admin. */
  host: string | null;
  locale: string | null;
}

/**
 * Reads Shopify's launch parameters and takes its token out of the address bar (it must not linger in history or be
 * shown in a screenshot); the rest (host, shop, embedded) stays for App Bridge until Baton's own navigation.
 */
export function takeShopifyLaunch(win: Window = window): ShopifyLaunch {
  const params = new URLSearchParams(win.location.search);
  const launch: ShopifyLaunch = {
    idToken: params.get("id_token"),
    host: params.get("host"),
    locale: params.get("locale"),
  };
  if (params.has("id_token")) {
    params.delete("id_token");
    const qs = params.toString();
    win.history.replaceState(win.history.state, "", `${win.location.pathname}${qs ? `?${qs}` : ""}`);
  }
  return launch;
}
