import { createHash } from "node:crypto";
import {
  createRemoteJWKSet,
  customFetch,
  errors,
  jwtVerify,
  type JWTPayload,
  type JWTVerifyGetKey,
} from "jose";
import { z } from "zod";
import { noNul, role, type Me } from "../../contract/auth.ts";
import { embedHostId, type EmbedConfig } from "../../contract/embed.ts";
import type { Queryable } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { createAccount } from "./accounts.ts";
import { audit } from "./audit.ts";
import { isLoopbackHostname } from "./request-guards.ts";
import { BEARER_SESSION_MS, type SessionStore } from "./sessions.ts";

/**
 * Embedded mode: hosts that frame Baton (a shop's admin, another helpdesk) and vouch for their users with short-lived
 * signed tokens. This module reads their configuration (EMBED_HOSTS), verifies their tokens with jose, maps a token's
 * subject to a Baton agent and starts a short bearer session for the iframe, which cannot rely on third-party cookies.
 */

/** Shopify's App Bridge: loaded from Shopify's CDN, and only for a Shopify host that uses it. */
export const APP_BRIDGE_URL = "https://cdn.shopify.com/shopifycloud/app-bridge.js";
/** Where Shopify's admin lives; it frames embedded apps. */
const SHOPIFY_ADMIN_ORIGIN = "https://admin.shopify.com";

/** The most a token's clock may differ from Baton's (seconds). */
const CLOCK_TOLERANCE_S = 10;
/** A bootstrap token older than this is refused, whatever its exp says (seconds since its iat). */
const MAX_TOKEN_AGE_S = 120;

// ---------------------------------------------------------------------------------------------------------------
// Configuration

/** scheme://host[:port] exactly, https (or http on a loopback name, for local development), no path and no wildcard. */
const origin = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: "custom", message: `"${value}" is not an origin like https://admin.example.com.` });
    return;
  }
  if (value.includes("*"))
    ctx.addIssue({ code: "custom", message: `"${value}": wildcards are not allowed; list each origin.` });
  else if (url.origin !== value)
    ctx.addIssue({
      code: "custom",
      message: `"${value}" must be an origin only (scheme, host and port; no path or trailing slash): ${url.origin}`,
    });
  else if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHostname(url.hostname))) {
    ctx.addIssue({ code: "custom", message: `"${value}" must use https (http only for localhost).` });
  }
});

const httpsUrl = z.url().refine((value) => {
  const url = new URL(value);
  return url.protocol === "https:" || (url.protocol === "http:" && isLoopbackHostname(url.hostname));
}, "Use an https URL (http only for localhost).");

const text = z.string().min(1).max(500).refine(noNul, "Must not contain a NUL character.");
const provisioning = z.enum(["create", "refuse"]);
const symmetricAlgorithms = ["HS256", "HS384", "HS512"] as const;
const asymmetricAlgorithms = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
] as const;

const jwtHostSchema = z
  .object({
    id: embedHostId,
    kind: z.literal("jwt"),
    /** The page that frames Baton. */
    origin,
    /** The issuers whose tokens are accepted ("iss"). */
    issuer: z.union([text, z.array(text).min(1)]),
    /** Baton's name at this host ("aud"). */
    audience: text,
    /** A shared HS256 secret (at least 32 characters)… */
    secret: z.string().min(32, "Use a secret of at least 32 characters.").optional(),
    /** …or the host's public keys. */
    jwksUrl: httpsUrl.optional(),
    /** The algorithms accepted; HS256 with a secret, RS256 and ES256 with a JWKS by default. */
    algorithms: z
      .array(z.enum([...symmetricAlgorithms, ...asymmetricAlgorithms]))
      .min(1)
      .optional(),
    /** A subject Baton has not seen: create an agent with `role`, or refuse the sign-in. */
    provisioning,
    role,
  })
  .strict()
  .superRefine((h, ctx) => {
    if ((h.secret === undefined) === (h.jwksUrl === undefined)) {
      ctx.addIssue({
        code: "custom",
        message: "Give exactly one of secret (HS256) or jwksUrl (public keys).",
      });
      return;
    }
    const allowed: readonly string[] = h.secret !== undefined ? symmetricAlgorithms : asymmetricAlgorithms;
    const wrong = (h.algorithms ?? []).filter((a) => !allowed.includes(a));
    if (wrong.length > 0) {
      ctx.addIssue({
        code: "custom",
        path: ["algorithms"],
        message: `${wrong.join(", ")} cannot be used with ${h.secret !== undefined ? "a shared secret" : "a JWKS"}.`,
      });
    }
  });

