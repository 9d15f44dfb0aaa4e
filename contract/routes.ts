import { z } from "zod/mini";
import {
  agentsResponse,
  assignBody,
  cannedRepliesResponse,
  cannedReply,
  cannedReplyBody,
  conversationDetail,
  conversationPage,
  conversationResult,
  listConversationsQuery,
  sendMessageBody,
  sendMessageResult,
  settingsResponse,
  timelinePage,
  timelineQuery,
  viewCounts,
} from "./api.ts";
import {
  acceptInviteBody,
  agentAccountResponse,
  agentAccountsResponse,
  auditPage,
  auditQuery,
  authStatus,
  demoSignInBody,
  invitationsResponse,
  inviteBody,
  linkInfo,
  linkInfoBody,
  oneTimeLink,
  resetPasswordBody,
  sessionResponse,
  setupBody,
  signInBody,
  unprocessableEventsResponse,
  updateAgentBody,
  type Role,
} from "./auth.ts";
import { embedConfig, embedConfigQuery, embedSession, embedSessionBody } from "./embed.ts";
import { liveEvent } from "./live.ts";
import { insightsQuery, insightsResponse } from "./insights.ts";
import {
  knowledgeGapsQuery,
  knowledgeGapsResponse,
  reviewGoalBody,
  reviewProgress,
  reviewQueueResponse,
  verdictBody,
  verdictResult,
} from "./review.ts";
import { messengerSettings, policyAlertResult, policyAlertsResponse } from "./signals.ts";

/**
 * Every /api endpoint, once: its method and path (`:name` marks a path parameter), who may call it, what it reads
 * (query, JSON body) and what it answers. The server registers its routes from this table (server/http/route.ts:
 * the input is parsed with these schemas, invalid input answers 400 with `apiError`, and a handler's return value
 * must type-check against `response`); the SPA calls through `api()` (src/lib/api-client.ts), typed from the same
 * table, so a path, a parameter or a body that does not match cannot compile.
 *
 * The SPA imports this module's types only: importing its value would bring every schema (admin, embed) into the
 * inbox's first load.
 */
export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Who may call a route: anyone, or a signed-in account of at least this role (401 without a session, 403 below). */
export type Access = "public" | Role;

export interface JsonRouteSpec {
  access: Access;
  /** The query string, parsed from its string values (so numbers use z.coerce). */
  query?: z.ZodMiniType;
  /** The JSON body. A route without one ignores what is sent. */
  body?: z.ZodMiniType;
  /** The JSON answer on success; `z.null()` with status 204 for an empty answer. */
  response: z.ZodMiniType;
  /** The success status: 200 unless said. */
  status?: 200 | 201 | 204;
}

/** A Server-Sent Events stream: one JSON `event` per `data:` line. */
export interface StreamRouteSpec {
  access: Access;
  stream: z.ZodMiniType;
}

export type RouteSpec = JsonRouteSpec | StreamRouteSpec;
export type RouteKey = `${HttpMethod} /api/${string}`;

const empty = z.null();

