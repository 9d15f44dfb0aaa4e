import { http, HttpResponse, type HttpHandler, type JsonBodyType } from "msw";
import {
  assignBody,
  cannedReplyBody,
  listConversationsQuery,
  sendMessageBody,
  timelineQuery,
  type CannedReply,
} from "@contract/api.ts";
import {
  acceptInviteBody,
  auditQuery,
  demoSignInBody,
  inviteBody,
  linkInfoBody,
  resetPasswordBody,
  roleAtLeast,
  setupBody,
  signInBody,
  updateAgentBody,
} from "@contract/auth.ts";
import type { z } from "zod";
import { TooManyAttempts } from "@/mocks/mock-auth.ts";
import { MockApiError, type MockDb } from "@/mocks/mock-db.ts";

function fail(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) {
  return HttpResponse.json({ error: { code, message }, ...extra }, { status, headers });
}

function invalid(error: z.ZodError) {
  return HttpResponse.json(
    {
      error: {
        code: "invalid_request",
        message: "The request is not valid.",
        issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
      },
    },
    { status: 400 },
  );
}

function failWith(error: unknown) {
  if (error instanceof TooManyAttempts)
    return fail(error.status, error.code, error.message, error.extra, {
      "retry-after": String(error.retryAfterSeconds),
    });
  if (error instanceof MockApiError) return fail(error.status, error.code, error.message, error.extra);
  throw error;
}

async function run(fn: () => JsonBodyType | Promise<JsonBodyType>, status = 200) {
  try {
    return HttpResponse.json(await fn(), { status });
  } catch (error) {
    return failWith(error);
  }
}

/** An endpoint that answers 204 No Content. */
async function runEmpty(fn: () => void | Promise<void>) {
  try {
    await fn();
    return new HttpResponse(null, { status: 204 });
  } catch (error) {
    return failWith(error);
  }
}

/** Parses a JSON body with a contract schema, then answers with `fn`'s result (400 invalid_request when it does not parse). */
async function withBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  fn: (body: z.infer<S>) => JsonBodyType | Promise<JsonBodyType>,
  status = 200,
) {
  const parsed = schema.safeParse(await jsonBody(request));
  if (!parsed.success) return invalid(parsed.error);
  return run(() => fn(parsed.data), status);
}

async function jsonBody(request: Request): Promise<unknown> {
  try {
    return await request.json();
  } catch {
    return null;
  }
}

const param = (v: string | readonly string[] | undefined): string => (typeof v === "string" ? v : "");
const originOf = (request: Request) => new URL(request.url).origin;

