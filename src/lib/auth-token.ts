/**
 * How API calls and the live stream prove who they are. Standalone, the browser's httpOnly session cookie does it
 * and this module holds nothing. Embedded in a host's iframe (no third-party cookies there), src/embed installs a
 * provider that returns a short-lived Baton bearer token, exchanged from the host's signed token.
 */
export interface BearerTokenProvider {
  /** A token to send now (cached until close to its end). */
  token(): Promise<string>;
  /** The server refused the token (401): drop it and fetch a fresh one next time. */
  invalidate(): void;
}

let provider: BearerTokenProvider | null = null;

export function setBearerTokenProvider(next: BearerTokenProvider | null): void {
  provider = next;
}

export function bearerTokenProvider(): BearerTokenProvider | null {
  return provider;
}

/** The Authorization header for the current request, if Baton runs embedded. */
export async function authHeaders(): Promise<Record<string, string>> {
  return provider ? { authorization: `Bearer ${await provider.token()}` } : {};
}
