import type { z } from "zod";
import { AGENT_HEADER, apiError, type ApiError } from "@contract/api.ts";
import { currentAgentId } from "@/lib/session-store.ts";

/** A non-2xx answer from the API, carrying the parsed apiError body (and the raw JSON for extra fields). */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly body: unknown;
  readonly issues: ApiError["error"]["issues"];
  constructor(status: number, code: string, message: string, body: unknown, issues?: ApiError["error"]["issues"]) {
    super(message);
    this.name = "ApiRequestError";
    this.status = status;
    this.code = code;
    this.body = body;
    this.issues = issues;
  }
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
  query?: Record<string, string | number | undefined | null>;
}

export function apiUrl(path: string, query?: RequestOptions["query"]): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== "") params.set(key, String(value));
  }
  const qs = params.toString();
  // Absolute, so the same code runs in the browser and under Node's fetch in tests.
  return `${window.location.origin}${path}${qs ? `?${qs}` : ""}`;
}

export function agentHeaders(): Record<string, string> {
  const agentId = currentAgentId();
  return agentId ? { [AGENT_HEADER]: agentId } : {};
}

/**
 * Calls the Baton API and validates the answer with the contract's schema: no cast on network data.
 * Throws ApiRequestError for error answers, and a plain Error when the answer does not match the contract.
 */
export async function apiRequest<S extends z.ZodType>(schema: S, path: string, options: RequestOptions = {}): Promise<z.infer<S>> {
  const headers: Record<string, string> = { accept: "application/json", ...agentHeaders() };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(apiUrl(path, options.query), {
    method: options.method ?? "GET",
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: options.signal,
  });
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
      throw new ApiRequestError(response.status, code, message, json, issues);
    }
    throw new ApiRequestError(response.status, "http_error", `The server answered ${response.status}.`, json);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`Unexpected answer from ${path}: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  }
  return parsed.data;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return "Something went wrong.";
}
