import type { HttpHandler } from "msw";
import { roleAtLeast } from "@contract/auth.ts";
import type { CannedReply } from "@contract/api.ts";
import type { ConversationSummary } from "@contract/conversation.ts";
import type { LiveEvent } from "@contract/live.ts";
import { insightsHandlers } from "@/mocks/insights-handlers.ts";
import { MockApiError, type MockDb } from "@/mocks/mock-db.ts";
import { mockRoutes } from "@/mocks/mock-routes.ts";
import { buildReviewCases } from "@/mocks/review-fixtures.ts";
import { createReviewHandlers, ReviewMockStore } from "@/mocks/review-handlers.ts";

/** How often the mock live stream sends a heartbeat, as the server does (server/live/hub.ts). */
const MOCK_HEARTBEAT_MS = 15_000;

const originOf = (request: Request) => new URL(request.url).origin;

/** The review queue of each mock database: its conversations are in the database, so their transcripts load. */
const reviewStores = new WeakMap<MockDb, ReviewMockStore>();

/**
 * The review queue served with this database (seeded on first use: the queue's bot-resolved conversations are put in
 * the database). Tests read what the UI sent (`received`, `reopened`) or shape the queue (`items`, `progress`).
 */
export function reviewStoreOf(db: MockDb): ReviewMockStore {
  const existing = reviewStores.get(db);
  if (existing) return existing;
  const cases = buildReviewCases({ now: db.now() });
  for (const c of cases) db.put(c.item.conversation, c.timeline);
  const store = new ReviewMockStore({ items: cases.map((c) => c.item), now: db.now() });
  reviewStores.set(db, store);
  return store;
}

