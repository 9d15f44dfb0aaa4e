import type { MiddlewareHandler } from "hono";
import { errorResponse } from "../errors.ts";

/**
 * PostgreSQL refuses U+0000 in text, so a NUL that reaches a query answers 500. This refuses it at the door: the
 * path and every query parameter are decoded here strictly (malformed percent-encoding is refused too, where Hono
 * would pass it on undecoded) and any NUL character answers 400 before a route runs.
 */
export function rejectNul(): MiddlewareHandler {
  return async (c, next) => {
    const problem = addressProblem(c.req.url);
    if (problem) return errorResponse(c, 400, "invalid_request", problem);
    await next();
  };
}

function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

/** Why the address cannot be taken (a NUL, malformed percent-encoding), or null. */
function addressProblem(url: string): string | null {
  const { pathname, search } = new URL(url);
  for (const segment of pathname.split("/")) {
    const decoded = decode(segment);
    if (decoded === null) return "The address has malformed percent-encoding.";
    if (decoded.includes("\u0000")) return "The address must not contain a NUL character.";
  }
  for (const pair of search.replace(/^\?/, "").split("&")) {
    const decoded = decode(pair.replaceAll("+", " "));
    if (decoded === null) return "A query parameter has malformed percent-encoding.";
    if (decoded.includes("\u0000")) return "A query parameter must not contain a NUL character.";
  }
  return null;
}
