import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { errorResponse } from "../errors.ts";

/**
 * Request bodies past a size are refused with 413 while they are read, before anything looks at them (a webhook's
 * signature, a JSON parser). Hono's bodyLimit refuses at once on a Content-Length over the limit and, for a chunked
 * body, stops reading as soon as the count passes it, holding at most `maxBytes`; @hono/node-server then drains or
 * closes the connection, so an endless upload costs neither memory nor a worker.
 */
function limitBody(maxBytes: number, what: string): MiddlewareHandler {
  return bodyLimit({ maxSize: maxBytes, onError: (c: Context) => payloadTooLarge(c, maxBytes, what) });
}

function payloadTooLarge(c: Context, maxBytes: number, what: string): Response {
  return errorResponse(
    c,
    413,
    "payload_too_large",
    `${what} is larger than ${maxBytes.toLocaleString("en-US")} bytes.`,
  );
}

/** The API's limit (config.API_MAX_BYTES): mounted on /api. */
export const apiBodyLimit = (maxBytes: number): MiddlewareHandler => limitBody(maxBytes, "The request body");

/** Meta's webhook limit (config.WEBHOOK_MAX_BYTES). */
export const webhookBodyLimit = (maxBytes: number): MiddlewareHandler =>
  limitBody(maxBytes, "The webhook body");
