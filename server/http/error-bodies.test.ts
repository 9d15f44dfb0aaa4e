import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod/mini";
import { apiError } from "../../contract/api.ts";
import { apiRoutes, type RouteSpec } from "../../contract/routes.ts";
import { DatabaseUnavailableError } from "../db/database.ts";
import { startHarness, type Harness } from "../testing/harness.ts";

/**
 * Every error Baton answers in its own JSON has the contract's apiError shape, whatever produced it: the route table's
 * policies and schemas (walked route by route), the middleware in front of the API, the handlers' own refusals and
 * the app's onError and 404s. The body is parsed with apiError made strict at the top, so no stray field slips in.
 */
const strictError = z.strictObject(apiError.shape);

async function expectApiError(res: Response, status: number, code?: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get("content-type"), text).toMatch(/^application\/json/);
  const parsed = strictError.safeParse(JSON.parse(text));
  expect(parsed.success, `${status} body outside apiError: ${text}`).toBe(true);
  if (code) expect(parsed.data?.error.code, text).toBe(code);
}

const ROUTES = Object.entries(apiRoutes) as [string, RouteSpec][];
const concrete = (path: string) => path.replace(/:[A-Za-z]+/g, "does-not-exist").replace(/^\/api/, "");
const ACCOUNT_BELOW = { agent: null, manager: "sam", admin: "maya" } as const;
const raw = (
  h: Harness,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string },
) =>
  h.baton.app.request(`http://localhost/api${path}`, {
    method,
    headers: { origin: "http://localhost", ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });

describe("error bodies", () => {
  let h: Harness;
  let cookie: string;
  beforeAll(async () => {
    h = await startHarness("memory:", { API_MAX_BYTES: "1024", LIVE_STREAMS_PER_SESSION: "1" });
    // A session cookie of the admin, for requests the harness's api() cannot shape (raw bodies, other types).
    const session = await h.baton.auth.sessions.create({
      agentId: "ada",
      via: "cookie",
      now: h.authClock.now().getTime(),
      ip: null,
      userAgent: "test",
    });
    cookie = `${h.baton.auth.cookie.name}=${session.token}`;
  });
  afterAll(async () => {
    await h.close();
  });

  const registered = () => new Set(h.baton.app.routes.map((r) => `${r.method} ${r.path}`));

  describe.each(ROUTES)("%s", (key, spec) => {
    const [method = "GET", path = "/"] = key.split(" ");
    const url = concrete(path);

    it("refuses callers below its access with 401 or 403 in apiError", async () => {
      if (spec.access === "public") return;
      const anonymous = await h.api(method, url, undefined, null);
      await expectApiError(anonymous, 401, "not_signed_in");
      const below = ACCOUNT_BELOW[spec.access];
      if (below) await expectApiError(await h.api(method, url, undefined, below), 403, "forbidden");
    });

    it("refuses a body or a query outside its schema with 400 in apiError", async () => {
      if (!registered().has(key)) {
        // Registered only in some setups (the demo's sign-in): elsewhere it is an unknown address.
        await expectApiError(await h.api(method, url, {}, "ada"), 404, "not_found");
        return;
      }
      const headers = { "content-type": "application/json", cookie };
      if ("body" in spec && spec.body) {
        await expectApiError(await raw(h, method, url, { headers, body: "[1]" }), 400, "invalid_request");
        await expectApiError(await raw(h, method, url, { headers, body: "{nope" }), 400, "invalid_json");
        await expectApiError(
          await raw(h, method, url, { headers: { ...headers, "content-type": "text/plain" }, body: "{}" }),
          415,
          "unsupported_media_type",
        );
      }
      if ("query" in spec && spec.query) {
        await expectApiError(
          await raw(h, method, `${url}?limit=many&host=!&cursor=!`, { headers }),
          400,
          "invalid_request",
        );
      }
    });
  });

  it("unknown addresses, missing rows and conflicts", async () => {
    await expectApiError(await h.api("GET", "/nope"), 404, "not_found");
    await expectApiError(await h.api("DELETE", "/conversations"), 404, "not_found");
    await expectApiError(await h.api("OPTIONS", "/conversations"), 404, "not_found");
    await expectApiError(await h.baton.app.request("/webhooks/nope", { method: "POST" }), 404, "not_found");
    await expectApiError(await h.api("GET", "/conversations/does-not-exist"), 404, "not_found");
    await expectApiError(await h.api("DELETE", "/canned-replies/does-not-exist"), 404, "not_found");
    const reply = { shortcut: "hello", text: "Hello!", shared: false };
    expect((await h.api("POST", "/canned-replies", reply)).status).toBe(201);
    await expectApiError(await h.api("POST", "/canned-replies", reply), 409, "duplicate_shortcut");
    await expectApiError(await h.api("PATCH", "/admin/agents/ada", { active: false }, "ada"), 400, "self");
  });

  it("the guards in front of the API: NUL, body limit, CSRF, host", async () => {
    await expectApiError(await h.api("GET", "/conversations/a%00b"), 400, "invalid_request");
    await expectApiError(
      await h.api("POST", "/canned-replies", { shortcut: "big", text: "x".repeat(2000), shared: false }),
      413,
      "payload_too_large",
    );
    await expectApiError(
      await h.baton.app.request("http://localhost/api/canned-replies", {
        method: "POST",
        headers: { "content-type": "application/json", cookie, origin: "https://attacker.example" },
        body: "{}",
      }),
      403,
      "cross_origin",
    );
    await expectApiError(
      await h.baton.app.request("http://localhost/api/canned-replies", {
        method: "POST",
        headers: { "content-type": "application/json", cookie },
        body: "{}",
      }),
      403,
      "cross_origin",
    );
    await expectApiError(
      await h.baton.app.request("http://attacker.example/api/auth/status"),
      421,
      "wrong_host",
    );
  });

  it("rate limits: sign-in attempts and live streams answer 429 in apiError", async () => {
    const signIn = () =>
      h.api("POST", "/auth/sign-in", { email: "lea@example.com", password: "wrong-password" }, null);
    for (let i = 0; i < 3; i++) await expectApiError(await signIn(), 401, "invalid_credentials");
    const waiting = await signIn();
    expect(waiting.headers.get("retry-after")).toMatch(/^\d+$/);
    await expectApiError(waiting, 429, "too_many_attempts");

    const first = await h.api("GET", "/live", undefined, "maya");
    expect(first.status).toBe(200);
    await expectApiError(await h.api("GET", "/live", undefined, "maya"), 429, "too_many_streams");
    await first.body?.cancel();
  });

  it("unexpected failures reach onError: 500 internal, 503 database_unavailable", async () => {
    const resolve = vi.spyOn(h.baton.service, "resolve");
    resolve.mockRejectedValueOnce(new Error("boom"));
    await expectApiError(await h.api("POST", "/conversations/x/resolve"), 500, "internal");
    resolve.mockRejectedValueOnce(new DatabaseUnavailableError(new Error("ECONNREFUSED")));
    await expectApiError(await h.api("POST", "/conversations/x/resolve"), 503, "database_unavailable");
    resolve.mockRestore();
  });

  it("the webhook's own refusals are in apiError too", async () => {
    await expectApiError(
      await h.baton.app.request("/webhooks/messenger", {
        method: "POST",
        headers: { "content-type": "application/json", "x-hub-signature-256": "sha256=00" },
        body: "{}",
      }),
      401,
      "bad_signature",
    );
  });
});
