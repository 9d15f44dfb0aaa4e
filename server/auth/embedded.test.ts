import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload } from "jose";
import { Hono } from "hono";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { embedConfig, embedSession } from "../../contract/embed.ts";
import { ManualClock } from "../clock.ts";
import { openDatabase, type Database } from "../db/database.ts";
import { migrate } from "../db/migrations.ts";
import { AppError } from "../errors.ts";
import { embedPages, embedRoutes } from "../http/embed-routes.ts";
import {
  APP_BRIDGE_URL,
  embedFrameAncestors,
  embedPageHtml,
  embedScriptSources,
  EmbeddedSignIn,
  HostTokenVerifier,
  parseEmbedHosts,
  shopifyAdminUrl,
  type EmbedHost,
} from "./embedded.ts";
import { policyOf, type AuthEnv } from "./policy.ts";
import { SessionStore } from "./sessions.ts";
import { startHarness, type Harness } from "../testing/harness.ts";
import { createBaton } from "../baton.ts";
import { loadConfig } from "../config.ts";
import { silentLogger } from "../logger.ts";

const NOW = Date.UTC(2026, 10, 1, 9, 0, 0);
const sec = (ms: number) => Math.floor(ms / 1000);
const SECRET = "a-shared-secret-of-at-least-32-characters!";
const SHOP_SECRET = "shpss_0123456789abcdef0123456789abcdef";
const SHOP = "lumen-and-loom.myshopify.com";
const enc = (s: string) => new TextEncoder().encode(s);

const HOSTS_JSON = JSON.stringify([
  {
    id: "helpdesk",
    kind: "jwt",
    origin: "https://desk.example.com",
    issuer: ["https://desk.example.com"],
    audience: "baton",
    secret: SECRET,
    provisioning: "create",
    role: "agent",
  },
  {
    id: "strict",
    kind: "jwt",
    origin: "https://strict.example.com",
    issuer: "https://strict.example.com",
    audience: "baton",
    secret: SECRET,
    provisioning: "refuse",
    role: "agent",
  },
  {
    id: "keys",
    kind: "jwt",
    origin: "https://keys.example.com",
    issuer: "https://keys.example.com",
    audience: "baton",
    jwksUrl: "https://keys.example.com/.well-known/jwks.json",
    provisioning: "create",
    role: "manager",
  },
  {
    id: "shop",
    kind: "shopify",
    shop: SHOP,
    apiKey: "client-id-123",
    apiSecret: SHOP_SECRET,
    provisioning: "create",
    role: "agent",
  },
]);

/** A token as a generic host signs one: HS256, the right issuer and audience, issued now, valid a minute. */
function hostToken(
  claims: JWTPayload = {},
  options: { secret?: string; iat?: number; exp?: number; nbf?: number } = {},
) {
  const iat = options.iat ?? sec(NOW);
  const jwt = new SignJWT({ sub: "user-7", name: "Dana Host", jti: crypto.randomUUID(), ...claims })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(typeof claims.iss === "string" ? claims.iss : "https://desk.example.com")
    .setAudience(typeof claims.aud === "string" ? claims.aud : "baton")
    .setIssuedAt(iat)
    .setExpirationTime(options.exp ?? iat + 60);
  if (options.nbf !== undefined) jwt.setNotBefore(options.nbf);
  return jwt.sign(enc(options.secret ?? SECRET));
}

/** A Shopify session (ID) token: HS256 with the app secret, iss the shop's /admin, dest the shop, aud the client id. */
function shopifyToken(claims: JWTPayload = {}, secret = SHOP_SECRET) {
  const iat = sec(NOW);
  return new SignJWT({
    iss: `https://${SHOP}/admin`,
    dest: `https://${SHOP}`,
    aud: "client-id-123",
    sub: "90210",
    exp: iat + 60,
    nbf: iat,
    iat,
    jti: crypto.randomUUID(),
    sid: "s-1",
    ...claims,
  })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .sign(enc(secret));
}

