import { http, HttpResponse, type HttpHandler } from "msw";
import type { Role } from "@contract/auth.ts";
import { insightsQuery, type InsightsQuery, type InsightsResponse } from "@contract/insights.ts";
import { insightsFor } from "@/mocks/insights-fixtures.ts";
import { MockApiError } from "@/mocks/mock-errors.ts";

export interface InsightsHandlerOptions {
  /**
   * The mock session to ask who is signing in (a MockDb's `auth`): only managers and admins get an answer (401
   * signed out, 403 for agents), as on the server. A getter, because stories and tests swap their database.
   * Without it every request is answered.
   */
  auth?: () => { requireRole(need: Role): unknown };
  /** What to answer for a valid range (default: `insightsFor`, figures seeded by the range). */
  answer?: (query: InsightsQuery) => InsightsResponse;
}

/**
 * GET /api/insights?from=YYYY-MM-DD&to=YYYY-MM-DD for the mock API. The main list takes it as
 * `...insightsHandlers({ auth: () => db.auth })`; stories and tests pass their own `answer` for a fixed state.
 */
export function insightsHandlers(options: InsightsHandlerOptions = {}): HttpHandler[] {
  const answer = options.answer ?? ((query: InsightsQuery) => insightsFor(query));
  return [
    http.get("/api/insights", ({ request }) => {
      try {
        options.auth?.().requireRole("manager");
      } catch (error) {
        if (error instanceof MockApiError)
          return HttpResponse.json(
            { error: { code: error.code, message: error.message } },
            { status: error.status },
          );
        throw error;
      }
      const params = new URL(request.url).searchParams;
      const parsed = insightsQuery.safeParse({ from: params.get("from"), to: params.get("to") });
      if (!parsed.success)
        return HttpResponse.json(
          {
            error: {
              code: "invalid_request",
              message: "The request is not valid.",
              issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
            },
          },
          { status: 400 },
        );
      return HttpResponse.json(answer(parsed.data));
    }),
  ];
}
