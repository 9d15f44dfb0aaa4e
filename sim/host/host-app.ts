import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { SignJWT } from "jose";
import { z } from "zod";
import { hostPage, hostScript } from "./host-page.ts";

/**
 * The local "shop admin": a stand-in for Shopify's admin on another origin that frames Baton (the full inbox and the
 * side panel), signs its staff's session tokens the way Shopify does and answers Baton's token requests over the
 * postMessage bridge. Its page never sees the app secret: only this server signs.
 */
export interface HostAppOptions {
  /** Where Baton is (another origin: http://127.0.0.1:3000 while this is http://localhost:3001). */
  batonUrl: string;
  /** The host's id in Baton's EMBED_HOSTS. */
  hostId: string;
  /** The shop's permanent domain (x.myshopify.com): iss and dest of the tokens. */
  shop: string;
  /** The app's client id ("aud") and secret (the HS256 key). */
  apiKey: string;
  apiSecret: string;
  shopName: string;
  /** The shop's Messenger conversations, for the page's picker (the admin knows its customers). */
  conversations: () => Promise<{ id: string; name: string; status: string }[]>;
}

/** The shop's staff the page can act as (Shopify user ids). */
const HOST_STAFF = [
  { id: "74001", name: "Store owner" },
  { id: "74002", name: "Support staff" },
] as const;

const tokenRequest = z.object({ user: z.enum([HOST_STAFF[0].id, HOST_STAFF[1].id]) });

/** A Shopify session (ID) token: HS256 with the app secret, iss the shop's /admin, dest the shop, aud the client id, one minute. */
async function signShopifySessionToken(o: {
  shop: string;
  apiKey: string;
  apiSecret: string;
  userId: string;
  now?: number;
}): Promise<string> {
  const iat = Math.floor((o.now ?? Date.now()) / 1000);
  return new SignJWT({ dest: `https://${o.shop}`, sid: randomUUID() })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(`https://${o.shop}/admin`)
    .setAudience(o.apiKey)
    .setSubject(o.userId)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(iat + 60)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(o.apiSecret));
}

export function hostApp(options: HostAppOptions): Hono {
  const app = new Hono();
  const batonOrigin = new URL(options.batonUrl).origin;

  app.use("*", async (c, next) => {
    await next();
    c.header("X-Content-Type-Options", "nosniff");
    c.header("Cache-Control", "no-store");
  });

  app.get("/", (c) => {
    // Frames: Baton, and this server under its own two names (tests post from a frame of another origin).
    const own = new URL(c.req.url);
    c.header(
      "Content-Security-Policy",
      `default-src 'self'; frame-src ${batonOrigin} 'self' http://127.0.0.1:${own.port}; style-src 'self' 'unsafe-inline'; base-uri 'none'; object-src 'none'`,
    );
    return c.html(
      hostPage({
        batonOrigin,
        hostId: options.hostId,
        shopName: options.shopName,
        shop: options.shop,
        staff: HOST_STAFF,
      }),
    );
  });
  app.get("/favicon.ico", (c) => c.body(null, 204));
  app.get("/host.js", (c) => c.body(hostScript, 200, { "content-type": "text/javascript; charset=utf-8" }));
  // An empty page, for tests that need a frame of this origin (or of its 127.0.0.1 twin, another origin).
  app.get("/blank", (c) => c.html("<!doctype html><title>blank</title>"));

  // The admin signs a session token for its signed-in staff member, as Shopify's App Bridge would hand out.
  app.post("/session-token", async (c) => {
    const own = new URL(c.req.url).origin;
    if (c.req.header("origin") !== own)
      return c.json({ error: "Only the shop admin's own page may ask for tokens." }, 403);
    const body = tokenRequest.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ error: "Name a staff member." }, 400);
    const token = await signShopifySessionToken({
      shop: options.shop,
      apiKey: options.apiKey,
      apiSecret: options.apiSecret,
      userId: body.data.user,
    });
    return c.json({ token });
  });

  app.get("/conversations", async (c) => c.json({ conversations: await options.conversations() }));
  return app;
}

/** The demo's shop: Baton's EMBED_HOSTS entry for it (a Shopify host whose frame ancestor is the local admin). */
export const DEMO_HOST = {
  id: "shop",
  shop: "lumen-and-loom.myshopify.com",
  apiKey: "baton-demo-app",
  shopName: "Lumen & Loom",
} as const;

export function demoEmbedHosts(hostOrigin: string, apiSecret: string): string {
  return JSON.stringify([
    // App Bridge stays off: the local admin speaks Baton's own bridge, and nothing is fetched from Shopify's CDN.
    {
      id: DEMO_HOST.id,
      kind: "shopify",
      shop: DEMO_HOST.shop,
      apiKey: DEMO_HOST.apiKey,
      apiSecret,
      provisioning: "create",
      role: "agent",
      origins: [hostOrigin],
      appBridge: false,
    },
  ]);
}