describe("EMBED_HOSTS", () => {
  it("reads generic and Shopify hosts", () => {
    const hosts = parseEmbedHosts(HOSTS_JSON);
    expect(hosts.map((h) => h.id)).toEqual(["helpdesk", "strict", "keys", "shop"]);
  });

  it("is empty when unset, so embedding is off", () => {
    expect(parseEmbedHosts(undefined)).toEqual([]);
    expect(embedFrameAncestors(parseEmbedHosts(undefined))).toEqual([]);
  });

  it.each([
    ["not JSON", "[{", /EMBED_HOSTS: not valid JSON/],
    [
      "neither secret nor JWKS",
      [
        {
          id: "a",
          kind: "jwt",
          origin: "https://a.example",
          issuer: "i",
          audience: "baton",
          provisioning: "create",
          role: "agent",
        },
      ],
      /exactly one of secret/,
    ],
    [
      "both secret and JWKS",
      [
        {
          id: "a",
          kind: "jwt",
          origin: "https://a.example",
          issuer: "i",
          audience: "baton",
          secret: SECRET,
          jwksUrl: "https://a.example/jwks",
          provisioning: "create",
          role: "agent",
        },
      ],
      /exactly one of secret/,
    ],
    [
      "a short secret",
      [
        {
          id: "a",
          kind: "jwt",
          origin: "https://a.example",
          issuer: "i",
          audience: "baton",
          secret: "short",
          provisioning: "create",
          role: "agent",
        },
      ],
      /EMBED_HOSTS\[0\]\.secret: Use a secret of at least 32/,
    ],
    [
      "RS256 with a shared secret",
      [
        {
          id: "a",
          kind: "jwt",
          origin: "https://a.example",
          issuer: "i",
          audience: "baton",
          secret: SECRET,
          algorithms: ["RS256"],
          provisioning: "create",
          role: "agent",
        },
      ],
      /RS256 cannot be used with a shared secret/,
    ],
    [
      "the none algorithm",
      [
        {
          id: "a",
          kind: "jwt",
          origin: "https://a.example",
          issuer: "i",
          audience: "baton",
          secret: SECRET,
          algorithms: ["none"],
          provisioning: "create",
          role: "agent",
        },
      ],
      /algorithms/,
    ],
    [
      "a wildcard origin",
      [
        {
          id: "a",
          kind: "jwt",
          origin: "https://*.example.com",
          issuer: "i",
          audience: "baton",
          secret: SECRET,
          provisioning: "create",
          role: "agent",
        },
      ],
      /wildcards are not allowed/,
    ],
    [
      "an origin with a path",
      [
        {
          id: "a",
          kind: "jwt",
          origin: "https://a.example/admin",
          issuer: "i",
          audience: "baton",
          secret: SECRET,
          provisioning: "create",
          role: "agent",
        },
      ],
      /origin only/,
    ],
    [
      "plain http on the internet",
      [
        {
          id: "a",
          kind: "jwt",
          origin: "http://a.example",
          issuer: "i",
          audience: "baton",
          secret: SECRET,
          provisioning: "create",
          role: "agent",
        },
      ],
      /must use https/,
    ],
    [
      "a shop that is not a myshopify domain",
      [
        {
          id: "s",
          kind: "shopify",
          shop: "evil.com",
          apiKey: "k",
          apiSecret: SHOP_SECRET,
          provisioning: "create",
          role: "agent",
        },
      ],
      /permanent domain/,
    ],
    [
      "an unknown provisioning",
      [
        {
          id: "s",
          kind: "shopify",
          shop: SHOP,
          apiKey: "k",
          apiSecret: SHOP_SECRET,
          provisioning: "maybe",
          role: "agent",
        },
      ],
      /provisioning/,
    ],
    [
      "a field nobody reads",
      [
        {
          id: "s",
          kind: "shopify",
          shop: SHOP,
          apiKey: "k",
          apiSecret: SHOP_SECRET,
          provisioning: "create",
          role: "agent",
          secret: SECRET,
        },
      ],
      /secret/,
    ],
    [
      "the same id twice",
      [
        {
          id: "s",
          kind: "shopify",
          shop: SHOP,
          apiKey: "k",
          apiSecret: SHOP_SECRET,
          provisioning: "create",
          role: "agent",
        },
        {
          id: "s",
          kind: "shopify",
          shop: SHOP,
          apiKey: "k",
          apiSecret: SHOP_SECRET,
          provisioning: "create",
          role: "agent",
        },
      ],
      /used twice/,
    ],
  ])("refuses %s with a readable error", (_name, value, message) => {
    expect(() => parseEmbedHosts(typeof value === "string" ? value : JSON.stringify(value))).toThrow(message);
  });

  it("lets exactly the hosts' origins frame Baton; a Shopify shop alone with Shopify's admin, never a wildcard", () => {
    const hosts = parseEmbedHosts(HOSTS_JSON);
    expect(embedFrameAncestors(hosts)).toEqual([
      "https://desk.example.com",
      "https://strict.example.com",
      "https://keys.example.com",
      `https://${SHOP}`,
      "https://admin.shopify.com",
    ]);
    const local = parseEmbedHosts(
      JSON.stringify([
        {
          id: "s",
          kind: "shopify",
          shop: SHOP,
          apiKey: "k",
          apiSecret: SHOP_SECRET,
          provisioning: "create",
          role: "agent",
          origins: ["http://localhost:3001"],
          appBridge: false,
        },
      ]),
    );
    expect(embedFrameAncestors(local)).toEqual(["http://localhost:3001"]);
    expect(embedScriptSources(local)).toEqual([]);
    expect(embedScriptSources(hosts)).toEqual([APP_BRIDGE_URL]);
  });

  it("puts App Bridge first in the page only for a Shopify host that uses it", () => {
    const hosts = parseEmbedHosts(HOSTS_JSON);
    const index =
      '<!doctype html><html><head><script type="module" src="/assets/app.js"></script></head></html>';
    const shop = embedPageHtml(hosts, "shop", index);
    expect(shop.indexOf(APP_BRIDGE_URL)).toBeLessThan(shop.indexOf("/assets/app.js"));
    expect(shop).toContain('<meta name="shopify-api-key" content="client-id-123" />');
    expect(embedPageHtml(hosts, "helpdesk", index)).toBe(index);
    expect(embedPageHtml(hosts, "nobody", index)).toBe(index);
  });
});

