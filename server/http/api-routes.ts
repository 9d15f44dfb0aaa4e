import { Hono } from "hono";
import { randomUUID } from "node:crypto";
import { roleAtLeast, type AuditAction } from "../../contract/auth.ts";
import type { CannedReply } from "../../contract/api.ts";
import type { ConversationSummary } from "../../contract/conversation.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import {
  countViews,
  getConversationRow,
  listConversations,
  timelinePage,
  toSummary,
} from "../conversations/queries.ts";
import type { ConversationService } from "../conversations/service.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors.ts";
import type { AuthService } from "../auth/auth-service.ts";
import { signedIn, type AuthEnv } from "../auth/policy.ts";
import type { AuthContext } from "../auth/sessions.ts";
import type { LiveConnections } from "../live/connections.ts";
import type { LiveHub } from "../live/hub.ts";
import { liveStream } from "../live/stream.ts";
import { listAgents } from "./agents.ts";
import { contractRoutes } from "./route.ts";

interface Deps {
  db: Database;
  service: ConversationService;
  live: LiveHub;
  connections: LiveConnections;
  auth: AuthService;
  clock: Clock;
  config: Config;
  simulator: boolean;
}

/**
 * The SPA's API: conversations, canned replies and the live stream, as contract/routes.ts declares them (who may
 * call each, its query, body and answer).
 */