/** The Baton API on a MockDb: one handler set for dev:mock, unit tests and previews. */
export function createHandlers(db: MockDb): HttpHandler[] {
  const auth = db.auth;
  /** The signed-in agent's id, or a 401 answer (every route but the public auth ones starts here). */
  const me = () => auth.requireSession().id;
  /** An answer only a signed-in agent gets. */
  const signedIn =
    <T>(fn: () => T) =>
    (): T => {
      me();
      return fn();
    };
  const action = (name: string, fn: (id: string, agentId: string) => unknown) =>
    http.post(`/api/conversations/:id/${name}`, ({ params }) =>
      run(() => ({ conversation: fn(param(params.id), me()) })),
    );

  /** Canned replies this agent sees: their personal ones first, then the shared ones. */
  const cannedRepliesOf = (agentId: string): CannedReply[] => [
    ...db.cannedReplies.filter((r) => !r.shared && db.cannedReplyOwners.get(r.id) === agentId),
    ...db.cannedReplies.filter((r) => r.shared),
  ];
  /** A canned reply this agent may change: their own personal one, or a shared one for a manager or admin. */
  const editableReply = (id: string, sharedAfter: boolean | null): CannedReply => {
    const account = auth.requireSession();
    const reply = db.cannedReplies.find((r) => r.id === id);
    if (!reply || (!reply.shared && db.cannedReplyOwners.get(id) !== account.id))
      throw new MockApiError(404, "not_found", "There is no such canned reply.");
    if ((reply.shared || sharedAfter) && !roleAtLeast(account.role, "manager"))
      throw new MockApiError(403, "forbidden", "Only managers and admins can change shared canned replies.");
    return reply;
  };

  return [
    // --- auth: public ---
    http.get("/api/auth/status", () => HttpResponse.json(auth.status())),
    http.post("/api/auth/sign-in", ({ request }) =>
      withBody(request, signInBody, (body) => auth.signIn(body)),
    ),
    http.post("/api/auth/demo-sign-in", ({ request }) =>
      withBody(request, demoSignInBody, (body) => auth.demoSignIn(body.agentId)),
    ),
    http.post("/api/auth/setup", ({ request }) => withBody(request, setupBody, (body) => auth.setup(body))),
    http.post("/api/auth/link", ({ request }) =>
      withBody(request, linkInfoBody, (body) => auth.linkInfo(body.token)),
    ),
    http.post("/api/auth/accept-invite", ({ request }) =>
      withBody(request, acceptInviteBody, (body) => auth.acceptInvite(body)),
    ),
    http.post("/api/auth/reset-password", ({ request }) =>
      withBody(request, resetPasswordBody, (body) => auth.resetPassword(body)),
    ),
    // --- auth: signed in ---
    http.get("/api/auth/session", () => run(() => auth.session())),
    http.post("/api/auth/sign-out", () =>
      runEmpty(() => {
        auth.requireSession();
        auth.signOutSession();
      }),
    ),
    http.post("/api/auth/sign-out-everywhere", () => runEmpty(() => auth.signOutEverywhere())),
    // --- admin ---
    http.get("/api/admin/agents", () => run(() => ({ agents: auth.listAccounts() }))),
    http.patch("/api/admin/agents/:id", ({ params, request }) =>
      withBody(request, updateAgentBody, (body) => ({ agent: auth.updateAccount(param(params.id), body) })),
    ),
    http.post("/api/admin/agents/:id/reset-link", ({ params, request }) =>
      run(() => auth.createResetLink(param(params.id), originOf(request))),
    ),
    http.get("/api/admin/invitations", () => run(() => ({ invitations: auth.listInvitations() }))),
    http.post("/api/admin/invitations", ({ request }) =>
      withBody(request, inviteBody, (body) => auth.invite(body, originOf(request)), 201),
    ),
    http.delete("/api/admin/invitations/:id", ({ params }) =>
      runEmpty(() => auth.revokeInvitation(param(params.id))),
    ),
    http.get("/api/admin/audit", ({ request }) => {
      const parsed = auditQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) return invalid(parsed.error);
      return run(() => auth.auditPage(parsed.data.cursor, parsed.data.limit));
    }),
    http.get("/api/admin/unprocessable-events", () => run(() => ({ items: auth.listUnprocessableEvents() }))),
    http.get("/api/admin/messenger", () => run(() => db.messengerSettings())),
    // --- Meta's policy alerts (managers and admins) ---
    http.get("/api/alerts", () => run(() => ({ alerts: db.unacknowledgedAlerts() }))),
    http.post("/api/alerts/:id/acknowledge", ({ params }) =>
      run(() => ({ alert: db.acknowledgeAlert(param(params.id)) })),
    ),
    // --- the inbox ---
    http.get("/api/settings", () => run(signedIn(() => db.settings))),
    http.get("/api/agents", () => run(signedIn(() => ({ agents: db.agents })))),
    http.get("/api/conversations/counts", () => run(() => db.counts(me()))),
    http.get("/api/conversations", ({ request }) => {
      const url = new URL(request.url);
      const parsed = listConversationsQuery.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) return invalid(parsed.error);
      const { view, q, cursor, limit } = parsed.data;
      return run(() => db.list(view, q, cursor, limit, me()));
    }),
    http.get("/api/conversations/:id", ({ params }) => run(signedIn(() => db.detail(param(params.id))))),
    http.get("/api/conversations/:id/timeline", ({ params, request }) => {
      const parsed = timelineQuery.safeParse(Object.fromEntries(new URL(request.url).searchParams));
      if (!parsed.success) return invalid(parsed.error);
      return run(signedIn(() => db.olderPage(param(params.id), parsed.data.before, parsed.data.limit)));
    }),
    http.post("/api/conversations/:id/messages", ({ params, request }) =>
      withBody(
        request,
        sendMessageBody,
        (body) => db.send(param(params.id), body.text, body.clientId, me()),
        201,
      ),
    ),
    http.post("/api/conversations/:id/messages/:messageId/retry", ({ params }) =>
      run(() => db.retry(param(params.id), param(params.messageId), me())),
    ),
    action("resolve", (id, a) => db.resolve(id, a)),
    action("reopen", (id, a) => db.reopen(id, a)),
    action("take-control", (id, a) => db.takeControl(id, a)),
    action("hand-back", (id, a) => db.handBack(id, a)),
    action("read", (id, a) => db.markRead(id, a)),
    http.post("/api/conversations/:id/assign", ({ params, request }) =>
      withBody(request, assignBody, (body) => {
        const account = auth.requireSession();
        const id = param(params.id);
        // As the server's route: agents take conversations for themselves and let go of their own; handing work
        // to others is a manager's; a deactivated agent takes none.
        if (!roleAtLeast(account.role, "manager")) {
          const own =
            body.agentId === account.id || (body.agentId === null && db.get(id).assignee?.id === account.id);
          if (!own)
            throw new MockApiError(
              403,
              "forbidden",
              "Only a manager can assign a conversation to someone else.",
            );
        }
        if (body.agentId !== null && auth.accounts.some((a) => a.id === body.agentId && !a.active))
          throw new MockApiError(
            400,
            "invalid_assignee",
            "That agent is deactivated and cannot take conversations.",
          );
        return { conversation: db.assign(id, body.agentId, account.id) };
      }),
    ),
    http.get("/api/canned-replies", () => run(() => ({ replies: cannedRepliesOf(me()) }))),
    http.post("/api/canned-replies", ({ request }) =>
      withBody(
        request,
        cannedReplyBody,
        (body) => {
          const account = auth.requireSession();
          if (body.shared && !roleAtLeast(account.role, "manager"))
            throw new MockApiError(
              403,
              "forbidden",
              "Only managers and admins can add shared canned replies.",
            );
          if (cannedRepliesOf(account.id).some((r) => r.shortcut === body.shortcut))
            throw new MockApiError(
              409,
              "duplicate_shortcut",
              `A canned reply with the shortcut /${body.shortcut} exists already.`,
            );
          const reply: CannedReply = {
            id: `cr-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`,
            ...body,
          };
          db.cannedReplies = [...db.cannedReplies, reply];
          if (!reply.shared) db.cannedReplyOwners.set(reply.id, account.id);
          return reply;
        },
        201,
      ),
    ),
    http.put("/api/canned-replies/:id", ({ params, request }) =>
      withBody(request, cannedReplyBody, (body) => {
        const id = param(params.id);
        const account = auth.requireSession();
        editableReply(id, body.shared);
        const reply: CannedReply = { id, ...body };
        db.cannedReplies = db.cannedReplies.map((r) => (r.id === id ? reply : r));
        if (reply.shared) db.cannedReplyOwners.delete(id);
        else if (!db.cannedReplyOwners.has(id)) db.cannedReplyOwners.set(id, account.id);
        return reply;
      }),
    ),
    http.delete("/api/canned-replies/:id", ({ params }) =>
      runEmpty(() => {
        const id = param(params.id);
        editableReply(id, null);
        db.cannedReplies = db.cannedReplies.filter((r) => r.id !== id);
        db.cannedReplyOwners.delete(id);
      }),
    ),
    http.get("/api/live", ({ request }) => {
      if (!auth.current()) return fail(401, "not_signed_in", "Sign in to Baton first.");
      const encoder = new TextEncoder();
      let unsubscribe = () => {};
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          const close = () => {
            unsubscribe();
            try {
              controller.close();
            } catch {
              // already closed
            }
          };
          const send = (data: unknown) => {
            try {
              controller.enqueue(encoder.encode(`data: ${JSON.stringify(data)}\n\n`));
            } catch {
              unsubscribe();
            }
          };
          send({ type: "hello", at: db.now().toISOString() });
          const stopEvents = db.subscribe(send);
          // The session's end closes its stream at once (the server does the same on sign-out and deactivation).
          const stopOnEnd = auth.onSessionEnd(close);
          unsubscribe = () => {
            stopEvents();
            stopOnEnd();
          };
          request.signal.addEventListener("abort", close);
        },
        cancel() {
          unsubscribe();
        },
      });
      return new HttpResponse(stream, {
        headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
      });
    }),
  ];
}
