import { z } from "zod/mini";
import { me, sessionResponse } from "./auth.ts";

/**
 * Embedded mode: a host (a shop's admin, another helpdesk) frames Baton and signs its agents in with short-lived
 * tokens. This file is the single definition of the embed API (/api/embed/*) and of the postMessage bridge between
 * Baton's iframe and its host page, for the server, the SPA and host developers (README, "Embedded mode").
 */

/** A configured host's id, as it appears in /embed/<id> and in the API. */
export const embedHostId = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, "A host id is 1 to 40 lowercase letters, digits, - or _."));

const embedHostKind = z.enum(["jwt", "shopify"]);
export type EmbedHostKind = z.infer<typeof embedHostKind>;

/**
 * GET /api/embed/config?host=ID (public): what the SPA needs before it can talk to its host. With
 * `shopifyHost=BASE64` (Shopify opened Baton outside its admin: a new tab, a reload after a redirect) it also says
 * where to send the user back into the admin, checked against the configured shop (no open redirect).
 */
export const embedConfigQuery = z.object({
  host: embedHostId,
  shopifyHost: z.optional(z.string().check(z.minLength(1), z.maxLength(400))),
});
export const embedConfig = z.object({
  host: embedHostId,
  kind: embedHostKind,
  /** The origins allowed to frame Baton for this host; the bridge talks only to the parent at one of them. */
  origins: z.array(z.string()),
  /** Shopify: App Bridge is loaded and hands out the session tokens (no postMessage bridge with the admin). */
  appBridge: z.boolean(),
  /** Shopify: the shop (x.myshopify.com); null for other hosts. */
  shop: z.nullable(z.string()),
  /** The shop admin's address for Baton, when `shopifyHost` was given and points at the configured shop. */
  adminUrl: z.nullable(z.string()),
});
export type EmbedConfig = z.infer<typeof embedConfig>;

/** A host's signed token (compact JWS): bounded, so a megabyte "token" is refused before any parsing. */
const hostToken = z
  .string()
  .check(z.minLength(16, "The host's token is missing."), z.maxLength(8192, "The host's token is too long."));

/** POST /api/embed/session (public): exchange a host's token for a short-lived Baton bearer token. */
export const embedSessionBody = z.object({
  host: embedHostId,
  token: hostToken,
  /** The conversation the host wants shown: only a hint, checked by the server (null when Baton has no such one). */
  conversationId: z.optional(z.string().check(z.minLength(1), z.maxLength(200))),
});
export type EmbedSessionBody = z.infer<typeof embedSessionBody>;

export const embedSession = z.extend(sessionResponse, {
  via: z.literal("bearer"),
  /** Send as `Authorization: Bearer <token>` on every API call and on the live stream, until expiresAt. */
  token: z.string(),
  /** How long the token is good for, from the answer (the browser's clock may differ from the server's). */
  ttlMs: z.number().check(z.int(), z.nonnegative()),
  agent: me,
  /** The hinted conversation when Baton has it, else null. */
  conversationId: z.nullable(z.string()),
});
export type EmbedSession = z.infer<typeof embedSession>;

// ---------------------------------------------------------------------------------------------------------------
// The postMessage bridge. Every message is an envelope {ns: "baton", v: 1, type, id, payload}; anything else is
// ignored. Baton posts only to the host's exact origin and accepts only messages from window.parent at that origin.

export const BRIDGE_NS = "baton";
export const BRIDGE_VERSION = 1;

const embedTheme = z.enum(["light", "dark", "system"]);
export type EmbedTheme = z.infer<typeof embedTheme>;

/** A message id: unique per sender, echoed as `requestId` by answers. */
const messageId = z.string().check(z.minLength(1), z.maxLength(100));
const shortText = (max: number) => z.string().check(z.maxLength(max));

/** Host → Baton. */
export const hostMessages = {
  /** Once, after Baton's `ready` (or any time): the host's look and language. */
  init: z.object({ theme: z.optional(embedTheme), locale: z.optional(shortText(35)) }),
  /** Show this conversation (the server still checks the agent may see it). */
  "open-conversation": z.object({ conversationId: z.string().check(z.minLength(1), z.maxLength(200)) }),
  "set-theme": z.object({ theme: embedTheme }),
  /** The host hid or showed Baton's frame (a collapsed side panel): Baton pauses its live stream while hidden. */
  visibility: z.object({ visible: z.boolean() }),
  /** The answer to a `token-request`: a fresh signed token, or why there is none. */
  "token-response": z.union([
    z.object({ requestId: messageId, token: hostToken }),
    z.object({ requestId: messageId, error: shortText(300) }),
  ]),
} as const;

/** Baton → host. */
export const batonMessages = {
  /** Baton is signed in and listening; the host may now send `init` and `open-conversation`. */
  ready: z.object({
    layout: z.enum(["inbox", "panel"]),
    agent: z.object({ id: z.string(), name: z.string() }),
    conversationId: z.nullable(z.string()),
  }),
  /** Conversations waiting for a human (the Unresolved view), for a badge in the host's navigation. */
  "unread-count": z.object({ count: z.number().check(z.int(), z.nonnegative()) }),
  /** What Baton would put in the tab's title. */
  title: z.object({ title: shortText(200) }),
  /** The agent moved inside Baton (for the host's own URL or breadcrumbs). */
  navigate: z.object({ view: z.string(), conversationId: z.nullable(z.string()) }),
  toast: z.object({ message: shortText(300), tone: z.enum(["info", "error"]) }),
  /** The height Baton's content wants (a host may size its frame to it). */
  resize: z.object({ height: z.number().check(z.nonnegative()) }),
  /** Baton needs a fresh signed token: answer with `token-response` carrying this message's id as requestId. */
  "token-request": z.object({ reason: z.enum(["sign-in", "refresh", "expired"]) }),
  /** Baton could not get a working session (the host refused or its tokens were refused); the agent sees a notice. */
  "session-expired": z.object({ reason: shortText(300) }),
} as const;

export type HostMessageType = keyof typeof hostMessages;
export type BatonMessageType = keyof typeof batonMessages;
export type HostPayload<T extends HostMessageType> = z.infer<(typeof hostMessages)[T]>;
export type BatonPayload<T extends BatonMessageType> = z.infer<(typeof batonMessages)[T]>;

const envelopeOf = <T extends string, P extends z.ZodMiniType>(type: T, payload: P) =>
  z.object({
    ns: z.literal(BRIDGE_NS),
    v: z.literal(BRIDGE_VERSION),
    type: z.literal(type),
    id: messageId,
    payload,
  });

export const hostEnvelope = z.discriminatedUnion("type", [
  envelopeOf("init", hostMessages.init),
  envelopeOf("open-conversation", hostMessages["open-conversation"]),
  envelopeOf("set-theme", hostMessages["set-theme"]),
  envelopeOf("visibility", hostMessages.visibility),
  envelopeOf("token-response", hostMessages["token-response"]),
]);
export type HostEnvelope = z.infer<typeof hostEnvelope>;

export const batonEnvelope = z.discriminatedUnion("type", [
  envelopeOf("ready", batonMessages.ready),
  envelopeOf("unread-count", batonMessages["unread-count"]),
  envelopeOf("title", batonMessages.title),
  envelopeOf("navigate", batonMessages.navigate),
  envelopeOf("toast", batonMessages.toast),
  envelopeOf("resize", batonMessages.resize),
  envelopeOf("token-request", batonMessages["token-request"]),
  envelopeOf("session-expired", batonMessages["session-expired"]),
]);
export type BatonEnvelope = z.infer<typeof batonEnvelope>;