export function apiRoutes(deps: Deps) {
  const { db, service, auth } = deps;
  const app = new Hono<AuthEnv>();
  const route = contractRoutes(app, "/api");

  route.json("GET /api/settings", () => ({
    humanAgentTagEnabled: deps.config.HUMAN_AGENT_TAG,
    pageName: deps.config.PAGE_NAME,
    simulator: deps.simulator,
  }));

  route.json("GET /api/agents", async () => ({ agents: await listAgents(db) }));

  route.json("GET /api/conversations", async (c, { query }) =>
    listConversations(db, {
      ...query,
      agentId: signedIn(c).agent.id,
      now: deps.clock.now(),
      policy: service.policy,
      searchTimeoutMs: deps.config.SEARCH_TIMEOUT_MS,
    }),
  );

  route.json("GET /api/conversations/counts", async (c) => countViews(db, signedIn(c).agent.id));

  route.json("GET /api/conversations/:id", async (_c, { params, query }) => {
    const row = await getConversationRow(db, params.id);
    if (!row) throw new AppError(404, "not_found", "There is no such conversation.");
    return {
      conversation: toSummary(row, deps.clock.now(), service.policy),
      timeline: await timelinePage(db, row.id, { limit: query.limit }),
      handoffItemId: row.handoff_item_id,
    };
  });

  route.json("GET /api/conversations/:id/timeline", async (_c, { params, query }) => {
    const [exists] = await db.query("select 1 from conversations where id = $1", [params.id]);
    if (!exists) throw new AppError(404, "not_found", "There is no such conversation.");
    return timelinePage(db, params.id, query);
  });

  route.json("POST /api/conversations/:id/messages", async (c, { params, body }) =>
    service.sendReply({ conversationId: params.id, agentId: signedIn(c).agent.id, ...body }),
  );

  route.json("POST /api/conversations/:id/messages/:messageId/retry", async (c, { params }) =>
    service.sendReply({
      conversationId: params.id,
      agentId: signedIn(c).agent.id,
      text: "",
      clientId: randomUUID(),
      retryOf: params.messageId,
    }),
  );

  /** An action on a conversation, recorded in the audit log when `audited` names it. */
  const action = (
    key: `POST /api/conversations/:id/${"resolve" | "reopen" | "read" | "take-control" | "hand-back"}`,
    audited: AuditAction | null,
    run: (id: string, me: AuthContext["agent"]) => Promise<ConversationSummary>,
  ) =>
    route.json(key, async (c, { params }) => {
      const me = signedIn(c).agent;
      const conversation = await run(params.id, me);
      if (audited)
        await auth.audit({ actorId: me.id, action: audited, target: params.id, ip: c.get("clientIp") });
      return { conversation };
    });
  action("POST /api/conversations/:id/resolve", "resolve", (id, me) => service.resolve(id, me.id));
  action("POST /api/conversations/:id/reopen", "reopen", async (id, me) => {
    // Reopening what the bot closed is the Bot Resolved review: a manager's call. Agents may reopen what a person resolved.
    const row = await getConversationRow(db, id);
    if (row?.status === "bot_resolved" && !roleAtLeast(me.role, "manager")) {
      throw new AppError(403, "forbidden", "Only a manager can reopen a conversation the bot resolved.");
    }
    return service.reopen(id, me.id);
  });
  action("POST /api/conversations/:id/read", null, (id, me) => service.markRead(id, me.id));
  action("POST /api/conversations/:id/take-control", "take_control", (id, me) =>
    service.takeControl(id, me.id),
  );
  action("POST /api/conversations/:id/hand-back", "hand_back", (id, me) => service.handBack(id, me.id));

  route.json("POST /api/conversations/:id/assign", async (c, { params, body }) => {
    const me = signedIn(c).agent;
    const id = params.id;
    if (!roleAtLeast(me.role, "manager")) {
      // Agents take conversations for themselves and let go of their own; handing work to others is a manager's.
      const row = await getConversationRow(db, id);
      const own = body.agentId === me.id || (body.agentId === null && row?.assignee_id === me.id);
      if (row && !own)
        throw new AppError(403, "forbidden", "Only a manager can assign a conversation to someone else.");
    }
    if (body.agentId !== null) {
      const [assignee] = await db.query<{ active: boolean }>("select active from agents where id = $1", [
        body.agentId,
      ]);
      if (assignee && !assignee.active)
        throw new AppError(
          400,
          "invalid_assignee",
          "That agent is deactivated and cannot take conversations.",
        );
    }
    const conversation = await service.assign(id, me.id, body.agentId);
    await auth.audit({
      actorId: me.id,
      action: "assign",
      target: id,
      detail: { to: body.agentId },
      ip: c.get("clientIp"),
    });
    return { conversation };
  });

  const replyColumns = "id, shortcut, text, owner_id is null as shared";
  route.json("GET /api/canned-replies", async (c) => {
    const replies = await db.query<CannedReply>(
      `select ${replyColumns} from canned_replies where owner_id is null or owner_id = $1 order by (owner_id is null), shortcut`,
      [signedIn(c).agent.id],
    );
    return { replies };
  });

  /** Agents keep their own canned replies; shared ones are a manager's to write. */
  const mayEdit = (me: AuthContext["agent"], shared: boolean) => {
    if (shared && !roleAtLeast(me.role, "manager"))
      throw new AppError(403, "forbidden", "Only a manager can change the team's shared canned replies.");
  };
  const duplicate = (shortcut: string) =>
    new AppError(409, "duplicate_shortcut", `A canned reply with the shortcut /${shortcut} exists already.`);

  route.json("POST /api/canned-replies", async (c, { body }) => {
    const me = signedIn(c).agent;
    mayEdit(me, body.shared);
    const [reply] = await db.query<CannedReply>(
      `insert into canned_replies (id, shortcut, text, created_at, owner_id) values ($1, $2, $3, $4, $5)
       on conflict do nothing returning ${replyColumns}`,
      [
        `cr_${randomUUID()}`,
        body.shortcut,
        body.text,
        deps.clock.now().getTime(),
        body.shared ? null : me.id,
      ],
    );
    if (!reply) throw duplicate(body.shortcut);
    return reply;
  });

  /** The canned reply this agent may see, or a 404 (another agent's personal replies do not exist for them). */
  const visibleReply = async (id: string, me: AuthContext["agent"]) => {
    const [row] = await db.query<{ owner_id: string | null }>(
      "select owner_id from canned_replies where id = $1",
      [id],
    );
    if (!row || (row.owner_id !== null && row.owner_id !== me.id))
      throw new AppError(404, "not_found", "There is no such canned reply.");
    return row;
  };

  route.json("PUT /api/canned-replies/:id", async (c, { params, body }) => {
    const me = signedIn(c).agent;
    const id = params.id;
    const existing = await visibleReply(id, me);
    mayEdit(me, existing.owner_id === null || body.shared);
    const owner = body.shared ? null : (existing.owner_id ?? me.id);
    const clash = await db.query(
      "select 1 from canned_replies where shortcut = $1 and id <> $2 and coalesce(owner_id, '') = coalesce($3, '')",
      [body.shortcut, id, owner],
    );
    if (clash.length > 0) throw duplicate(body.shortcut);
    const [reply] = await db.query<CannedReply>(
      `update canned_replies set shortcut = $2, text = $3, owner_id = $4 where id = $1 returning ${replyColumns}`,
      [id, body.shortcut, body.text, owner],
    );
    if (!reply) throw new AppError(404, "not_found", "There is no such canned reply.");
    return reply;
  });

  route.json("DELETE /api/canned-replies/:id", async (c, { params }) => {
    const me = signedIn(c).agent;
    const existing = await visibleReply(params.id, me);
    mayEdit(me, existing.owner_id === null);
    await db.query("delete from canned_replies where id = $1", [params.id]);
    return null;
  });

  route.raw("GET /api/live", (c) => {
    const session = signedIn(c);
    let close = (_reconnectInMs?: number) => {};
    const release = deps.connections.open(session.sessionId, session.agent.id, (ms) => close(ms));
    if (!release)
      throw new AppError(
        429,
        "too_many_streams",
        "This session has too many live streams open. Close a tab and try again.",
      );
    const stream = liveStream({
      hub: deps.live,
      // EventSource sends it by itself; the SPA's fetch reader sends it too.
      lastEventId: c.req.header("last-event-id"),
      stillValid: () => auth.sessions.stillValid(session.sessionId, deps.clock.now().getTime()),
      onEnd: release,
      log: c.var.log,
    });
    close = stream.close;
    return new Response(stream.body, {
      headers: {
        "content-type": "text/event-stream",
        "cache-control": "no-cache",
        // Proxies (nginx) must pass each event on at once.
        "x-accel-buffering": "no",
      },
    });
  });

  return app;
}