describe("Shopify: back into the admin", () => {
  const shop = parseEmbedHosts(HOSTS_JSON).find((h) => h.id === "shop") as EmbedHost;
  const b64 = (s: string) => Buffer.from(s).toString("base64");

  it("sends the user back to the configured shop's admin (both host forms)", () => {
    expect(shopifyAdminUrl(shop, b64("admin.shopify.com/store/lumen-and-loom"))).toBe(
      "https://admin.shopify.com/store/lumen-and-loom/apps/client-id-123",
    );
    expect(shopifyAdminUrl(shop, b64(`${SHOP}/admin`).replace(/=+$/, ""))).toBe(
      `https://${SHOP}/admin/apps/client-id-123`,
    );
  });

  it.each([
    ["another site", "evil.example.com"],
    ["another shop", "admin.shopify.com/store/other-shop"],
    ["a path that climbs out", "admin.shopify.com/store/lumen-and-loom/../../evil"],
    ["credentials to another host", "admin.shopify.com/store/lumen-and-loom@evil.example.com"],
    ["another host after a slash", "evil.example.com/admin.shopify.com/store/lumen-and-loom"],
    ["a protocol-relative address", "//evil.example.com"],
    ["a longer shop name", "admin.shopify.com/store/lumen-and-loom-evil"],
    ["a look-alike legacy host", `${SHOP}.evil.example.com/admin`],
  ])("refuses an open redirect to %s", (_name, decoded) => {
    expect(() => shopifyAdminUrl(shop, b64(decoded))).toThrow(
      /does not point at lumen-and-loom.myshopify.com's admin/,
    );
  });

  it("refuses a host parameter that is not base64, and a host that is not Shopify", () => {
    expect(() => shopifyAdminUrl(shop, "https://evil.example.com")).toThrow(/not base64/);
    const generic = parseEmbedHosts(HOSTS_JSON).find((h) => h.id === "helpdesk") as EmbedHost;
    expect(() => shopifyAdminUrl(generic, b64("admin.shopify.com/store/lumen-and-loom"))).toThrow(
      /not a Shopify shop/,
    );
  });
});

