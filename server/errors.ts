import type { Context } from "hono";
import type { ApiError } from "../contract/api.ts";

/** The statuses Baton's errors answer with. */
export type ErrorStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 421 | 422 | 429 | 500 | 502 | 503;

// A type, not an interface, so it stays assignable to Record<string, unknown>.
export type AppErrorExtra = {
  /** What is wrong with the input, field by field (400 invalid_request). */
  issues?: ApiError["error"]["issues"];
  /** Sent as Retry-After (429). */
  retryAfterSeconds?: number;
  /** A failed send: the message as stored (failed), beside the error (contract/api.ts sendMessageError). */
  message?: unknown;
};

/** An error the API turns into the contract's `apiError` body (`{error: {code, message, issues?}}`) with its status. */
export class AppError extends Error {
  constructor(
    readonly status: ErrorStatus,
    readonly code: string,
    message: string,
    readonly extra: AppErrorExtra = {},
  ) {
    super(message);
    this.name = "AppError";
  }
}

/** The contract's error body. Every error Baton answers in its own JSON is built here. */
function errorBody(
  code: string,
  message: string,
  extra: AppErrorExtra = {},
): ApiError & { message?: unknown } {
  return {
    error: { code, message, ...(extra.issues ? { issues: extra.issues } : {}) },
    ...(extra.message !== undefined ? { message: extra.message } : {}),
  };
}

/** Answers an error with the contract's body, for middleware that answers instead of throwing. */
export function errorResponse(
  c: Context,
  status: ErrorStatus,
  code: string,
  message: string,
  extra: AppErrorExtra = {},
): Response {
  if (extra.retryAfterSeconds !== undefined) c.header("Retry-After", String(extra.retryAfterSeconds));
  return c.json(errorBody(code, message, extra), status);
}

/** How an AppError answers: its status and body, and Retry-After when it says. */
export function appErrorResponse(c: Context, error: AppError): Response {
  return errorResponse(c, error.status, error.code, error.message, error.extra);
}
