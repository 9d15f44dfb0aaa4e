import type { z } from "zod/mini";
import { apiError, type ApiError } from "@contract/api.ts";
import type {
  ApiRouteKey,
  JsonRouteKey,
  ResponseSchema,
  RouteBodyInput,
  RouteParams,
  RoutePath,
  RouteQueryInput,
  RouteResponse,
} from "@contract/routes.ts";
import { authHeaders, bearerTokenProvider } from "@/lib/auth-token.ts";

/** A non-2xx answer from the API, carrying the parsed apiError body (and the raw JSON for extra fields). */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly body: unknown;
  readonly issues: ApiError["error"]["issues"];
  /** Seconds the server asks to wait before trying again (Retry-After on a 429), when it says. */
  readonly retryAfterSeconds: number | null;
  constructor(
    status: number,
    code: string,
    message: string,
    body: unknown,
    issues?: ApiError["error"]["issues"],
    retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = "ApiRequestError";
    this.status = status;
    this.code = code;
    this.body = body;
    this.issues = issues;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

interface RequestOptions {
  method?: string;
  body?: unknown;
  signal?: AbortSignal;
  query?: unknown;
  /**
   * A public endpoint (auth status, sign-in, setup, one-time links, sign-out): a 401 there answers this request
   * (wrong password, no session) and does not mean the session ended.
   */
  publicEndpoint?: boolean;
}

/** A path of contract/routes.ts, with its `:name` parameters still in it. */
export type ApiPath = RoutePath<ApiRouteKey>;

/** The absolute address of an API path without parameters (the live stream), with its query. */
export function apiUrl(path: ApiPath, query?: object): string {
  return absoluteUrl(path, query);
}

function absoluteUrl(path: string, query?: unknown): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(typeof query === "object" && query !== null ? query : {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  // Absolute, so the same code runs in the browser and under Node's fetch in tests.
  return `${window.location.origin}${path}${qs ? `?${qs}` : ""}`;
}

// --- the end of a session ------------------------------------------------------------------------------

const sessionEndedListeners = new Set<() => void>();

/**
 * Called when the server answers 401 to a signed-in request or to the live stream: the session expired, was signed
 * out elsewhere, or the account was deactivated. The app drops its cached data and shows the sign-in screen.
 */
export function onSessionEnded(listener: () => void): () => void {
  sessionEndedListeners.add(listener);
  return () => sessionEndedListeners.delete(listener);
}

function reportSessionEnded(): void {
  for (const listener of [...sessionEndedListeners]) listener();
}

export interface AuthorizedInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  cache?: RequestCache;
}

/**
 * fetch with what proves who is asking: the browser's same-origin session cookie, and, when Baton runs embedded,
 * the host's bearer token (src/lib/auth-token.ts). A 401 while a bearer provider is set drops that token and tries
 * once more with a fresh one; a 401 that stays is reported as the end of the session (unless the endpoint is public).
 */
export async function authorizedFetch(
  url: string,
  init: AuthorizedInit = {},
  options: { publicEndpoint?: boolean } = {},
): Promise<Response> {
  const send = async () =>
    fetch(url, {
      method: init.method ?? "GET",
      headers: { ...init.headers, ...(await authHeaders()) },
      body: init.body,
      signal: init.signal,
      cache: init.cache,
      credentials: "same-origin",
    });
  let response = await send();
  if (response.status !== 401 || options.publicEndpoint) return response;
  const provider = bearerTokenProvider();
  if (provider) {
    provider.invalidate();
    // The refused answer is not read: let it go without waiting for it.
    response.body?.cancel().catch(() => undefined);
    response = await send();
  }
  if (response.status === 401) reportSessionEnded();
  return response;
}

function retryAfter(response: Response): number | null {
  const value = response.headers.get("retry-after");
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds));
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.round((at - Date.now()) / 1000));
}

type ParamsOption<K extends JsonRouteKey> = [keyof RouteParams<K>] extends [never]
  ? { params?: undefined }
  : { params: RouteParams<K> };
type QueryOption<K extends JsonRouteKey> = [RouteQueryInput<K>] extends [undefined]
  ? { query?: undefined }
  : { query?: RouteQueryInput<K> };
type BodyOption<K extends JsonRouteKey> = [RouteBodyInput<K>] extends [undefined]
  ? { body?: undefined }
  : { body: RouteBodyInput<K> };

/** What a call of route K takes: its path parameters, query and body as contract/routes.ts declares them. */
export type CallOptions<K extends JsonRouteKey> = ParamsOption<K> &
  QueryOption<K> &
  BodyOption<K> &
  Pick<RequestOptions, "signal" | "publicEndpoint">;

/** The options argument, optional when nothing in it is required. */
type OptionsArg<K extends JsonRouteKey> =
  Record<never, never> extends CallOptions<K> ? [options?: CallOptions<K>] : [options: CallOptions<K>];

/**
 * Calls a route of contract/routes.ts: `api("GET /api/conversations/:id", conversationDetail, { params: { id } })`.
 * Its path, parameters, query and body are typed from the route table, so a typo does not compile; the answer is
 * validated with the route's response schema, passed here (the SPA imports the table's types only, not its schemas,
 * to keep the first load small) and checked by the compiler to be the table's.
 * Throws ApiRequestError for error answers, and a plain Error when the answer does not match the contract.
 */
export function api<K extends JsonRouteKey>(
  route: K,
  schema: ResponseSchema<K>,
  ...[options]: OptionsArg<K>
): Promise<RouteResponse<K>> {
  const at = route.indexOf(" ");
  const params: Partial<Record<string, string>> = options?.params ?? {};
  const path = route
    .slice(at + 1)
    .replace(/:([A-Za-z]+)/g, (_, name: string) => encodeURIComponent(params[name] ?? ""));
  // ResponseSchema<K> is a zod schema whose output is RouteResponse<K>; TypeScript cannot follow that through the
  // table's index, so the parsed answer is typed here.
  return request(schema, path, { ...options, method: route.slice(0, at) }) as Promise<RouteResponse<K>>;
}

/**
 * Fetches an API address and validates the answer with a schema: no cast on network data. A 204 answer is parsed as
 * null (z.null()).
 */
async function request(schema: z.ZodMiniType, path: string, options: RequestOptions): Promise<unknown> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await authorizedFetch(
    absoluteUrl(path, options.query),
    {
      method: options.method ?? "GET",
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    },
    { publicEndpoint: options.publicEndpoint },
  );
  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const parsed = apiError.safeParse(json);
    if (parsed.success) {
      const { code, message, issues } = parsed.data.error;
      throw new ApiRequestError(response.status, code, message, json, issues, retryAfter(response));
    }
    throw new ApiRequestError(
      response.status,
      "http_error",
      `The server answered ${response.status}.`,
      json,
      undefined,
      retryAfter(response),
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new Error(
      `Unexpected answer from ${path}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    );
  }
  return parsed.data;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