/** The Baton API on a MockDb: one handler set for dev:mock, unit tests and previews. */
export function createHandlers(db: MockDb): HttpHandler[] {
  const auth = db.auth;
  // Every route's access (public, or the role it needs: 401 signed out, 403 below) comes from contract/routes.ts.
  const route = mockRoutes(() => auth.current());
  /** The signed-in agent's id (the route's access already answered 401 without a session). */
  const me = () => auth.requireSession().id;
  const action = (
    name: "resolve" | "reopen" | "take-control" | "hand-back" | "read",
    fn: (id: string, agentId: string) => ConversationSummary,
  ) =>
    route.json(`POST /api/conversations/:id/${name}`, ({ params }) => ({
      conversation: fn(params.id, me()),
    }));

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
    route.json("GET /api/auth/status", () => auth.status()),
    route.json("POST /api/auth/sign-in", ({ body }) => auth.signIn(body)),
    route.json("POST /api/auth/demo-sign-in", ({ body }) => auth.demoSignIn(body.agentId)),
    route.json("POST /api/auth/setup", ({ body }) => auth.setup(body)),
    route.json("POST /api/auth/link", ({ body }) => auth.linkInfo(body.token)),
    route.json("POST /api/auth/accept-invite", ({ body }) => auth.acceptInvite(body)),
    route.json("POST /api/auth/reset-password", ({ body }) => auth.resetPassword(body)),
    // --- auth: signed in ---
    route.json("GET /api/auth/session", () => auth.session()),
    route.json("POST /api/auth/sign-out", () => {
      auth.signOutSession();
      return null;
    }),
    route.json("POST /api/auth/sign-out-everywhere", () => {
      auth.signOutEverywhere();
      return null;
    }),
    // --- admin ---
    route.json("GET /api/admin/agents", () => ({ agents: auth.listAccounts() })),
    route.json("PATCH /api/admin/agents/:id", ({ params, body }) => ({
      agent: auth.updateAccount(params.id, body),
    })),
    route.json("POST /api/admin/agents/:id/reset-link", ({ params, request }) =>
      auth.createResetLink(params.id, originOf(request)),
    ),
    route.json("GET /api/admin/invitations", () => ({ invitations: auth.listInvitations() })),
    route.json("POST /api/admin/invitations", ({ body, request }) => auth.invite(body, originOf(request))),
    route.json("DELETE /api/admin/invitations/:id", ({ params }) => {
      auth.revokeInvitation(params.id);
      return null;
    }),
    route.json("GET /api/admin/audit", ({ query }) => auth.auditPage(query.cursor, query.limit)),
    route.json("GET /api/admin/unprocessable-events", () => ({ items: auth.listUnprocessableEvents() })),
    route.json("GET /api/admin/messenger", () => db.messengerSettings()),
    // --- Meta's policy alerts (managers and admins) ---
    route.json("GET /api/alerts", () => ({ alerts: db.unacknowledgedAlerts() })),
    route.json("POST /api/alerts/:id/acknowledge", ({ params }) => ({
      alert: db.acknowledgeAlert(params.id),
    })),
    // --- the managers' review queue and Insights, on this database's conversations ---
    ...createReviewHandlers({
      store: reviewStoreOf(db),
      reviewer: () => auth.current(),
      conversation: (id) => {
        try {
          return db.get(id);
        } catch (error) {
          if (error instanceof MockApiError && error.status === 404) return null;
          throw error;
        }
      },
      // As the server's verdict route: a deactivated assignee is refused, then the conversation service's reopen
      // and assign (the state machine's rules) run as the reviewer.
      onReopen: (conversationId, assigneeId) => {
        const reviewer = me();
        if (assigneeId !== null && auth.accounts.some((a) => a.id === assigneeId && !a.active))
          throw new MockApiError(
            400,
            "invalid_assignee",
            "That agent is deactivated and cannot take conversations.",
          );
        db.reopen(conversationId, reviewer);
        return db.assign(conversationId, assigneeId, reviewer);
      },
      now: db.now,
    }),
    ...insightsHandlers({ auth: () => auth }),
    // --- the inbox ---
    route.json("GET /api/settings", () => db.settings),
    route.json("GET /api/agents", () => ({ agents: db.agents })),
    route.json("GET /api/conversations/counts", () => db.counts(me())),
    route.json("GET /api/conversations", ({ query }) =>
      db.list(query.view, query.q, query.cursor, query.limit, me()),
    ),
    route.json("GET /api/conversations/:id", ({ params, query }) => db.detail(params.id, query.limit)),
    route.json("GET /api/conversations/:id/timeline", ({ params, query }) =>
      db.olderPage(params.id, query.before, query.limit),
    ),
    route.json("POST /api/conversations/:id/messages", ({ params, body }) =>
      db.send(params.id, body.text, body.clientId, me()),
    ),
    route.json("POST /api/conversations/:id/messages/:messageId/retry", ({ params }) =>
      db.retry(params.id, params.messageId, me()),
    ),
    action("resolve", (id, a) => db.resolve(id, a)),
    action("reopen", (id, a) => {
      // As the server: reopening what the bot closed is the Bot Resolved review, a manager's call; agents may
      // reopen what a person resolved.
      if (db.get(id).status === "bot_resolved" && !roleAtLeast(auth.requireSession().role, "manager"))
        throw new MockApiError(
          403,
          "forbidden",
          "Only a manager can reopen a conversation the bot resolved.",
        );
      return db.reopen(id, a);
    }),
    action("take-control", (id, a) => db.takeControl(id, a)),
    action("hand-back", (id, a) => db.handBack(id, a)),
    action("read", (id, a) => db.markRead(id, a)),
    route.json("POST /api/conversations/:id/assign", ({ params, body }) => {
      const account = auth.requireSession();
      const id = params.id;
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
    route.json("GET /api/canned-replies", () => ({ replies: cannedRepliesOf(me()) })),
    route.json("POST /api/canned-replies", ({ body }) => {
      const account = auth.requireSession();
      if (body.shared && !roleAtLeast(account.role, "manager"))
        throw new MockApiError(403, "forbidden", "Only managers and admins can add shared canned replies.");
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
    }),
    route.json("PUT /api/canned-replies/:id", ({ params, body }) => {
      const id = params.id;
      const account = auth.requireSession();
      editableReply(id, body.shared);
      const reply: CannedReply = { id, ...body };
      db.cannedReplies = db.cannedReplies.map((r) => (r.id === id ? reply : r));
      if (reply.shared) db.cannedReplyOwners.delete(id);
      else if (!db.cannedReplyOwners.has(id)) db.cannedReplyOwners.set(id, account.id);
      return reply;
    }),
    route.json("DELETE /api/canned-replies/:id", ({ params }) => {
      editableReply(params.id, null);
      db.cannedReplies = db.cannedReplies.filter((r) => r.id !== params.id);
      db.cannedReplyOwners.delete(params.id);
      return null;
    }),
    route.raw("GET /api/live", ({ request }) => {
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
          const send = (data: LiveEvent) => {
            try {
              controller.enqueue(encoder.encode(`data: ${JSON.stringify(data)}\n\n`));
            } catch {
              unsubscribe();
            }
          };
          // Like the server: a heartbeat every MOCK_HEARTBEAT_MS, so the client can tell a quiet stream from a dead one
          // (without it, a mock stream silent for 2.5 intervals would read "Reconnecting…").
          send({ type: "hello", at: db.now().toISOString(), heartbeatMs: MOCK_HEARTBEAT_MS });
          const heartbeat = setInterval(() => send({ type: "heartbeat" }), MOCK_HEARTBEAT_MS);
          const stopEvents = db.subscribe(send);
          // The session's end closes its stream at once (the server does the same on sign-out and deactivation).
          const stopOnEnd = auth.onSessionEnd(close);
          unsubscribe = () => {
            clearInterval(heartbeat);
            stopEvents();
            stopOnEnd();
          };
          request.signal.addEventListener("abort", close);
        },
        cancel() {
          unsubscribe();
        },
      });
      return new Response(stream, {
        headers: { "content-type": "text/event-stream", "cache-control": "no-cache" },
      });
    }),
  ];
}
