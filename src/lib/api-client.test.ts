import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import {
  conversationPage,
  conversationResult,
  sendMessageResult,
  settingsResponse,
  timelinePage,
} from "@contract/api.ts";
import { sessionResponse } from "@contract/auth.ts";
import { ApiRequestError, api, onSessionEnded } from "@/lib/api-client.ts";
import { setBearerTokenProvider } from "@/lib/auth-token.ts";
import { server } from "@/mocks/node.ts";

const unauthorized = () =>
  HttpResponse.json(
    { error: { code: "not_signed_in", message: "Sign in to Baton first." } },
    { status: 401 },
  );

const settings = { humanAgentTagEnabled: true, pageName: "Acme", simulator: false };
const probe = () => api("GET /api/settings", settingsResponse);
const signIn = { email: "sam@example.com", password: "pw" };

afterEach(() => setBearerTokenProvider(null));

describe("api", () => {
  it("goes with the browser's same-origin cookie and names no agent itself", async () => {
    const spy = vi.spyOn(globalThis, "fetch");
    const seen: { agentHeader: string | null; authorization: string | null }[] = [];
    server.use(
      http.get("/api/settings", ({ request }) => {
        seen.push({
          agentHeader: request.headers.get("x-baton-agent"),
          authorization: request.headers.get("authorization"),
        });
        return HttpResponse.json(settings);
      }),
    );
    expect(await probe()).toEqual(settings);
    expect(seen).toEqual([{ agentHeader: null, authorization: null }]);
    expect(spy.mock.calls[0]?.[1]).toMatchObject({ credentials: "same-origin" });
  });

  it("fills the route's path parameters (encoded), sends its query and body, and uses its method", async () => {
    const calls: { method: string; url: string; body: unknown }[] = [];
    server.use(
      http.all("/api/*", async ({ request }) => {
        calls.push({
          method: request.method,
          url: request.url.replace(window.location.origin, ""),
          body: await request.text().then((text) => (text === "" ? null : JSON.parse(text))),
        });
        return request.method === "DELETE"
          ? new HttpResponse(null, { status: 204 })
          : HttpResponse.json({ nope: true });
      }),
    );
    await expect(
      api("DELETE /api/canned-replies/:id", z.null(), { params: { id: "cr/1 2" } }),
    ).resolves.toBeNull();
    await expect(
      api("POST /api/conversations/:id/messages/:messageId/retry", sendMessageResult, {
        params: { id: "PAGE-1", messageId: "m?1" },
      }),
    ).rejects.toThrow(/Unexpected answer from \/api\/conversations\/PAGE-1\/messages\/m%3F1\/retry/);
    await expect(
      api("GET /api/conversations", conversationPage, {
        query: { view: "mine", q: undefined, cursor: undefined, limit: 5 },
      }),
    ).rejects.toThrow();
    await expect(
      api("POST /api/conversations/:id/assign", conversationResult, {
        params: { id: "PAGE-1" },
        body: { agentId: null },
      }),
    ).rejects.toThrow();
    expect(calls).toEqual([
      { method: "DELETE", url: "/api/canned-replies/cr%2F1%202", body: null },
      { method: "POST", url: "/api/conversations/PAGE-1/messages/m%3F1/retry", body: null },
      { method: "GET", url: "/api/conversations?view=mine&limit=5", body: null },
      { method: "POST", url: "/api/conversations/PAGE-1/assign", body: { agentId: null } },
    ]);
  });

  it("a 401 to a signed-in request reports that the session ended; a public endpoint's 401 is only an answer", async () => {
    const ended = vi.fn();
    const stop = onSessionEnded(ended);
    server.use(
      http.get("/api/settings", unauthorized),
      http.post("/api/auth/sign-in", () =>
        HttpResponse.json({ error: { code: "invalid_credentials", message: "No." } }, { status: 401 }),
      ),
    );
    await expect(probe()).rejects.toMatchObject({
      status: 401,
      code: "not_signed_in",
    });
    expect(ended).toHaveBeenCalledTimes(1);
    await expect(
      api("POST /api/auth/sign-in", sessionResponse, { body: signIn, publicEndpoint: true }),
    ).rejects.toBeInstanceOf(ApiRequestError);
    expect(ended).toHaveBeenCalledTimes(1);
    stop();
  });

  it("keeps the Retry-After of a 429", async () => {
    server.use(
      http.post("/api/auth/sign-in", () =>
        HttpResponse.json(
          { error: { code: "too_many_attempts", message: "Wait." } },
          { status: 429, headers: { "retry-after": "120" } },
        ),
      ),
    );
    await expect(
      api("POST /api/auth/sign-in", sessionResponse, { body: signIn, publicEndpoint: true }),
    ).rejects.toMatchObject({ status: 429, retryAfterSeconds: 120 });
  });

  it("embedded: sends the bearer token, and on a 401 drops it and tries once more with a fresh one", async () => {
    let generation = 0;
    const invalidate = vi.fn(() => void generation++);
    setBearerTokenProvider({ token: async () => `token-${generation}`, invalidate });
    const ended = vi.fn();
    const stop = onSessionEnded(ended);
    const seen: (string | null)[] = [];
    server.use(
      http.get("/api/settings", ({ request }) => {
        seen.push(request.headers.get("authorization"));
        return request.headers.get("authorization") === "Bearer token-1"
          ? HttpResponse.json(settings)
          : unauthorized();
      }),
    );
    await expect(probe()).resolves.toEqual(settings);
    expect(seen).toEqual(["Bearer token-0", "Bearer token-1"]);
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(ended).not.toHaveBeenCalled();
    stop();
  });

  it("embedded: a fresh token refused too ends the session, after one retry only", async () => {
    const invalidate = vi.fn();
    setBearerTokenProvider({ token: async () => "stale", invalidate });
    const ended = vi.fn();
    const stop = onSessionEnded(ended);
    let calls = 0;
    server.use(
      http.get("/api/settings", () => {
        calls++;
        return unauthorized();
      }),
    );
    await expect(probe()).rejects.toMatchObject({ status: 401 });
    expect(calls).toBe(2);
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(ended).toHaveBeenCalledTimes(1);
    stop();
  });
});

describe("api's types", () => {
  it("refuse a path, a parameter, a body or a schema that is not the route table's", () => {
    // Only compiled, never called: each call below is a mistake the compiler must refuse (npm run typecheck).
    const mistakes = () => [
      // @ts-expect-error a route the table does not have (a typo in the path)
      api("GET /api/conversation/:id", conversationPage, { params: { id: "x" } }),
      // @ts-expect-error a path parameter missing
      api("GET /api/conversations/:id/timeline", timelinePage, { params: {} }),
      // @ts-expect-error a path parameter by another name
      api("GET /api/conversations/:id/timeline", timelinePage, { params: { conversationId: "x" } }),
      // @ts-expect-error the body is missing
      api("POST /api/conversations/:id/assign", conversationResult, { params: { id: "x" } }),
      // @ts-expect-error a body of the wrong shape
      api("POST /api/auth/sign-in", sessionResponse, { body: { email: "a@b.c" } }),
      // @ts-expect-error another route's answer schema
      api("GET /api/settings", conversationPage),
      // @ts-expect-error a query field the route does not read
      api("GET /api/conversations", conversationPage, { query: { sort: "newest" } }),
    ];
    expect(typeof mistakes).toBe("function");
  });
});
