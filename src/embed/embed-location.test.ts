import { describe, expect, it } from "vitest";
import { parseEmbedPath, takeShopifyLaunch } from "@/embed/embed-location.ts";

describe("embedded addresses", () => {
  it("name a host and a layout", () => {
    expect(parseEmbedPath("/embed/shop")).toEqual({ hostId: "shop", layout: "inbox" });
    expect(parseEmbedPath("/embed/shop/")).toEqual({ hostId: "shop", layout: "inbox" });
    expect(parseEmbedPath("/embed/shop/panel")).toEqual({ hostId: "shop", layout: "panel" });
  });

  it.each([
    "/embed",
    "/embed/",
    "/embed/Not A Host",
    "/embed/shop/elsewhere",
    "/embed/shop/panel/more",
    "/embedded/shop",
    "/",
  ])("refuse %s", (path) => {
    expect(parseEmbedPath(path)).toBeNull();
  });

  it("take Shopify's token out of the address bar and keep Baton's own state", () => {
    window.history.replaceState(
      null,
      "",
      "/embed/shop/panel?c=c-1&id_token=eyJ.secret.sig&host=YWRtaW4&shop=x.myshopify.com&locale=fr",
    );
    expect(takeShopifyLaunch()).toEqual({ idToken: "eyJ.secret.sig", host: "YWRtaW4", locale: "fr" });
    expect(window.location.search).not.toContain("id_token");
    expect(new URLSearchParams(window.location.search).get("c")).toBe("c-1");
    expect(window.location.pathname).toBe("/embed/shop/panel");
  });
});
