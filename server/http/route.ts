import type { Context, Hono } from "hono";
import type { z } from "zod/mini";
import {
  apiRoutes,
  type ApiRouteKey,
  type HttpMethod,
  type JsonRouteKey,
  type JsonRouteSpec,
  type ResponseSchema,
  type RouteBody,
  type RouteParams,
  type RouteQuery,
  type RouteSpec,
} from "../../contract/routes.ts";
import { allow, type AuthEnv } from "../auth/policy.ts";
import { AppError } from "../errors.ts";
import { jsonBody, requireJson, validate } from "./validate.ts";

/** What a handler gets: the path's parameters, and the query and body parsed with the route's schemas. */
export interface RouteInput<K extends JsonRouteKey> {
  params: RouteParams<K>;
  query: RouteQuery<K>;
  body: RouteBody<K>;
}

/** What a handler returns: the answer's body, as the route's response schema accepts it. */
export type RouteOutput<K extends JsonRouteKey> = z.input<ResponseSchema<K>>;

export type RouteHandler<K extends JsonRouteKey> = (
  c: Context<AuthEnv>,
  input: RouteInput<K>,
) => RouteOutput<K> | Promise<RouteOutput<K>>;

/**
 * Under vitest every answer is also parsed with its response schema, so a handler whose answer drifts from the
 * contract in a way the types cannot see (a row from SQL, a spread) fails the suite; in production the types alone
 * keep them in line, and no answer is parsed twice.
 */
const checkResponses = process.env.VITEST !== undefined;

function split(key: ApiRouteKey): [HttpMethod, string] {
  const at = key.indexOf(" ");
  return [key.slice(0, at) as HttpMethod, key.slice(at + 1)];
}

/**
 * Registers the routes of contract/routes.ts on a Hono app mounted at `prefix`: each with its policy (`allow`), its
 * query and body parsed with the contract's schemas (400 invalid_request with the contract's apiError otherwise), and
 * its handler's answer typed by the route's response schema and sent with the route's status.
 */
export function contractRoutes<Prefix extends `/api${string}`>(app: Hono<AuthEnv>, prefix: Prefix) {
  const subPath = (path: string) => {
    if (!path.startsWith(prefix)) throw new Error(`${path} is not under ${prefix}`);
    return path.slice(prefix.length) || "/";
  };
  return {
    /** A JSON route: the handler returns the body and the helper answers with the route's status. */
    json<K extends JsonRouteKey & `${HttpMethod} ${Prefix}/${string}`>(
      key: K,
      handler: RouteHandler<K>,
    ): void {
      const spec: JsonRouteSpec = apiRoutes[key];
      const [method, path] = split(key);
      app.on(method, subPath(path), allow(spec.access), async (c) => {
        if (spec.body) requireJson(c.req.header("content-type"));
        const input = {
          params: c.req.param(),
          query: spec.query ? validate(spec.query, c.req.query()) : undefined,
          body: spec.body ? validate(spec.body, await jsonBody(c.req)) : undefined,
        };
        // The schemas of `spec` are those of route K: what they parsed is K's input, which TypeScript cannot follow
        // through the table's index.
        const answer: unknown = await handler(c, input as RouteInput<K>);
        if (checkResponses) {
          const checked = spec.response.safeParse(answer);
          if (!checked.success)
            throw new AppError(
              500,
              "internal",
              `${key} answered outside its contract: ${checked.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
            );
        }
        const status = spec.status ?? 200;
        return status === 204 ? c.body(null, 204) : c.json(answer, status);
      });
    },
    /** A route that answers with its own Response (the live stream), with the table's policy. */
    raw<K extends ApiRouteKey & `${HttpMethod} ${Prefix}/${string}`>(
      key: K,
      handler: (c: Context<AuthEnv>) => Response | Promise<Response>,
    ): void {
      const spec: RouteSpec = apiRoutes[key];
      const [method, path] = split(key);
      app.on(method, subPath(path), allow(spec.access), handler);
    },
  };
}
