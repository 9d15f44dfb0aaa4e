import { http, HttpResponse, type HttpHandler } from "msw";
import { safeParse, type core } from "zod/mini";
import type { ApiError } from "@contract/api.ts";
import { roleAtLeast, type Role } from "@contract/auth.ts";
import {
  apiRoutes,
  type Access,
  type ApiRouteKey,
  type HttpMethod,
  type JsonRouteKey,
  type JsonRouteSpec,
  type ResponseSchema,
  type RouteBody,
  type RouteParams,
  type RouteQuery,
} from "@contract/routes.ts";
import { TooManyAttempts } from "@/mocks/mock-auth.ts";
import { MockApiError } from "@/mocks/mock-errors.ts";

/**
 * The mock API's routes, declared from contract/routes.ts as the server declares its own (server/http/route.ts): a
 * handler names its route by the table's key, gets the path's parameters and the query and body parsed with the
 * table's schemas, and returns the answer the table's response schema accepts. A path, a parameter, a body field or
 * an answer that is not the contract's does not compile; the access (401 signed out, 403 below the role), 400/415 on
 * input and the success status come from the table, and every error is the contract's `apiError`.
 */

/** The answer of route K, as its response schema accepts it (the server's RouteOutput). */
export type MockAnswer<K extends JsonRouteKey> = core.input<ResponseSchema<K>>;

/** What a mock route's handler gets: the path's parameters, the parsed query and body, and the request. */
export interface MockRouteInput<K extends ApiRouteKey> {
  params: RouteParams<K>;
  query: RouteQuery<K>;
  body: RouteBody<K>;
  /** The JSON body as sent, before the schema's defaults (undefined when the route reads none). */
  sent: unknown;
  request: Request;
}

/** Who is signed in, as a route's access needs it: null when nobody is. */
export type MockSession = () => { role: Role } | null;

/** Extra fields beside the error: a failed send's stored message (contract/api.ts sendMessageError). */
export type ApiErrorExtra = { message?: unknown } & Record<string, unknown>;

/** 400 invalid_request listing every issue inside the error, as the server's validate answers. */
class InvalidRequest extends MockApiError {
  constructor(readonly issues: NonNullable<ApiError["error"]["issues"]>) {
    super(400, "invalid_request", "The request is not valid.");
  }
}

/** The contract's error body with its status (and headers: Retry-After on a 429). */
function apiErrorResponse(
  status: number,
  error: ApiError["error"],
  extra: ApiErrorExtra = {},
  headers: Record<string, string> = {},
): Response {
  const body: ApiError = { error };
  return HttpResponse.json({ ...extra, ...body }, { status, headers });
}

/** An error a handler threw, answered as the server answers it. Anything but a MockApiError is a 500. */
function errorResponse(error: unknown): Response {
  if (error instanceof InvalidRequest)
    return apiErrorResponse(error.status, { code: error.code, message: error.message, issues: error.issues });
  if (error instanceof TooManyAttempts)
    return apiErrorResponse(error.status, { code: error.code, message: error.message }, error.extra, {
      "retry-after": String(error.retryAfterSeconds),
    });
  if (error instanceof MockApiError)
    return apiErrorResponse(error.status, { code: error.code, message: error.message }, error.extra);
  // As the server's onError: logged, and answered with the contract's body.
  console.error(error);
  return apiErrorResponse(500, { code: "internal", message: "Something went wrong on Baton's side." });
}

/** Parses input with a contract schema, or throws the server's 400 (server/http/validate.ts). */
function validate(schema: core.$ZodType, input: unknown): unknown {
  const parsed = safeParse(schema, input);
  if (parsed.success) return parsed.data;
  throw new InvalidRequest(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })));
}

/** A body the API reads must be JSON (415 otherwise); one that does not parse is 400 invalid_json. */
async function jsonBody(request: Request): Promise<unknown> {
  const type = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (type !== undefined && type !== "application/json" && !/^application\/[a-z0-9.+-]+\+json$/.test(type))
    throw new MockApiError(
      415,
      "unsupported_media_type",
      "Send the request body as JSON (application/json).",
    );
  try {
    return (await request.json()) as unknown;
  } catch {
    throw new MockApiError(400, "invalid_json", "The request body is not valid JSON.");
  }
}

