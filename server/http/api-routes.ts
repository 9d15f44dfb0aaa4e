import { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { randomUUID } from "node:crypto";
import { roleAtLeast, type AuditAction } from "../../contract/auth.ts";
import {
  assignBody,
  cannedReplyBody,
  listConversationsQuery,
  sendMessageBody,
  timelineQuery,
  type CannedReply,
  type ConversationDetail,
} from "../../contract/api.ts";
import type { LiveEvent } from "../../contract/live.ts";
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
import { allow, signedIn, type AuthEnv } from "../auth/policy.ts";
import type { AuthContext } from "../auth/sessions.ts";
import type { LiveConnections } from "../live/connections.ts";
import type { LiveHub } from "../live/hub.ts";
import { listAgents } from "./agents.ts";
import { jsonBody, validate } from "./validate.ts";

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
 * The SPA's API: conversations, canned replies and the live stream. Every body and query is checked against
 * contract/ schemas, and every route declares who may call it (`allow`, server/auth/policy.ts).
 */
export function apiRoutes(deps: Deps) {
  const { db, service, auth } = deps;
  const app = new Hono<AuthEnv>();

  app.get("/settings", allow("agent"), (c) =>
    c.json({
      humanAgentTagEnabled: deps.config.HUMAN_AGENT_TAG,
      pageName: deps.config.PAGE_NAME,
      simulator: deps.simulator,
    }),
  );

  app.get("/agents", allow("agent"), async (c) => c.json({ agents: await listAgents(db) }));

  app.get("/conversations", allow("agent"), async (c) => {
    const q = validate(listConversationsQuery, c.req.query());
    const page = await listConversations(db, {
      ...q,
      agentId: signedIn(c).agent.id,
      now: deps.clock.now(),
      policy: service.policy,
    });
    return c.json(page);
  });

  app.get("/conversations/counts", allow("agent"), async (c) =>
    c.json(await countViews(db, signedIn(c).agent.id)),
  );

  app.get("/conversations/:id", allow("agent"), async (c) => {
    const row = await getConversationRow(db, c.req.param("id"));
    if (!row) throw new AppError(404, "not_found", "There is no such conversation.");
    const q = validate(timelineQuery, c.req.query());
    const detail: ConversationDetail = {
      conversation: toSummary(row, deps.clock.now(), service.policy),
      timeline: await timelinePage(db, row.id, { limit: q.limit }),
      handoffItemId: row.handoff_item_id,
    };
    return c.json(detail);
  });

  app.get("/conversations/:id/timeline", allow("agent"), async (c) => {
    const id = c.req.param("id");
    const q = validate(timelineQuery, c.req.query());
    const [exists] = await db.query("select 1 from conversations where id = $1", [id]);
    if (!exists) throw new AppError(404, "not_found", "There is no such conversation.");
    return c.json(await timelinePage(db, id, q));
  });

  app.post("/conversations/:id/messages", allow("agent"), async (c) => {
    const me = signedIn(c).agent;
    const body = validate(sendMessageBody, await jsonBody(c.req));
    const result = await service.sendReply({ conversationId: c.req.param("id"), agentId: me.id, ...body });
    return c.json(result, 201);
  });

  app.post("/conversations/:id/messages/:messageId/retry", allow("agent"), async (c) => {
    const me = signedIn(c).agent;
    const result = await service.sendReply({
      conversationId: c.req.param("id"),
      agentId: me.id,
      text: "",
      clientId: randomUUID(),
      retryOf: c.req.param("messageId"),
    });
    return c.json(result, 200);
  });

  /** An action on a conversation, recorded in the audit log when `audited` names it. */
  const action = (
    name: string,
    audited: AuditAction | null,
    run: (id: string, me: AuthContext["agent"]) => Promise<unknown>,
  ) =>
    app.post(`/conversations/:id/${name}`, allow("agent"), async (c) => {
      const me = signedIn(c).agent;
      const id = c.req.param("id");
      const conversation = await run(id, me);
      if (audited) await auth.audit({ actorId: me.id, action: audited, target: id, ip: c.get("clientIp") });
      return c.json({ conversation });
    });
  action("resolve", "resolve", (id, me) => service.resolve(id, me.id));
  action("reopen", "reopen", async (id, me) => {
    // Reopening what the bot closed is the Bot Resolved review: a manager's call. Agents may reopen what a person resolved.
    const row = await getConversationRow(db, id);
    if (row?.status === "bot_resolved" && !roleAtLeast(me.role, "manager")) {
      throw new AppError(403, "forbidden", "Only a manager can reopen a conversation the bot resolved.");
    }
    return service.reopen(id, me.id);
  });
  action("read", null, (id, me) => service.markRead(id, me.id));
  action("take-control", "take_control", (id, me) => service.takeControl(id, me.id));
  action("hand-back", "hand_back", (id, me) => service.handBack(id, me.id));

  app.post("/conversations/:id/assign", allow("agent"), async (c) => {
    const me = signedIn(c).agent;
    const id = c.req.param("id");
    const body = validate(assignBody, await jsonBody(c.req));
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
    return c.json({ conversation });
  });

  const replyColumns = "id, shortcut, text, owner_id is null as shared";
  app.get("/canned-replies", allow("agent"), async (c) => {
    const replies = await db.query<CannedReply>(
      `select ${replyColumns} from canned_replies where owner_id is null or owner_id = $1 order by (owner_id is null), shortcut`,
      [signedIn(c).agent.id],
    );
    return c.json({ replies });
  });

  /** Agents keep their own canned replies; shared ones are a manager's to write. */
  const mayEdit = (me: AuthContext["agent"], shared: boolean) => {
    if (shared && !roleAtLeast(me.role, "manager"))
      throw new AppError(403, "forbidden", "Only a manager can change the team's shared canned replies.");
  };
  const duplicate = (shortcut: string) =>
    new AppError(409, "duplicate_shortcut", `A canned reply with the shortcut /${shortcut} exists already.`);

  app.post("/canned-replies", allow("agent"), async (c) => {
    const me = signedIn(c).agent;
    const body = validate(cannedReplyBody, await jsonBody(c.req));
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
    return c.json(reply, 201);
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

  app.put("/canned-replies/:id", allow("agent"), async (c) => {
    const me = signedIn(c).agent;
    const id = c.req.param("id");
    const body = validate(cannedReplyBody, await jsonBody(c.req));
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
    return c.json(reply);
  });

  app.delete("/canned-replies/:id", allow("agent"), async (c) => {
    const me = signedIn(c).agent;
    const id = c.req.param("id");
    const existing = await visibleReply(id, me);
    mayEdit(me, existing.owner_id === null);
    await db.query("delete from canned_replies where id = $1", [id]);
    return c.body(null, 204);
  });

  app.get("/live", allow("agent"), (c) => {
    const session = signedIn(c);
    let ended = false;
    let wake: (() => void) | null = null;
    const release = deps.connections.open(session.sessionId, session.agent.id, () => {
      ended = true;
      wake?.();
    });
    if (!release)
      throw new AppError(
        429,
        "too_many_streams",
        "This session has too many live streams open. Close a tab and try again.",
      );
    return streamSSE(c, async (stream) => {
      const queue: LiveEvent[] = [];
      const unsubscribe = deps.live.subscribe((event) => {
        queue.push(event);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      await stream.writeSSE({
        data: JSON.stringify({ type: "hello", at: deps.clock.now().toISOString() } satisfies LiveEvent),
      });
      let checkedAt = Date.now();
      while (!stream.aborted && !stream.closed && !ended) {
        // Another instance may have ended the session (sign-out everywhere, deactivation): look now and then.
        if (Date.now() - checkedAt > 15_000) {
          checkedAt = Date.now();
          if (!(await auth.sessions.stillValid(session.sessionId, deps.clock.now().getTime()))) break;
        }
        const next = queue.shift();
        if (next) {
          await stream.writeSSE({ event: "message", data: JSON.stringify(next) });
          continue;
        }
        // Wait for an event, or send a comment every 20 s so proxies keep the stream open.
        const timeout = new Promise<"ping">((resolve) => {
          const t = setTimeout(() => resolve("ping"), 20_000);
          wake = () => {
            clearTimeout(t);
            resolve("ping");
            wake = null;
          };
        });
        if ((await timeout) === "ping" && queue.length === 0 && !stream.aborted && !ended)
          await stream.write(": ping\n\n");
      }
      unsubscribe();
      release();
    });
  });

  app.notFound((c) =>
    c.json({ error: { code: "not_found", message: `No API route ${c.req.method} ${c.req.path}.` } }, 404),
  );
  return app;
}
