import { http, HttpResponse } from "msw";
import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ApiRequestError, apiRequest, onSessionEnded } from "@/lib/api-client.ts";
import { setBearerTokenProvider } from "@/lib/auth-token.ts";
import { server } from "@/mocks/node.ts";

const unauthorized = () =>
  HttpResponse.json(
    { error: { code: "not_signed_in", message: "Sign in to Baton first." } },
    { status: 401 },
  );

afterEach(() => setBearerTokenProvider(null));

describe("apiRequest", () => {
  it("goes with the browser's same-origin cookie and names no agent itself", async () => {
    const spy = vi.spyOn(globalThis, "fetch");
    server.use(
      http.get("/api/probe", ({ request }) =>
        HttpResponse.json({
          agentHeader: request.headers.get("x-baton-agent"),
          authorization: request.headers.get("authorization"),
        }),
      ),
    );
    const answer = await apiRequest(
      z.object({ agentHeader: z.null(), authorization: z.null() }),
      "/api/probe",
    );
    expect(answer).toEqual({ agentHeader: null, authorization: null });
    expect(spy.mock.calls[0]?.[1]).toMatchObject({ credentials: "same-origin" });
  });

  it("a 401 to a signed-in request reports that the session ended; a public endpoint's 401 is only an answer", async () => {
    const ended = vi.fn();
    const stop = onSessionEnded(ended);
    server.use(
      http.get("/api/probe", unauthorized),
      http.post("/api/auth/sign-in", () =>
        HttpResponse.json({ error: { code: "invalid_credentials", message: "No." } }, { status: 401 }),
      ),
    );
    await expect(apiRequest(z.unknown(), "/api/probe")).rejects.toMatchObject({
      status: 401,
      code: "not_signed_in",
    });
    expect(ended).toHaveBeenCalledTimes(1);
    await expect(
      apiRequest(z.unknown(), "/api/auth/sign-in", { method: "POST", body: {}, publicEndpoint: true }),
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
      apiRequest(z.unknown(), "/api/auth/sign-in", { method: "POST", body: {}, publicEndpoint: true }),
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
      http.get("/api/probe", ({ request }) => {
        seen.push(request.headers.get("authorization"));
        return request.headers.get("authorization") === "Bearer token-1"
          ? HttpResponse.json({ ok: true })
          : unauthorized();
      }),
    );
    await expect(apiRequest(z.object({ ok: z.literal(true) }), "/api/probe")).resolves.toEqual({ ok: true });
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
      http.get("/api/probe", () => {
        calls++;
        return unauthorized();
      }),
    );
    await expect(apiRequest(z.unknown(), "/api/probe")).rejects.toMatchObject({ status: 401 });
    expect(calls).toBe(2);
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(ended).toHaveBeenCalledTimes(1);
    stop();
  });
});