describe("embedded sign-in", () => {
  let db: Database;
  let sessions: SessionStore;
  let signIn: EmbeddedSignIn;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  const clock = new ManualClock(NOW);
  const hosts = parseEmbedHosts(HOSTS_JSON);

  beforeAll(async () => {
    db = await openDatabase("memory:");
    await migrate(db);
    sessions = new SessionStore(db, "session-secret-for-tests", {
      idleMs: 3_600_000,
      absoluteMs: 86_400_000,
    });
    rsa = await generateKeyPair("RS256");
    const jwk = { ...(await exportJWK(rsa.publicKey)), kid: "k1", alg: "RS256", use: "sig" };
    // The "keys" host's JWKS, served without a network.
    const verifier = new HostTokenVerifier({ fetch: async () => Response.json({ keys: [jwk] }) });
    signIn = new EmbeddedSignIn({ db, sessions, hosts, verifier });
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    clock.set(NOW);
    await db.query("delete from sessions");
    await db.query("delete from embedded_token_uses");
    await db.query("delete from audit_log");
    await db.query("delete from agents");
  });

  const exchange = (hostId: string, token: string, extra: { conversationId?: string } = {}) =>
    signIn.exchange({
      hostId,
      token,
      now: clock.now().getTime(),
      ip: "203.0.113.9",
      userAgent: "test",
      ...extra,
    });

  /** The refusal's code and message, for one assertion per case. */
  async function refusal(
    promise: Promise<unknown>,
  ): Promise<{ status: number; code: string; message: string }> {
    try {
      await promise;
    } catch (error) {
      if (error instanceof AppError)
        return { status: error.status, code: error.code, message: error.message };
      throw error;
    }
    throw new Error("the sign-in was accepted");
  }

  it("signs a host's user in with a short bearer session, creating the agent on first sight with the host's role", async () => {
    const started = await exchange("helpdesk", await hostToken());
    expect(started.created).toBe(true);
    expect(started.agent).toMatchObject({ name: "Dana Host", role: "agent", email: null });
    expect(started.expiresAt - NOW).toBe(15 * 60_000);
    const auth = await sessions.lookup(started.token, "bearer", NOW + 1000);
    expect(auth?.agent.id).toBe(started.agent.id);
    expect(await sessions.lookup(started.token, "cookie", NOW + 1000)).toBeNull();
    const [row] = await db.query<{
      external_host: string;
      external_subject: string;
      password_hash: string | null;
    }>("select external_host, external_subject, password_hash from agents where id = $1", [started.agent.id]);
    expect(row).toEqual({ external_host: "helpdesk", external_subject: "user-7", password_hash: null });
    const [entry] = await db.query<{ action: string; actor_id: string; ip: string }>(
      "select action, actor_id, ip from audit_log",
    );
    expect(entry).toEqual({ action: "embedded_sign_in", actor_id: started.agent.id, ip: "203.0.113.9" });
  });

  it("finds the same agent by (host, subject) on the next sign-in", async () => {
    const first = await exchange("helpdesk", await hostToken());
    const again = await exchange("helpdesk", await hostToken({ name: "Renamed" }));
    expect(again.created).toBe(false);
    expect(again.agent.id).toBe(first.agent.id);
  });

  it("keeps a host's subjects apart from another host's", async () => {
    const desk = await exchange("helpdesk", await hostToken({ sub: "90210" }));
    const shop = await exchange("shop", await shopifyToken({ sub: "90210" }));
    expect(shop.agent.id).not.toBe(desk.agent.id);
  });

  it("takes the conversation the host asks for only as a hint the server checks", async () => {
    await db.query(
      `insert into conversations (id, page_id, psid, status, owner, last_activity_at, state, created_at) values ('c-1', 'p', 'psid', 'open', 'baton', $1, '{}', $1)`,
      [NOW],
    );
    expect((await exchange("helpdesk", await hostToken(), { conversationId: "c-1" })).conversationId).toBe(
      "c-1",
    );
    expect(
      (await exchange("helpdesk", await hostToken(), { conversationId: "c-elsewhere" })).conversationId,
    ).toBeNull();
    await db.query("delete from conversations");
  });

  describe("refuses", () => {
    it("a forged signature", async () => {
      expect(
        await refusal(
          exchange("helpdesk", await hostToken({}, { secret: "another-secret-of-at-least-32-characters" })),
        ),
      ).toMatchObject({ status: 401, code: "embed_token_signature" });
    });

    it("an expired token", async () => {
      clock.set(NOW + 61_000 + 10_000 + 1000);
      expect(await refusal(exchange("helpdesk", await hostToken()))).toMatchObject({
        status: 401,
        code: "embed_token_expired",
        message: expect.stringMatching(/expired/),
      });
    });

    it("a token only a few seconds past exp, within the 10 s of clock tolerance, is still fine", async () => {
      clock.set(NOW + 65_000);
      expect((await exchange("helpdesk", await hostToken())).agent.name).toBe("Dana Host");
    });

    it("a token not yet valid (nbf beyond the tolerance)", async () => {
      expect(await refusal(exchange("helpdesk", await hostToken({}, { nbf: sec(NOW) + 30 })))).toMatchObject({
        status: 401,
        code: "embed_token_not_yet_valid",
      });
    });

    it("a token issued in the future (iat beyond the tolerance)", async () => {
      expect(await refusal(exchange("helpdesk", await hostToken({}, { iat: sec(NOW) + 60 })))).toMatchObject({
        status: 401,
        code: "embed_token_not_yet_valid",
        message: expect.stringMatching(/clock/),
      });
    });

    it("a token for another audience", async () => {
      expect(await refusal(exchange("helpdesk", await hostToken({ aud: "someone-else" })))).toMatchObject({
        status: 401,
        code: "embed_token_audience",
        message: expect.stringMatching(/aud must be "baton"/),
      });
    });

    it("a token from an issuer not on the allow-list", async () => {
      expect(
        await refusal(exchange("helpdesk", await hostToken({ iss: "https://evil.example.com" }))),
      ).toMatchObject({ status: 401, code: "embed_token_issuer" });
    });

    it("an unsigned token (alg none)", async () => {
      const none = new UnsecuredJWT({ sub: "user-7", jti: "n-1" })
        .setIssuer("https://desk.example.com")
        .setAudience("baton")
        .setIssuedAt(sec(NOW))
        .setExpirationTime(sec(NOW) + 60)
        .encode();
      expect(await refusal(exchange("helpdesk", none))).toMatchObject({
        status: 401,
        code: "embed_token_algorithm",
        message: expect.stringMatching(/allowed: HS256/),
      });
    });

    it("an RS256 token where HS256 is pinned", async () => {
      const rs = await new SignJWT({ sub: "user-7", jti: "r-1" })
        .setProtectedHeader({ alg: "RS256" })
        .setIssuer("https://desk.example.com")
        .setAudience("baton")
        .setIssuedAt(sec(NOW))
        .setExpirationTime(sec(NOW) + 60)
        .sign(rsa.privateKey);
      expect(await refusal(exchange("helpdesk", rs))).toMatchObject({
        status: 401,
        code: "embed_token_algorithm",
      });
    });

    it("an HS256 token signed with a JWKS host's public key as the secret (key confusion)", async () => {
      const publicPem = JSON.stringify(await exportJWK(rsa.publicKey));
      const confused = await new SignJWT({ sub: "u", jti: "c-1" })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer("https://keys.example.com")
        .setAudience("baton")
        .setIssuedAt(sec(NOW))
        .setExpirationTime(sec(NOW) + 60)
        .sign(enc(publicPem));
      expect(await refusal(exchange("keys", confused))).toMatchObject({
        status: 401,
        code: "embed_token_algorithm",
      });
    });

    it("a token issued more than two minutes ago, even with a far exp", async () => {
      expect(
        await refusal(
          exchange("helpdesk", await hostToken({}, { iat: sec(NOW) - 150, exp: sec(NOW) + 3600 })),
        ),
      ).toMatchObject({ status: 401, code: "embed_token_too_old" });
    });

    it("a token without exp or sub", async () => {
      const noExp = await new SignJWT({ sub: "user-7" })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer("https://desk.example.com")
        .setAudience("baton")
        .setIssuedAt(sec(NOW))
        .sign(enc(SECRET));
      expect(await refusal(exchange("helpdesk", noExp))).toMatchObject({
        status: 401,
        code: "embed_token_claims",
        message: expect.stringMatching(/"exp"/),
      });
      const noSub = await new SignJWT({})
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer("https://desk.example.com")
        .setAudience("baton")
        .setIssuedAt(sec(NOW))
        .setExpirationTime(sec(NOW) + 60)
        .sign(enc(SECRET));
      expect(await refusal(exchange("helpdesk", noSub))).toMatchObject({
        status: 401,
        code: "embed_token_claims",
        message: expect.stringMatching(/"sub"/),
      });
    });

    it("garbage that is not a JWT", async () => {
      expect(await refusal(exchange("helpdesk", "not.a.jwt-at-all-really"))).toMatchObject({
        status: 401,
        code: "embed_token_malformed",
      });
    });

    it("a replayed token (by its jti)", async () => {
      const token = await hostToken();
      await exchange("helpdesk", token);
      expect(await refusal(exchange("helpdesk", token))).toMatchObject({
        status: 401,
        code: "embed_token_replayed",
        message: expect.stringMatching(/already used/),
      });
    });

    it("a replayed token without a jti (by its hash), and another token reusing a spent jti", async () => {
      const noJti = await new SignJWT({ sub: "user-7" })
        .setProtectedHeader({ alg: "HS256" })
        .setIssuer("https://desk.example.com")
        .setAudience("baton")
        .setIssuedAt(sec(NOW))
        .setExpirationTime(sec(NOW) + 60)
        .sign(enc(SECRET));
      await exchange("helpdesk", noJti);
      expect(await refusal(exchange("helpdesk", noJti))).toMatchObject({ code: "embed_token_replayed" });
      await exchange("helpdesk", await hostToken({ jti: "same" }));
      expect(
        await refusal(exchange("helpdesk", await hostToken({ jti: "same", name: "Other" }))),
      ).toMatchObject({ code: "embed_token_replayed" });
    });

    it("a spent token after its record is purged, because it is then too old anyway", async () => {
      const token = await hostToken({}, { exp: sec(NOW) + 3600 });
      await exchange("helpdesk", token);
      clock.set(NOW + 131_000);
      await exchange("helpdesk", await hostToken({}, { iat: sec(NOW) + 131 }));
      expect(await db.query("select id from embedded_token_uses")).toHaveLength(1);
      expect(await refusal(exchange("helpdesk", token))).toMatchObject({ code: "embed_token_too_old" });
    });

    it("an unknown host", async () => {
      expect(await refusal(exchange("nobody", await hostToken()))).toMatchObject({
        status: 404,
        code: "embed_unknown_host",
      });
    });

    it("a user the host may not create (provisioning refuse), until an admin links an account", async () => {
      const strict = (claims: JWTPayload = {}) => hostToken({ iss: "https://strict.example.com", ...claims });
      expect(await refusal(exchange("strict", await strict()))).toMatchObject({
        status: 403,
        code: "embed_no_account",
      });
      expect(await db.query("select id from agents")).toEqual([]);
      await db.query(
        "insert into agents (id, name, role, created_at, external_host, external_subject) values ('ag_linked', 'Linked', 'manager', $1, 'strict', 'user-7')",
        [NOW],
      );
      expect((await exchange("strict", await strict())).agent).toMatchObject({
        id: "ag_linked",
        role: "manager",
      });
    });

    it("a deactivated agent", async () => {
      const { agent } = await exchange("helpdesk", await hostToken());
      await db.query("update agents set active = false where id = $1", [agent.id]);
      expect(await refusal(exchange("helpdesk", await hostToken()))).toMatchObject({
        status: 403,
        code: "embed_account_inactive",
      });
    });
  });

  describe("JWKS hosts", () => {
    it("accepts an RS256 token whose key is in the host's JWKS, with the host's role", async () => {
      const token = await new SignJWT({ sub: "k-user", jti: "k-1" })
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .setIssuer("https://keys.example.com")
        .setAudience("baton")
        .setIssuedAt(sec(NOW))
        .setExpirationTime(sec(NOW) + 60)
        .sign(rsa.privateKey);
      expect((await exchange("keys", token)).agent.role).toBe("manager");
    });

    it("refuses a token signed by a key that is not in the JWKS", async () => {
      const other = await generateKeyPair("RS256");
      const token = await new SignJWT({ sub: "k-user", jti: "k-2" })
        .setProtectedHeader({ alg: "RS256", kid: "k1" })
        .setIssuer("https://keys.example.com")
        .setAudience("baton")
        .setIssuedAt(sec(NOW))
        .setExpirationTime(sec(NOW) + 60)
        .sign(other.privateKey);
      expect(await refusal(exchange("keys", token))).toMatchObject({
        status: 401,
        code: "embed_token_signature",
      });
    });
  });

  describe("Shopify session tokens", () => {
    it("sign the shop's staff in (sub is the user), named after the shop", async () => {
      const started = await exchange("shop", await shopifyToken());
      expect(started.agent).toMatchObject({ name: "lumen-and-loom staff 90210", role: "agent" });
    });

    it("refuse a token for another shop (dest)", async () => {
      expect(
        await refusal(exchange("shop", await shopifyToken({ dest: "https://other-shop.myshopify.com" }))),
      ).toMatchObject({
        status: 401,
        code: "embed_token_shop",
        message: expect.stringMatching(/another shop/),
      });
    });

    it("refuse a token issued by another shop's admin (iss)", async () => {
      expect(
        await refusal(
          exchange("shop", await shopifyToken({ iss: "https://other-shop.myshopify.com/admin" })),
        ),
      ).toMatchObject({ status: 401, code: "embed_token_issuer" });
    });

    it("refuse a token for another app (aud) or signed with another app's secret", async () => {
      expect(await refusal(exchange("shop", await shopifyToken({ aud: "another-app" })))).toMatchObject({
        code: "embed_token_audience",
      });
      expect(
        await refusal(exchange("shop", await shopifyToken({}, "shpss_ffffffffffffffffffffffffffffffff"))),
      ).toMatchObject({ code: "embed_token_signature" });
    });
  });

  describe("routes", () => {
    function app() {
      const root = new Hono<AuthEnv>();
      root.use("*", async (c, next) => {
        c.set("auth", null);
        c.set("clientIp", "198.51.100.4");
        await next();
      });
      root.onError((error, c) =>
        error instanceof AppError
          ? c.json({ error: { code: error.code, message: error.message } }, error.status)
          : c.json({ error: { code: "internal", message: String(error) } }, 500),
      );
      const verifier = new HostTokenVerifier();
      root.route("/api/embed", embedRoutes({ db, sessions, hosts, clock, verifier }));
      return root;
    }
    const post = (body: unknown) =>
      app().request("/api/embed/session", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });

    it("every route declares a policy", () => {
      const routes = embedRoutes({ db, sessions, hosts, clock }).routes;
      expect(routes.length).toBeGreaterThan(0);
      for (const r of routes) {
        const declared = routes
          .filter((x) => x.path === r.path && x.method === r.method)
          .some((x) => policyOf(x.handler) !== undefined);
        expect(declared, `${r.method} ${r.path}`).toBe(true);
      }
      const pages = embedPages({ hosts, indexHtml: "<html><head></head></html>" }).routes;
      for (const r of pages)
        expect(
          pages.some((x) => x.path === r.path && policyOf(x.handler) === "public"),
          r.path,
        ).toBe(true);
    });

    it("POST /session exchanges a host token for a bearer token (201) and audits it", async () => {
      const res = await post({ host: "helpdesk", token: await hostToken() });
      expect(res.status).toBe(201);
      const body = embedSession.parse(await res.json());
      expect(body.ttlMs).toBe(15 * 60_000);
      expect((await sessions.lookup(body.token, "bearer", NOW))?.agent.name).toBe("Dana Host");
      const [entry] = await db.query<{ ip: string }>(
        "select ip from audit_log where action = 'embedded_sign_in'",
      );
      expect(entry?.ip).toBe("198.51.100.4");
    });

    it("POST /session refuses with the reason and no session", async () => {
      const res = await post({ host: "helpdesk", token: await hostToken({ aud: "nope" }) });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: "embed_token_audience" } });
      expect(await db.query("select id from sessions")).toEqual([]);
      expect((await post({ host: "Not An Id", token: "x" })).status).toBe(400);
    });

    it("GET /config tells the SPA the host's origins and kind, never a secret", async () => {
      const res = await app().request("/api/embed/config?host=shop");
      const text = await res.text();
      expect(embedConfig.parse(JSON.parse(text))).toEqual({
        host: "shop",
        kind: "shopify",
        origins: [`https://${SHOP}`, "https://admin.shopify.com"],
        appBridge: true,
        shop: SHOP,
        adminUrl: null,
      });
      expect(text).not.toContain(SHOP_SECRET);
      expect((await app().request("/api/embed/config?host=nobody")).status).toBe(404);
    });

    it("GET /config says where to send a Shopify user back, only for the configured shop's admin", async () => {
      const ok = await app().request(
        `/api/embed/config?host=shop&shopifyHost=${Buffer.from("admin.shopify.com/store/lumen-and-loom").toString("base64")}`,
      );
      expect(await ok.json()).toMatchObject({
        adminUrl: "https://admin.shopify.com/store/lumen-and-loom/apps/client-id-123",
      });
      const evil = await app().request(
        `/api/embed/config?host=shop&shopifyHost=${Buffer.from("evil.example.com").toString("base64")}`,
      );
      expect(evil.status).toBe(400);
    });
  });
});

