import type { HttpHandler } from "msw";
import type { Role } from "@contract/auth.ts";
import type { InsightsQuery, InsightsResponse } from "@contract/insights.ts";
import { insightsFor } from "@/mocks/insights-fixtures.ts";
import { mockRoutes } from "@/mocks/mock-routes.ts";

export interface InsightsHandlerOptions {
  /**
   * The mock session to ask who is signed in (a MockDb's `auth`): the route table's access answers (managers and
   * admins only: 401 signed out, 403 for agents), as on the server. A getter, because stories and tests swap their
   * database. Without it every request is answered, as a manager's.
   */
  auth?: () => { current(): { role: Role } | null };
  /** What to answer for a valid range (default: `insightsFor`, figures seeded by the range). */
  answer?: (query: InsightsQuery) => InsightsResponse;
}

/**
 * GET /api/insights?from=YYYY-MM-DD&to=YYYY-MM-DD for the mock API, declared from contract/routes.ts. The main list
 * takes it as `...insightsHandlers({ auth: () => db.auth })`; stories and tests pass their own `answer` for a fixed
 * state.
 */
export function insightsHandlers(options: InsightsHandlerOptions = {}): HttpHandler[] {
  const answer = options.answer ?? ((query: InsightsQuery) => insightsFor(query));
  const auth = options.auth;
  const route = mockRoutes(auth ? () => auth().current() : () => ({ role: "manager" }));
  return [route.json("GET /api/insights", ({ query }) => answer(query))];
}