const shopifyHostSchema = z
  .object({
    id: embedHostId,
    kind: z.literal("shopify"),
    /** The shop's permanent domain. */
    shop: z
      .string()
      .regex(
        /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/,
        'Use the shop\'s permanent domain, like "my-shop.myshopify.com".',
      ),
    /** The app's client id: the "aud" of Shopify's session tokens. */
    apiKey: text,
    /** The app's client secret: Shopify signs session tokens with it (HS256). */
    apiSecret: z.string().min(16, "Use the app's client secret."),
    provisioning,
    role,
    /** Overrides the frame ancestors (https://{shop} and Shopify's admin), e.g. for a local stand-in of the admin. */
    origins: z.array(origin).min(1).optional(),
    /** Load Shopify's App Bridge (titles, toasts, session tokens); off for a stand-in host that speaks Baton's bridge. */
    appBridge: z.boolean().default(true),
  })
  .strict();

export const embedHostSchema = z.discriminatedUnion("kind", [jwtHostSchema, shopifyHostSchema]);
const embedHostsSchema = z.array(embedHostSchema).superRefine((hosts, ctx) => {
  const seen = new Set<string>();
  for (const [i, h] of hosts.entries()) {
    if (seen.has(h.id))
      ctx.addIssue({ code: "custom", path: [i, "id"], message: `The host id "${h.id}" is used twice.` });
    seen.add(h.id);
  }
});

export type JwtHost = z.infer<typeof jwtHostSchema>;
export type ShopifyHost = z.infer<typeof shopifyHostSchema>;
export type EmbedHost = z.infer<typeof embedHostSchema>;

