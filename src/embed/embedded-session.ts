import { apiError } from "@contract/api.ts";
import { embedSession, type EmbedSession } from "@contract/embed.ts";
import type { BearerTokenProvider } from "@/lib/auth-token.ts";

export type TokenRequestReason = "sign-in" | "refresh" | "expired";

/** Where fresh host tokens come from: App Bridge's idToken() in Shopify's admin, else the bridge's token request. */
export type HostTokenSource = (reason: TokenRequestReason) => Promise<string>;

/** The server refused the exchange (or could not be reached); `permanent` when asking the host again cannot help. */
export class EmbedSignInError extends Error {
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = "EmbedSignInError";
    this.status = status;
    this.code = code;
  }
  /** No account and no right to create one, a deactivated account, an unknown host: another token changes nothing. */
  get permanent(): boolean {
    return this.status === 403 || this.status === 404 || this.status === 400;
  }
}

export interface EmbeddedSessionOptions {
  hostId: string;
  source: HostTokenSource;
  /** A token the host already gave (Shopify's id_token parameter): used for the first sign-in only. */
  initialHostToken?: string | null;
  /** The conversation the host opened Baton on: a hint the server checks at sign-in. */
  conversationId?: string | null;
  /** Each new Baton session (the first, and each renewal). */
  onSession?: (session: EmbedSession) => void;
  /** No session could be had: the host refused, or its tokens were refused. */
  onFailed?: (reason: string) => void;
  now?: () => number;
  fetch?: typeof fetch;
}

/** Renew this long before the Baton token ends, so no request is sent with one about to lapse. */
const RENEW_MARGIN_MS = 2 * 60_000;

/**
 * A Baton bearer session for a framed Baton, exchanged from the host's signed token (POST /api/embed/session), kept
 * in memory only. It is the BearerTokenProvider that src/lib sends with every API call and the live stream: when the
 * token nears its end, or the server refused it (invalidate), it asks the host for a fresh signed token and
 * exchanges that. One renewal runs at a time, however many requests wait for it.
 */
export class EmbeddedSession implements BearerTokenProvider {
  readonly #options: EmbeddedSessionOptions;
  #current: { session: EmbedSession; renewAt: number } | null = null;
  #renewal: Promise<EmbedSession> | null = null;
  #initialToken: string | null;
  #signedInOnce = false;

  constructor(options: EmbeddedSessionOptions) {
    this.#options = options;
    this.#initialToken = options.initialHostToken ?? null;
  }

  get session(): EmbedSession | null {
    return this.#current?.session ?? null;
  }

  /** The first sign-in. */
  start(): Promise<EmbedSession> {
    return this.#renew("sign-in");
  }

  async token(): Promise<string> {
    const current = this.#current;
    if (current && this.#now() < current.renewAt) return current.session.token;
    const session = await this.#renew(current ? "refresh" : this.#signedInOnce ? "expired" : "sign-in");
    return session.token;
  }

  invalidate(): void {
    this.#current = null;
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }

  #renew(reason: TokenRequestReason): Promise<EmbedSession> {
    this.#renewal ??= this.#exchangeWithRetry(reason).finally(() => {
      this.#renewal = null;
    });
    return this.#renewal;
  }

  async #exchangeWithRetry(reason: TokenRequestReason): Promise<EmbedSession> {
    let lastError: unknown = null;
    // A refused token (expired on the way, already spent) gets one more try with a fresh one from the host.
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const hostToken =
          this.#initialToken ?? (await this.#options.source(attempt === 0 ? reason : "expired"));
        this.#initialToken = null;
        const startedAt = this.#now();
        const session = await this.#exchange(
          hostToken,
          this.#signedInOnce ? null : (this.#options.conversationId ?? null),
        );
        this.#signedInOnce = true;
        this.#current = {
          session,
          renewAt: startedAt + Math.max(0, session.ttlMs - Math.min(RENEW_MARGIN_MS, session.ttlMs / 4)),
        };
        this.#options.onSession?.(session);
        return session;
      } catch (error) {
        lastError = error;
        if (error instanceof EmbedSignInError && error.permanent) break;
      }
    }
    this.#current = null;
    const reasonText =
      lastError instanceof Error ? lastError.message : "Baton could not sign in through its host.";
    this.#options.onFailed?.(reasonText);
    throw lastError instanceof Error ? lastError : new Error(reasonText);
  }

  async #exchange(token: string, conversationId: string | null): Promise<EmbedSession> {
    const send = this.#options.fetch ?? fetch;
    let response: Response;
    try {
      response = await send(`${window.location.origin}/api/embed/session`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({
          host: this.#options.hostId,
          token,
          ...(conversationId ? { conversationId } : {}),
        }),
        credentials: "omit",
      });
    } catch {
      throw new EmbedSignInError(0, "network", "Baton could not be reached to sign in.");
    }
    let json: unknown = null;
    try {
      json = await response.json();
    } catch {
      json = null;
    }
    if (!response.ok) {
      const parsed = apiError.safeParse(json);
      throw parsed.success
        ? new EmbedSignInError(response.status, parsed.data.error.code, parsed.data.error.message)
        : new EmbedSignInError(
            response.status,
            "http_error",
            `Baton answered ${response.status} to the sign-in.`,
          );
    }
    const parsed = embedSession.safeParse(json);
    if (!parsed.success)
      throw new EmbedSignInError(response.status, "unexpected", "Baton's sign-in answer was not understood.");
    return parsed.data;
  }
}
