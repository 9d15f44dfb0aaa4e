import type { z } from "zod";
import { apiError } from "@contract/api.ts";
import { ApiRequestError, authorizedFetch } from "@/lib/api-client.ts";

/**
 * The review's calls to /api/review/*, validated with the contract's schemas. The review routes are not in the
 * typed route table (contract/routes.ts) yet: once they are, each hook's call becomes
 * `api("GET /api/review/queue", reviewQueueResponse, { signal })` and this file goes away.
 */
export async function reviewRequest<S extends z.ZodType>(
  schema: S,
  path: `/api/review/${string}`,
  init: { method?: "GET" | "POST" | "PUT"; body?: unknown; signal?: AbortSignal } = {},
): Promise<z.infer<S>> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (init.body !== undefined) headers["content-type"] = "application/json";
  const response = await authorizedFetch(`${window.location.origin}${path}`, {
    method: init.method ?? "GET",
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: init.signal,
  });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const failure = apiError.safeParse(json);
    if (failure.success) {
      const { code, message, issues } = failure.data.error;
      throw new ApiRequestError(response.status, code, message, json, issues);
    }
    throw new ApiRequestError(response.status, "http_error", `The server answered ${response.status}.`, json);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success)
    throw new Error(
      `Unexpected answer from ${path}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`,
    );
  return parsed.data;
}