/** Reads EMBED_HOSTS (a JSON array); throws one readable error naming every bad field. Unset or empty: no hosts. */
export function parseEmbedHosts(raw: string | undefined): EmbedHost[] {
  if (raw === undefined || raw.trim() === "") return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(
      `Invalid configuration:\n  EMBED_HOSTS: not valid JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const parsed = embedHostsSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) =>
        `  EMBED_HOSTS${i.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("")}: ${i.message}`,
    );
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

/** The origins allowed to frame Baton for one host. */
function hostOrigins(host: EmbedHost): string[] {
  if (host.kind === "jwt") return [host.origin];
  return host.origins ?? [`https://${host.shop}`, SHOPIFY_ADMIN_ORIGIN];
}

/** `frame-ancestors` for every HTML answer: exactly the configured hosts' origins (none: embedding is off). */
export function embedFrameAncestors(hosts: readonly EmbedHost[]): string[] {
  return [...new Set(hosts.flatMap(hostOrigins))];
}

/** Scripts from elsewhere that the SPA's pages may load: App Bridge, when a Shopify host uses it. */
export function embedScriptSources(hosts: readonly EmbedHost[]): string[] {
  return hosts.some((h) => h.kind === "shopify" && h.appBridge) ? [APP_BRIDGE_URL] : [];
}

/** What GET /api/embed/config tells the SPA about a host (never a secret). */
export function publicHostConfig(host: EmbedHost): Omit<EmbedConfig, "adminUrl"> {
  return {
    host: host.id,
    kind: host.kind,
    origins: hostOrigins(host),
    appBridge: host.kind === "shopify" && host.appBridge,
    shop: host.kind === "shopify" ? host.shop : null,
  };
}

const escapeAttribute = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/**
 * The SPA's page for /embed/<host>/…: for a Shopify host with App Bridge, its api-key meta tag and its script first in
 * <head> (App Bridge must load before any other script, synchronously); the page as it is otherwise.
 */
export function embedPageHtml(hosts: readonly EmbedHost[], hostId: string, indexHtml: string): string {
  const host = hosts.find((h) => h.id === hostId);
  if (host?.kind !== "shopify" || !host.appBridge) return indexHtml;
  const tags = `<meta name="shopify-api-key" content="${escapeAttribute(host.apiKey)}" />\n    <script src="${APP_BRIDGE_URL}"></script>`;
  return indexHtml.replace(/<head>/i, `<head>\n    ${tags}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Shopify: back into the admin

/**
 * Shopify opened Baton at the top level (not in its admin) with a `host` parameter: base64 of the admin's address,
 * "admin.shopify.com/store/<name>" or the older "<shop>/admin". The address to send the user back to, only when the
 * decoded host is the configured shop's admin; anything else (another shop, another site, a path trick) is refused.
 */
export function shopifyAdminUrl(host: EmbedHost, encodedHost: string): string {
  if (host.kind !== "shopify")
    throw new AppError(400, "embed_not_shopify", `The host "${host.id}" is not a Shopify shop.`);
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encodedHost))
    throw new AppError(400, "embed_bad_return", "The host parameter is not base64.");
  const decoded = Buffer.from(encodedHost.replace(/-/g, "+").replace(/_/g, "/"), "base64").toString("utf8");
  const store = host.shop.replace(/\.myshopify\.com$/, "");
  const admin = `admin.shopify.com/store/${store}`;
  const legacy = `${host.shop}/admin`;
  if (decoded !== admin && decoded !== legacy) {
    throw new AppError(
      400,
      "embed_bad_return",
      `The host parameter does not point at ${host.shop}'s admin; Baton will not redirect there.`,
    );
  }
  return `https://${decoded}/apps/${encodeURIComponent(host.apiKey)}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Token verification

/** Who a host's token says the user is. */
export interface HostIdentity {
  host: EmbedHost;
  subject: string;
  name: string | null;
  /** What the replay table keys this token by: its jti, or a hash of the whole token when it has none. */
  useId: string;
  /** Until when (ms) the token could still pass verification: the replay record is kept that long. */
  usableUntil: number;
}

const refuse = (code: string, message: string) => new AppError(401, code, message);

/** jose's verdict as a refusal a host developer can act on. */
function refusalOf(error: unknown, host: EmbedHost): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof errors.JWTExpired) {
    return error.claim === "iat"
      ? refuse(
          "embed_token_too_old",
          `The host's token was issued more than ${MAX_TOKEN_AGE_S} seconds ago; sign a fresh one for each sign-in.`,
        )
      : refuse("embed_token_expired", "The host's token has expired (exp is in the past).");
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === "missing")
      return refuse("embed_token_claims", `The host's token lacks the "${error.claim}" claim.`);
    switch (error.claim) {
      case "nbf":
        return refuse(
          "embed_token_not_yet_valid",
          "The host's token is not valid yet (nbf is in the future).",
        );
      case "iat":
        return refuse(
          "embed_token_not_yet_valid",
          "The host's token was issued in the future (iat); check the host's clock.",
        );
      case "aud":
        return refuse(
          "embed_token_audience",
          `The host's token is not meant for Baton (aud must be "${host.kind === "jwt" ? host.audience : host.apiKey}").`,
        );
      case "iss":
        return refuse(
          "embed_token_issuer",
          "The host's token comes from an issuer that is not on this host's allow-list (iss).",
        );
      default:
        return refuse("embed_token_claims", `The host's token has an unusable "${error.claim}" claim.`);
    }
  }
  if (error instanceof errors.JOSEAlgNotAllowed)
    return refuse(
      "embed_token_algorithm",
      `The host's token is signed with an algorithm this host may not use (allowed: ${algorithmsOf(host).join(", ")}).`,
    );
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return refuse(
      "embed_token_signature",
      "The host's token signature does not verify with this host's key.",
    );
  }
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new AppError(
      503,
      "embed_keys_unavailable",
      "Baton could not read this host's public keys (JWKS); try again shortly.",
    );
  }
  if (error instanceof errors.JOSEError)
    return refuse("embed_token_malformed", "The host's token is not a valid signed JWT.");
  return new AppError(
    503,
    "embed_keys_unavailable",
    "Baton could not check the host's token right now; try again shortly.",
  );
}