export const apiRoutes = {
  // Sign-in, sign-out, setup and one-time links (server/http/auth-routes.ts).
  "GET /api/auth/status": { access: "public", response: authStatus },
  "POST /api/auth/sign-in": { access: "public", body: signInBody, response: sessionResponse },
  /** Only when the local demo runs (its team is in the status's demoAgents); 404 otherwise. */
  "POST /api/auth/demo-sign-in": { access: "public", body: demoSignInBody, response: sessionResponse },
  "POST /api/auth/setup": { access: "public", body: setupBody, response: sessionResponse, status: 201 },
  "POST /api/auth/accept-invite": {
    access: "public",
    body: acceptInviteBody,
    response: sessionResponse,
    status: 201,
  },
  "POST /api/auth/reset-password": { access: "public", body: resetPasswordBody, response: sessionResponse },
  /** A POST so the link's token never lands in an address or a log. */
  "POST /api/auth/link": { access: "public", body: linkInfoBody, response: linkInfo },
  "GET /api/auth/session": { access: "agent", response: sessionResponse },
  "POST /api/auth/sign-out": { access: "agent", response: empty, status: 204 },
  "POST /api/auth/sign-out-everywhere": { access: "agent", response: empty, status: 204 },

  // Administration (server/http/admin-routes.ts, signals-routes.ts).
  "GET /api/admin/agents": { access: "admin", response: agentAccountsResponse },
  "PATCH /api/admin/agents/:id": { access: "admin", body: updateAgentBody, response: agentAccountResponse },
  "POST /api/admin/agents/:id/reset-link": { access: "admin", response: oneTimeLink, status: 201 },
  "GET /api/admin/invitations": { access: "admin", response: invitationsResponse },
  "POST /api/admin/invitations": { access: "admin", body: inviteBody, response: oneTimeLink, status: 201 },
  "DELETE /api/admin/invitations/:id": { access: "admin", response: empty, status: 204 },
  "GET /api/admin/audit": { access: "admin", query: auditQuery, response: auditPage },
  "GET /api/admin/unprocessable-events": { access: "admin", response: unprocessableEventsResponse },
  "GET /api/admin/messenger": { access: "admin", response: messengerSettings },

  // Meta's policy alerts (server/http/signals-routes.ts).
  "GET /api/alerts": { access: "manager", response: policyAlertsResponse },
  "POST /api/alerts/:id/acknowledge": { access: "manager", response: policyAlertResult },

  // The managers' review of what the bot resolved, and Insights (server/http/review-routes.ts).
  "GET /api/review/queue": { access: "manager", response: reviewQueueResponse },
  /** A verdict; "false resolution" and "should have escalated" may reopen and assign in the same step. */
  "POST /api/review/verdicts": { access: "manager", body: verdictBody, response: verdictResult, status: 201 },
  "PUT /api/review/goal": { access: "manager", body: reviewGoalBody, response: reviewProgress },
  /** JSON, or text/csv with ?format=csv. */
  "GET /api/review/knowledge-gaps": {
    access: "manager",
    query: knowledgeGapsQuery,
    response: knowledgeGapsResponse,
  },
  "GET /api/insights": { access: "manager", query: insightsQuery, response: insightsResponse },

  // The inbox (server/http/api-routes.ts).
  "GET /api/settings": { access: "agent", response: settingsResponse },
  "GET /api/agents": { access: "agent", response: agentsResponse },
  "GET /api/conversations": { access: "agent", query: listConversationsQuery, response: conversationPage },
  "GET /api/conversations/counts": { access: "agent", response: viewCounts },
  "GET /api/conversations/:id": { access: "agent", query: timelineQuery, response: conversationDetail },
  "GET /api/conversations/:id/timeline": { access: "agent", query: timelineQuery, response: timelinePage },
  "POST /api/conversations/:id/messages": {
    access: "agent",
    body: sendMessageBody,
    response: sendMessageResult,
    status: 201,
  },
  "POST /api/conversations/:id/messages/:messageId/retry": { access: "agent", response: sendMessageResult },
  "POST /api/conversations/:id/resolve": { access: "agent", response: conversationResult },
  /** Reopening what the bot resolved is a manager's (403 for agents). */
  "POST /api/conversations/:id/reopen": { access: "agent", response: conversationResult },
  "POST /api/conversations/:id/read": { access: "agent", response: conversationResult },
  "POST /api/conversations/:id/take-control": { access: "agent", response: conversationResult },
  "POST /api/conversations/:id/hand-back": { access: "agent", response: conversationResult },
  /** Agents assign to themselves or let go of their own; anything else is a manager's (403). */
  "POST /api/conversations/:id/assign": { access: "agent", body: assignBody, response: conversationResult },
  "GET /api/canned-replies": { access: "agent", response: cannedRepliesResponse },
  "POST /api/canned-replies": { access: "agent", body: cannedReplyBody, response: cannedReply, status: 201 },
  "PUT /api/canned-replies/:id": { access: "agent", body: cannedReplyBody, response: cannedReply },
  "DELETE /api/canned-replies/:id": { access: "agent", response: empty, status: 204 },
  "GET /api/live": { access: "agent", stream: liveEvent },

  // Embedded mode, before a session exists (server/http/embed-routes.ts).
  "GET /api/embed/config": { access: "public", query: embedConfigQuery, response: embedConfig },
  "POST /api/embed/session": {
    access: "public",
    body: embedSessionBody,
    response: embedSession,
    status: 201,
  },
} satisfies Record<RouteKey, RouteSpec>;

export type ApiRoutes = typeof apiRoutes;
export type ApiRouteKey = keyof ApiRoutes;
/** The routes that answer JSON (every one but the live stream). */
export type JsonRouteKey = {
  [K in ApiRouteKey]: ApiRoutes[K] extends JsonRouteSpec ? K : never;
}[ApiRouteKey];

export type RouteMethod<K extends string> = K extends `${infer M extends HttpMethod} ${string}` ? M : never;
export type RoutePath<K extends string> = K extends `${HttpMethod} ${infer P}` ? P : never;

type ParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | ParamNames<Rest>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;
/** The path's parameters by name, e.g. `{ id: string }` for /api/conversations/:id. */
export type RouteParams<K extends string> = { [N in ParamNames<RoutePath<K>>]: string };

type SchemaOf<K extends ApiRouteKey, Part extends "query" | "body"> = ApiRoutes[K] extends {
  [P in Part]: infer S extends z.ZodMiniType;
}
  ? S
  : never;
type Parsed<S extends z.ZodMiniType> = [S] extends [never] ? undefined : z.output<S>;
type Sent<S extends z.ZodMiniType> = [S] extends [never] ? undefined : z.input<S>;
/** The query a caller sends (before the server's defaults); undefined when the route reads none. */
export type RouteQueryInput<K extends ApiRouteKey> = Sent<SchemaOf<K, "query">>;
/** The query as a handler gets it, parsed and with defaults. */
export type RouteQuery<K extends ApiRouteKey> = Parsed<SchemaOf<K, "query">>;
/** The body a caller sends (before the server's defaults); undefined when the route reads none. */
export type RouteBodyInput<K extends ApiRouteKey> = Sent<SchemaOf<K, "body">>;
/** The body as a handler gets it, parsed and with defaults. */
export type RouteBody<K extends ApiRouteKey> = Parsed<SchemaOf<K, "body">>;

/** The schema of a JSON route's answer. */
export type ResponseSchema<K extends JsonRouteKey> = ApiRoutes[K]["response"];
/** A JSON route's answer as the SPA reads it. */
export type RouteResponse<K extends JsonRouteKey> = z.output<ResponseSchema<K>>;
