import { config, locales, safeParse, type core } from "zod/mini";
import { AppError } from "../errors.ts";
import { inspectJson, MAX_JSON_DEPTH } from "../messenger/json-limits.ts";

// zod/mini (the contract's schemas) carries no messages of its own: the API's 400s say what is wrong in English.
config(locales.en());

/** Parses input with a contract schema, or throws a 400 listing every issue. */
export function validate<S extends core.$ZodType>(schema: S, input: unknown): core.output<S> {
  const parsed = safeParse(schema, input);
  if (parsed.success) return parsed.data;
  throw new AppError(400, "invalid_request", "The request is not valid.", {
    issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
  });
}

/**
 * A body the API reads must be JSON: a request that declares another type (a form, text/plain: what a cross-site
 * form can send without a preflight) answers 415 before its body is read. A request that declares none is read as JSON.
 */
export function requireJson(contentType: string | undefined): void {
  if (contentType === undefined) return;
  const type = contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (type === "application/json" || /^application\/[a-z0-9.+-]+\+json$/.test(type)) return;
  throw new AppError(415, "unsupported_media_type", "Send the request body as JSON (application/json).");
}

/**
 * The request's JSON body. Refused with 400 when it is not JSON, when any string or key in it holds a NUL character
 * (PostgreSQL stores none, so it would fail deep inside a route) or when it nests deeper than MAX_JSON_DEPTH levels
 * (no API body nests more than a few).
 */
export async function jsonBody(req: { json(): Promise<unknown> }): Promise<unknown> {
  let body: unknown;
  try {
    body = await req.json();
  } catch {
    throw new AppError(400, "invalid_json", "The request body is not valid JSON.");
  }
  const { problem } = inspectJson(body, MAX_JSON_DEPTH);
  if (problem) {
    const message = problem.startsWith("nested")
      ? `The request body is ${problem}.`
      : `The request body is not valid: ${problem}.`;
    throw new AppError(400, "invalid_request", message, { issues: [{ path: "", message: problem }] });
  }
  return body;
}