function algorithmsOf(host: EmbedHost): string[] {
  if (host.kind === "shopify") return ["HS256"];
  return host.algorithms ?? (host.secret !== undefined ? ["HS256"] : ["RS256", "ES256"]);
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("base64url");

/** Verifies host tokens: algorithm pinned, issuer allow-listed, audience Baton's, ±10 s of clock, at most 2 min old. */
export class HostTokenVerifier {
  readonly #keys = new Map<string, Uint8Array | JWTVerifyGetKey>();

  constructor(private readonly options: { fetch?: typeof fetch } = {}) {}

  #keyOf(host: EmbedHost): Uint8Array | JWTVerifyGetKey {
    let key = this.#keys.get(host.id);
    if (!key) {
      if (host.kind === "shopify") key = new TextEncoder().encode(host.apiSecret);
      else if (host.secret !== undefined) key = new TextEncoder().encode(host.secret);
      else if (host.jwksUrl !== undefined) {
        const fetchImpl = this.options.fetch;
        key = createRemoteJWKSet(new URL(host.jwksUrl), {
          timeoutDuration: 5_000,
          cooldownDuration: 30_000,
          cacheMaxAge: 10 * 60_000,
          ...(fetchImpl ? { [customFetch]: (url: string, init: RequestInit) => fetchImpl(url, init) } : {}),
        });
      } else
        throw new AppError(500, "internal", `The host "${host.id}" has neither a secret nor a JWKS URL.`);
      this.#keys.set(host.id, key);
    }
    return key;
  }

  async verify(host: EmbedHost, token: string, now: number): Promise<HostIdentity> {
    const key = this.#keyOf(host);
    const options = {
      algorithms: algorithmsOf(host),
      issuer: host.kind === "jwt" ? host.issuer : `https://${host.shop}/admin`,
      audience: host.kind === "jwt" ? host.audience : host.apiKey,
      clockTolerance: CLOCK_TOLERANCE_S,
      maxTokenAge: MAX_TOKEN_AGE_S,
      currentDate: new Date(now),
      requiredClaims: ["exp", "iat", "sub"],
    };
    let payload: JWTPayload;
    try {
      payload = (
        typeof key === "function"
          ? await jwtVerify(token, key, options)
          : await jwtVerify(token, key, options)
      ).payload;
    } catch (error) {
      throw refusalOf(error, host);
    }
    if (host.kind === "shopify" && payload.dest !== `https://${host.shop}`) {
      throw refuse(
        "embed_token_shop",
        `The Shopify token is for another shop (dest must be https://${host.shop}).`,
      );
    }
    const subject = typeof payload.sub === "string" ? payload.sub.trim() : "";
    if (!subject || subject.length > 255 || !noNul(subject))
      throw refuse(
        "embed_token_claims",
        "The host's token has no usable \"sub\" (the user's id at the host).",
      );
    const exp = (payload.exp ?? 0) * 1000;
    const iat = (payload.iat ?? 0) * 1000;
    const jti = typeof payload.jti === "string" && payload.jti.length > 0 ? payload.jti : null;
    return {
      host,
      subject,
      name: nameOf(payload),
      useId: sha256(`${host.id}\u0000${jti ? `jti\u0000${jti}` : `token\u0000${token}`}`),
      usableUntil: Math.min(exp, iat + MAX_TOKEN_AGE_S * 1000) + CLOCK_TOLERANCE_S * 1000,
    };
  }
}

function nameOf(payload: JWTPayload): string | null {
  const raw =
    typeof payload.name === "string"
      ? payload.name
      : typeof payload.email === "string"
        ? payload.email
        : null;
  const name = raw?.trim().slice(0, 80) ?? "";
  return name && noNul(name) ? name : null;
}

// ---------------------------------------------------------------------------------------------------------------
// Sign-in

export interface EmbeddedSignInDeps {
  db: Queryable;
  sessions: SessionStore;
  hosts: readonly EmbedHost[];
  verifier?: HostTokenVerifier;
}

export interface EmbeddedSessionStarted {
  token: string;
  agent: Me;
  expiresAt: number;
  /** Whether this sign-in created the agent. */
  created: boolean;
  conversationId: string | null;
}

/** A host's token in, a short Baton bearer session out: verify, refuse replays, find or create the agent, audit. */
export class EmbeddedSignIn {
  readonly #verifier: HostTokenVerifier;
  constructor(private readonly deps: EmbeddedSignInDeps) {
    this.#verifier = deps.verifier ?? new HostTokenVerifier();
  }

