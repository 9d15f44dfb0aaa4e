import type { z } from "zod/mini";
import { ApiRequestError } from "@/lib/api-client.ts";
import { formatTime } from "@/lib/format.ts";

export interface AuthProblem {
  text: string;
  /** A lockout is a wait, not a mistake. */
  tone: "danger" | "warning";
}

/** What to tell someone whose sign-in (or setup, invitation, reset) failed. */
export function describeAuthError(error: unknown, now = new Date()): AuthProblem {
  if (error instanceof ApiRequestError) {
    if (error.status === 429) {
      const until = error.retryAfterSeconds
        ? ` You can try again at ${formatTime(new Date(now.getTime() + error.retryAfterSeconds * 1000).toISOString())}.`
        : "";
      return { text: `${error.message}${until}`, tone: "warning" };
    }
    if (error.status >= 500)
      return {
        text: `Baton could not answer (server error ${error.status}). Try again in a moment.`,
        tone: "danger",
      };
    return { text: error.message, tone: "danger" };
  }
  // fetch rejects with a TypeError when the network or the server is down.
  if (error instanceof TypeError)
    return { text: "Could not reach Baton. Check your connection, then try again.", tone: "danger" };
  return {
    text: error instanceof Error ? error.message : "Something went wrong. Try again.",
    tone: "danger",
  };
}

/** Field → its first message, from a form's zod error or an API answer's issues (400 invalid_request). */
export function fieldErrors(source: z.core.$ZodError | ApiRequestError | null): Record<string, string> {
  const issues =
    source === null
      ? []
      : source instanceof ApiRequestError
        ? (source.issues ?? [])
        : source.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message }));
  const out: Record<string, string> = {};
  for (const issue of issues) out[issue.path] ??= issue.message;
  return out;
}
