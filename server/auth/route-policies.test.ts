import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiRoutes } from "../../contract/routes.ts";
import { startHarness, type Harness } from "../testing/harness.ts";
import { policyOf, type Policy } from "./policy.ts";

/**
 * Every route Baton answers, with who may call it. Written out by hand, apart from the routes' own declarations:
 * a route added without a row here, or whose declaration disagrees, fails. Where a role is allowed, finer rules
 * (assigning to others, reopening what the bot resolved, shared canned replies) are tested in auth-flows.test.ts.
 */
const EXPECTED: Record<string, Policy> = {
  "GET /healthz": "public",
  "GET /webhooks/messenger": "public",
  "POST /webhooks/messenger": "public",
  "GET /api/auth/status": "public",
  "POST /api/auth/sign-in": "public",
  "POST /api/auth/setup": "public",
  "POST /api/auth/accept-invite": "public",
  "POST /api/auth/reset-password": "public",
  "POST /api/auth/link": "public",
  "GET /api/auth/session": "agent",
  "POST /api/auth/sign-out": "agent",
  "POST /api/auth/sign-out-everywhere": "agent",
  "GET /api/admin/agents": "admin",
  "PATCH /api/admin/agents/:id": "admin",
  "POST /api/admin/agents/:id/reset-link": "admin",
  "GET /api/admin/invitations": "admin",
  "POST /api/admin/invitations": "admin",
  "DELETE /api/admin/invitations/:id": "admin",
  "GET /api/admin/audit": "admin",
  "GET /api/admin/unprocessable-events": "admin",
  "GET /api/admin/messenger": "admin",
  "GET /api/alerts": "manager",
  "POST /api/alerts/:id/acknowledge": "manager",
  "GET /api/review/queue": "manager",
  "POST /api/review/verdicts": "manager",
  "PUT /api/review/goal": "manager",
  "GET /api/review/knowledge-gaps": "manager",
  "GET /api/insights": "manager",
  "GET /api/settings": "agent",
  "GET /api/agents": "agent",
  "GET /api/conversations": "agent",
  "GET /api/conversations/counts": "agent",
  "GET /api/conversations/:id": "agent",
  "GET /api/conversations/:id/timeline": "agent",
  "POST /api/conversations/:id/messages": "agent",
  "POST /api/conversations/:id/messages/:messageId/retry": "agent",
  "POST /api/conversations/:id/resolve": "agent",
  "POST /api/conversations/:id/reopen": "agent",
  "POST /api/conversations/:id/read": "agent",
  "POST /api/conversations/:id/take-control": "agent",
  "POST /api/conversations/:id/hand-back": "agent",
  "POST /api/conversations/:id/assign": "agent",
  "GET /api/canned-replies": "agent",
  "POST /api/canned-replies": "agent",
  "PUT /api/canned-replies/:id": "agent",
  "DELETE /api/canned-replies/:id": "agent",
  "GET /api/live": "agent",
  "GET /api/embed/config": "public",
  "POST /api/embed/session": "public",
  "GET /api/*": "public",
  "POST /api/*": "public",
  "PUT /api/*": "public",
  "PATCH /api/*": "public",
  "DELETE /api/*": "public",
  "GET /": "public",
  "GET *": "public",
};

type Caller = "anonymous" | "agent" | "manager" | "admin";
const CALLERS: Caller[] = ["anonymous", "agent", "manager", "admin"];
const ACCOUNT: Record<Exclude<Caller, "anonymous">, string> = { agent: "sam", manager: "maya", admin: "ada" };
const RANK: Record<Policy, number> = { public: 0, agent: 1, manager: 2, admin: 3 };
const CALLER_RANK: Record<Caller, number> = { anonymous: 0, agent: 1, manager: 2, admin: 3 };

/** The routes of the running app, each with the policy its handlers declare (undefined: none). */
function routeTable(h: Harness): Map<string, Policy | undefined> {
  const table = new Map<string, Policy | undefined>();
  for (const r of h.baton.app.routes) {
    if (r.method === "ALL") continue; // middleware mounted with use(): host check, headers, session lookup, limits
    const key = `${r.method} ${r.path}`;
    table.set(key, table.get(key) ?? policyOf(r.handler));
  }
  return table;
}

describe("route policies", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness("memory:");
  });
  afterAll(async () => {
    await h.close();
  });

  it("every route declares a policy, and it is the one this table expects", () => {
    const table = routeTable(h);
    const undeclared = [...table].filter(([, p]) => p === undefined).map(([k]) => k);
    expect(undeclared, "routes without allow(...)").toEqual([]);
    const unexpected = [...table.keys()].filter((k) => !(k in EXPECTED) && k !== "GET /"); // "GET /" only without a built SPA
    expect(unexpected, "routes missing from EXPECTED: add a row saying who may call them").toEqual([]);
    for (const [key, policy] of table) expect(policy, key).toBe(EXPECTED[key]);
  });

  it("the route table (contract/routes.ts) says the same: each of its routes is here, with the same access", () => {
    // The demo's one-click sign-in is registered only when the local demo runs, so it has no row above.
    const demoOnly = new Set(["POST /api/auth/demo-sign-in"]);
    const table = Object.entries(apiRoutes).filter(([key]) => !demoOnly.has(key));
    expect(Object.fromEntries(table.map(([key, spec]) => [key, spec.access]))).toEqual(
      Object.fromEntries(table.map(([key]) => [key, EXPECTED[key]])),
    );
    const registered = new Set([...routeTable(h).keys()]);
    expect(table.map(([key]) => key).filter((key) => !registered.has(key))).toEqual([]);
  });

  it("every route answers anonymous, agent, manager and admin callers as its policy says", async () => {
    const matrix: string[] = [];
    const rows = [...routeTable(h)].filter(([k]) => k.includes("/api/") && !k.endsWith("/*"));
    for (const [key] of rows) {
      const policy = EXPECTED[key] ?? "admin";
      const [method = "GET", path = "/"] = key.split(" ");
      const concrete = path.replace(/:[A-Za-z]+/g, "does-not-exist").replace(/^\/api/, "");
      const cells: string[] = [];
      for (const caller of CALLERS) {
        // The live stream stays open when allowed: only its status matters, so the body is cancelled.
        const res = await h.api(
          method,
          concrete,
          method === "GET" || method === "DELETE" ? undefined : {},
          caller === "anonymous" ? null : ACCOUNT[caller],
        );
        await res.body?.cancel();
        if (key.includes("/sign-out")) h.forgetSessions();
        cells.push(String(res.status));
        const allowed = CALLER_RANK[caller] >= RANK[policy];
        if (!allowed) expect(res.status, `${key} as ${caller}`).toBe(caller === "anonymous" ? 401 : 403);
        else expect([401, 403], `${key} as ${caller}`).not.toContain(res.status);
      }
      matrix.push(`| ${key} | ${policy} | ${cells.join(" | ")} |`);
    }
    if (process.env.PRINT_MATRIX)
      console.log(
        [
          "| route | policy | anonymous | agent | manager | admin |",
          "|---|---|---|---|---|---|",
          ...matrix,
        ].join("\n"),
      );
  });
});
