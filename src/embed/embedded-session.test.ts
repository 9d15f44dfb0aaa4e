import { describe, expect, it, vi } from "vitest";
import { EmbeddedSession, EmbedSignInError, type TokenRequestReason } from "@/embed/embedded-session.ts";

const MINUTE = 60_000;

/** A stand-in for POST /api/embed/session: hands out token-1, token-2… or answers what `refuse` says. */
function server(refuse: (hostToken: string) => { status: number; code: string } | null = () => null) {
  const bodies: { host: string; token: string; conversationId?: string }[] = [];
  let issued = 0;
  const fetchImpl = vi.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as { host: string; token: string; conversationId?: string };
    bodies.push(body);
    const refusal = refuse(body.token);
    if (refusal)
      return Response.json(
        { error: { code: refusal.code, message: `refused: ${refusal.code}` } },
        { status: refusal.status },
      );
    issued++;
    return Response.json(
      {
        agent: { id: "ag_1", name: "Dana", email: null, role: "agent" },
        via: "bearer",
        token: `baton-token-${issued}`,
        ttlMs: 15 * MINUTE,
        expiresAt: new Date().toISOString(),
        conversationId: body.conversationId ?? null,
      },
      { status: 201 },
    );
  });
  return { fetchImpl, bodies };
}

function session(
  opts: {
    refuse?: Parameters<typeof server>[0];
    source?: (reason: TokenRequestReason) => Promise<string>;
    initial?: string | null;
    onFailed?: (reason: string) => void;
  } = {},
) {
  let now = 1_000_000;
  const reasons: TokenRequestReason[] = [];
  let n = 0;
  const source =
    opts.source ?? (async (reason: TokenRequestReason) => (reasons.push(reason), `host-token-${++n}`));
  const s = server(opts.refuse);
  const provider = new EmbeddedSession({
    hostId: "shop",
    source,
    initialHostToken: opts.initial ?? null,
    conversationId: "c-7",
    now: () => now,
    fetch: s.fetchImpl,
    ...(opts.onFailed ? { onFailed: opts.onFailed } : {}),
  });
  return { provider, reasons, bodies: s.bodies, advance: (ms: number) => (now += ms) };
}

describe("the embedded session", () => {
  it("signs in with the host's token, passing the conversation hint once", async () => {
    const { provider, bodies, reasons } = session();
    const started = await provider.start();
    expect(started.token).toBe("baton-token-1");
    expect(reasons).toEqual(["sign-in"]);
    expect(bodies[0]).toEqual({ host: "shop", token: "host-token-1", conversationId: "c-7" });
    expect(await provider.token()).toBe("baton-token-1");
  });

  it("uses the token Shopify put in the address for the first sign-in instead of asking", async () => {
    const { provider, bodies, reasons } = session({ initial: "from-the-url-token" });
    await provider.start();
    expect(reasons).toEqual([]);
    expect(bodies[0]?.token).toBe("from-the-url-token");
  });

  it("asks the host again before the Baton token ends, and once for many waiting requests", async () => {
    const { provider, reasons, bodies, advance } = session();
    await provider.start();
    advance(12 * MINUTE);
    expect(await provider.token()).toBe("baton-token-1");
    advance(2 * MINUTE);
    const tokens = await Promise.all([provider.token(), provider.token(), provider.token()]);
    expect(tokens).toEqual(["baton-token-2", "baton-token-2", "baton-token-2"]);
    expect(reasons).toEqual(["sign-in", "refresh"]);
    expect(bodies[1]).toEqual({ host: "shop", token: "host-token-2" });
  });

  it("gets a fresh token after the server refused the current one (invalidate)", async () => {
    const { provider, reasons } = session();
    await provider.start();
    provider.invalidate();
    expect(await provider.token()).toBe("baton-token-2");
    expect(reasons).toEqual(["sign-in", "expired"]);
  });

  it("tries once more with a fresh host token when one is refused on the way (replayed, expired)", async () => {
    const { provider, reasons } = session({
      refuse: (t) => (t === "host-token-1" ? { status: 401, code: "embed_token_replayed" } : null),
    });
    expect((await provider.start()).token).toBe("baton-token-1");
    expect(reasons).toEqual(["sign-in", "expired"]);
  });

  it("does not ask again when no token can help (no account), and says why", async () => {
    const onFailed = vi.fn();
    const { provider, reasons } = session({
      refuse: () => ({ status: 403, code: "embed_no_account" }),
      onFailed,
    });
    const error = await provider.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbedSignInError);
    expect(error).toMatchObject({ code: "embed_no_account", permanent: true });
    expect(reasons).toEqual(["sign-in"]);
    expect(onFailed).toHaveBeenCalledWith("refused: embed_no_account");
  });

  it("fails when the host gives no token", async () => {
    const onFailed = vi.fn();
    const { provider } = session({
      source: () => Promise.reject(new Error("The host did not answer")),
      onFailed,
    });
    await expect(provider.token()).rejects.toThrow(/did not answer/);
    expect(onFailed).toHaveBeenCalledOnce();
  });
});