  host(id: string): EmbedHost {
    const host = this.deps.hosts.find((h) => h.id === id);
    if (!host)
      throw new AppError(404, "embed_unknown_host", `No embedding host "${id}" is configured (EMBED_HOSTS).`);
    return host;
  }

  async exchange(args: {
    hostId: string;
    token: string;
    conversationId?: string;
    now: number;
    ip: string | null;
    userAgent: string | null;
  }): Promise<EmbeddedSessionStarted> {
    const host = this.host(args.hostId);
    const identity = await this.#verifier.verify(host, args.token, args.now);
    await this.#spend(identity, args.now);
    const { agent, created } = await this.#agentFor(identity, args.now);
    const session = await this.deps.sessions.create({
      agentId: agent.id,
      via: "bearer",
      now: args.now,
      ip: args.ip,
      userAgent: args.userAgent,
      absoluteMs: BEARER_SESSION_MS,
    });
    await audit(this.deps.db, {
      at: args.now,
      actorId: agent.id,
      action: "embedded_sign_in",
      target: agent.id,
      detail: { host: host.id, kind: host.kind, created },
      ip: args.ip,
    });
    return {
      token: session.token,
      agent,
      expiresAt: session.expiresAt,
      created,
      conversationId: await this.#checkedConversation(args.conversationId),
    };
  }

  /** Each bootstrap token signs in once: its id is kept until it could no longer pass verification anyway. */
  async #spend(identity: HostIdentity, now: number): Promise<void> {
    await this.deps.db.query("delete from embedded_token_uses where expires_at <= $1", [now]);
    const rows = await this.deps.db.query(
      "insert into embedded_token_uses (id, expires_at) values ($1, $2) on conflict (id) do nothing returning id",
      [identity.useId, identity.usableUntil],
    );
    if (rows.length === 0)
      throw refuse(
        "embed_token_replayed",
        "This host token was already used to sign in; ask the host for a fresh one.",
      );
  }

  async #agentFor(identity: HostIdentity, now: number): Promise<{ agent: Me; created: boolean }> {
    const { host, subject } = identity;
    const found = await this.#find(host.id, subject);
    if (found) {
      if (!found.active)
        throw new AppError(
          403,
          "embed_account_inactive",
          "This account has been deactivated in Baton; ask a Baton admin.",
        );
      return { agent: found.agent, created: false };
    }
    if (host.provisioning === "refuse") {
      throw new AppError(
        403,
        "embed_no_account",
        `This ${host.kind === "shopify" ? "Shopify staff member" : "user"} has no Baton account, and this host may not create one; ask a Baton admin.`,
      );
    }
    const name =
      identity.name ??
      (host.kind === "shopify"
        ? `${host.shop.replace(/\.myshopify\.com$/, "")} staff ${subject}`
        : `${host.id} user ${subject}`);
    try {
      await createAccount(this.deps.db, {
        name: name.slice(0, 80),
        email: null,
        role: host.role,
        passwordHash: null,
        now,
        externalHost: host.id,
        externalSubject: subject,
      });
    } catch (error) {
      // Two first sign-ins at once: the other created the account (unique external_host, external_subject).
      if (!(await this.#find(host.id, subject))) throw error;
    }
    const again = await this.#find(host.id, subject);
    if (!again) throw new AppError(500, "internal", "The new account could not be read back.");
    return { agent: again.agent, created: true };
  }

  async #find(hostId: string, subject: string): Promise<{ agent: Me; active: boolean } | null> {
    const [row] = await this.deps.db.query<{
      id: string;
      name: string;
      email: string | null;
      role: Me["role"];
      active: boolean;
    }>(
      "select id, name, email, role, active from agents where external_host = $1 and external_subject = $2",
      [hostId, subject],
    );
    return row
      ? { agent: { id: row.id, name: row.name, email: row.email, role: row.role }, active: row.active }
      : null;
  }

  /** The host's conversation is a hint: it stands only when Baton has that conversation. */
  async #checkedConversation(id: string | undefined): Promise<string | null> {
    if (!id) return null;
    const [row] = await this.deps.db.query<{ id: string }>("select id from conversations where id = $1", [
      id,
    ]);
    return row?.id ?? null;
  }
}