describe("embedded mode in the running Baton", () => {
  let h: Harness;
  const shopHost = {
    id: "shop",
    kind: "shopify",
    shop: SHOP,
    apiKey: "client-id-123",
    apiSecret: SHOP_SECRET,
    provisioning: "create",
    role: "agent",
    origins: ["http://localhost:3001"],
    appBridge: false,
  };
  beforeAll(async () => {
    h = await startHarness("memory:", { EMBED_HOSTS: JSON.stringify([shopHost]) });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("a bad EMBED_HOSTS stops start-up with a readable error", async () => {
    const config = loadConfig({
      DATABASE_URL: "memory:",
      LOG_LEVEL: "silent",
      EMBED_HOSTS: JSON.stringify([{ ...shopHost, origins: ["https://*.example.com"] }]),
    });
    await expect(createBaton({ config, logger: silentLogger, sweepIntervalMs: 0 })).rejects.toThrow(
      /EMBED_HOSTS\[0\]\.origins\[0\]: .*wildcards are not allowed/,
    );
  });

  it("lets exactly the configured origins frame its answers", async () => {
    const res = await h.baton.app.request("http://localhost/api/embed/config?host=shop");
    expect(res.headers.get("content-security-policy")).toMatch(
      /frame-ancestors http:\/\/localhost:3001(;|$)/,
    );
  });

  it("the bearer token from a host's token is a session for the API, with no cookie; the sign-in is audited", async () => {
    const now = h.authClock.now().getTime();
    const iat = sec(now);
    const token = await new SignJWT({
      iss: `https://${SHOP}/admin`,
      dest: `https://${SHOP}`,
      aud: "client-id-123",
      sub: "42",
      exp: iat + 60,
      nbf: iat,
      iat,
      jti: crypto.randomUUID(),
      sid: "s",
    })
      .setProtectedHeader({ alg: "HS256" })
      .sign(enc(SHOP_SECRET));
    const res = await h.baton.app.request("http://localhost/api/embed/session", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost" },
      body: JSON.stringify({ host: "shop", token }),
    });
    expect(res.status).toBe(201);
    const session = embedSession.parse(await res.json());
    const me = await h.baton.app.request("http://localhost/api/auth/session", {
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ agent: { id: session.agent.id }, via: "bearer" });
    const list = await h.baton.app.request("http://localhost/api/conversations?view=open", {
      headers: { authorization: `Bearer ${session.token}` },
    });
    expect(list.status).toBe(200);
    const replay = await h.baton.app.request("http://localhost/api/embed/session", {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost" },
      body: JSON.stringify({ host: "shop", token }),
    });
    expect(replay.status).toBe(401);
    expect(
      await h.baton.db.query("select action from audit_log where action = 'embedded_sign_in'"),
    ).toHaveLength(1);
  });
});