const methods: readonly HttpMethod[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];
const handlersByMethod = {
  GET: http.get,
  POST: http.post,
  PUT: http.put,
  PATCH: http.patch,
  DELETE: http.delete,
} satisfies Record<HttpMethod, typeof http.get>;

function split(key: ApiRouteKey): { method: HttpMethod; path: string } {
  const method = methods.find((m) => key.startsWith(`${m} `)) ?? "GET";
  return { method, path: key.slice(method.length + 1) };
}

/** The path's parameters by name, as strings (msw gives a repeated one as an array). */
function paramsOf<K extends ApiRouteKey>(params: Record<string, string | readonly string[] | undefined>) {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(params)) out[name] = typeof value === "string" ? value : "";
  // The names are the route's own (msw matched its path): the table's RouteParams<K>.
  return out as RouteParams<K>;
}

/** The answer of route K, checked against the table's response schema and sent with its status. */
export function answer<K extends JsonRouteKey>(key: K, value: MockAnswer<K>): Response {
  const spec: JsonRouteSpec = apiRoutes[key];
  const checked = safeParse(spec.response, value);
  if (!checked.success)
    return errorResponse(
      new Error(
        `${key} answered outside its contract: ${checked.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
      ),
    );
  const status = spec.status ?? 200;
  if (status === 204) return new HttpResponse(null, { status });
  return new HttpResponse(JSON.stringify(value), {
    status,
    headers: { "content-type": "application/json" },
  });
}

/**
 * The mock API's route declarations for one session: `json` for a JSON route (the handler returns its answer),
 * `raw` for one that answers its own Response (the live stream, the CSV export) with the table's access and input.
 */
export function mockRoutes(session: MockSession) {
  const allow = (access: Access) => {
    if (access === "public") return;
    const account = session();
    if (!account) throw new MockApiError(401, "not_signed_in", "Sign in to Baton first.");
    if (!roleAtLeast(account.role, access))
      throw new MockApiError(
        403,
        "forbidden",
        `Only ${access === "admin" ? "an admin" : `a ${access}`} can do this.`,
      );
  };

  const input = async <K extends ApiRouteKey>(
    key: K,
    request: Request,
    params: Record<string, string | readonly string[] | undefined>,
  ): Promise<MockRouteInput<K>> => {
    const spec = apiRoutes[key];
    allow(spec.access);
    const query =
      "query" in spec
        ? validate(spec.query, Object.fromEntries(new URL(request.url).searchParams))
        : undefined;
    const sent = "body" in spec ? await jsonBody(request) : undefined;
    const body = "body" in spec ? validate(spec.body, sent) : undefined;
    // The schemas of `spec` are route K's, so what they parsed is K's query and body: TypeScript cannot follow that
    // through the table's index (the server's contractRoutes says the same).
    return { params: paramsOf<K>(params), query, body, sent, request } as MockRouteInput<K>;
  };

  return {
    json<K extends JsonRouteKey>(
      key: K,
      handler: (input: MockRouteInput<K>) => MockAnswer<K> | Promise<MockAnswer<K>>,
    ): HttpHandler {
      const { method, path } = split(key);
      return handlersByMethod[method](path, async ({ request, params }) => {
        try {
          return answer(key, await handler(await input(key, request, params)));
        } catch (error) {
          return errorResponse(error);
        }
      });
    },
    raw<K extends ApiRouteKey>(
      key: K,
      handler: (input: MockRouteInput<K>) => Response | Promise<Response>,
    ): HttpHandler {
      const { method, path } = split(key);
      return handlersByMethod[method](path, async ({ request, params }) => {
        try {
          return await handler(await input(key, request, params));
        } catch (error) {
          return errorResponse(error);
        }
      });
    },
  };
}
