import { http, HttpResponse, type HttpHandler, type JsonBodyType } from "msw";
import { AGENT_HEADER, assignBody, cannedReplyBody, listConversationsQuery, sendMessageBody, timelineQuery } from "@contract/api.ts";
import type { z } from "zod";
import { MockApiError, type MockDb } from "@/mocks/mock-db.ts";

function fail(status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
  return HttpResponse.json({ error: { code, message }, ...extra }, { status });
}

function invalid(error: z.ZodError) {
  return HttpResponse.json(
    { error: { code: "invalid_request", message: "The request is not valid.", issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })) } },
    { status: 400 },
  );
}

async function run(fn: () => JsonBodyType | Promise<JsonBodyType>, status = 200) {
  try {
    return HttpResponse.json(await fn(), { status });
  } catch (error) {
    if (error instanceof MockApiError) return fail(error.status, error.code, error.message, error.extra);
    throw error;
  }
}

async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return null;
  }
}

const agentOf = (request: Request) => request.headers.get(AGENT_HEADER);
const param = (v: string | readonly string[] | undefined): string => (typeof v === "string" ? v : "");

/** The Baton API on a MockDb: one handler set for dev:mock, unit tests and previews. */
export function createHandlers(db: MockDb): HttpHandler[] {
  const action = (name: string, fn: (id: string, agentId: string | null) => unknown) =>
    http.post(`/api/conversations/:id/${name}`, ({ params, request }) => run(() => ({ conversation: fn(param(params.id), agentOf(request)) })));

  return [
    http.get("/api/settings", () => HttpResponse.json(db.settings)),
    http.get("/api/agents", () => HttpResponse.json({ agents: db.agents })),
    http.get("/api/conversations/counts", ({ request }) => HttpResponse.json(db.counts(agentOf(request)))),
    http.get("/api/conversations", ({ request }) => {
      const url = new URL(request.url);
      const parsed = listConversationsQuery.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) return invalid(parsed.error);
      const { view, q, cursor, limit } = parsed.data;
      return HttpResponse.json(db.list(view, q, cursor, limit, agentOf(request)));
    }),
    http.get("/api/conversations/:id", ({ params }) => run(() => db.detail(param(params.id)))),
    http.get("/api/conversations/:id/timeline", ({ params, request }) => {
      const parsed = timelineQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) return invalid(parsed.error);
      return run(() => db.olderPage(param(params.id), parsed.data.before, parsed.data.limit));
    }),
    http.post("/api/conversations/:id/messages", async ({ params, request }) => {
      const parsed = sendMessageBody.safeParse(await jsonBody(request));
      if (!parsed.success) return invalid(parsed.error);
      return run(() => db.send(param(params.id), parsed.data.text, parsed.data.clientId, agentOf(request)), 201);
    }),
    http.post("/api/conversations/:id/messages/:messageId/retry", ({ params, request }) => run(() => db.retry(param(params.id), param(params.messageId), agentOf(request)))),
    action("resolve", (id, a) => db.resolve(id, a)),
    action("reopen", (id, a) => db.reopen(id, a)),
    action("take-control", (id, a) => db.takeControl(id, a)),
    action("hand-back", (id, a) => db.handBack(id, a)),
    action("read", (id) => db.markRead(id)),
    http.post("/api/conversations/:id/assign", async ({ params, request }) => {
      const parsed = assignBody.safeParse(await jsonBody(request));
      if (!parsed.success) return invalid(parsed.error);
      return run(() => ({ conversation: db.assign(param(params.id), parsed.data.agentId, agentOf(request)) }));
    }),
    http.get("/api/canned-replies", () => HttpResponse.json({ replies: db.cannedReplies })),
    http.post("/api/canned-replies", async ({ request }) => {
      const parsed = cannedReplyBody.safeParse(await jsonBody(request));
      if (!parsed.success) return invalid(parsed.error);
      const reply = { id: `cr-${Date.now().toString(36)}`, ...parsed.data };
      db.cannedReplies = [...db.cannedReplies, reply];
      return HttpResponse.json(reply, { status: 201 });
    }),
    http.put("/api/canned-replies/:id", async ({ params, request }) => {
      const parsed = cannedReplyBody.safeParse(await jsonBody(request));
      if (!parsed.success) return invalid(parsed.error);
      const id = param(params.id);
      if (!db.cannedReplies.some((r) => r.id === id)) return fail(404, "not_found", "No such canned reply.");
      const reply = { id, ...parsed.data };
      db.cannedReplies = db.cannedReplies.map((r) => (r.id === id ? reply : r));
      return HttpResponse.json(reply);
    }),
    http.delete("/api/canned-replies/:id", ({ params }) => {
      db.cannedReplies = db.cannedReplies.filter((r) => r.id !== param(params.id));
      return new HttpResponse(null, { status: 204 });
    }),
    http.get("/api/live", ({ request }) => {
      const encoder = new TextEncoder();
      let unsubscribe = () => {};
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          const send = (data: unknown) => {
            try {
              controller.enqueue(encoder.encode(`data: ${JSON.stringify(data)}\n\n`));
            } catch {
              unsubscribe();
            }
          };
          send({ type: "hello", at: db.now().toISOString() });
          unsubscribe = db.subscribe(send);
          request.signal.addEventListener("abort", () => {
            unsubscribe();
            try {
              controller.close();
            } catch {
              // already closed
            }
          });
        },
        cancel() {
          unsubscribe();
        },
      });
      return new HttpResponse(stream, { headers: { "content-type": "text/event-stream", "cache-control": "no-cache" } });
    }),
  ];
}
