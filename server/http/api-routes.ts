import { Hono, type Context } from "hono";
import { streamSSE } from "hono/streaming";
import { randomUUID } from "node:crypto";
import {
  AGENT_HEADER,
  assignBody,
  cannedReplyBody,
  listConversationsQuery,
  sendMessageBody,
  timelineQuery,
  type CannedReply,
  type ConversationDetail,
} from "../../contract/api.ts";
import type { Agent } from "../../contract/conversation.ts";
import type { LiveEvent } from "../../contract/live.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { countViews, getConversationRow, listConversations, timelinePage, toSummary } from "../conversations/queries.ts";
import type { ConversationService } from "../conversations/service.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors.ts";
import type { LiveHub } from "../live/hub.ts";
import { listAgents } from "./agents.ts";
import { jsonBody, validate } from "./validate.ts";

interface Deps {
  db: Database;
  service: ConversationService;
  live: LiveHub;
  clock: Clock;
  config: Config;
  simulator: boolean;
}

type Env = { Variables: { agent: Agent | null } };

/** The SPA's API. Every body and query is checked against contract/ schemas. */
export function apiRoutes(deps: Deps) {
  const { db, service } = deps;
  const app = new Hono<Env>();
  const agentCache = new Map<string, { agent: Agent | null; at: number }>();

  app.use("*", async (c, next) => {
    const id = c.req.header(AGENT_HEADER) ?? c.req.query("agent") ?? null;
    let agent: Agent | null = null;
    if (id) {
      const cached = agentCache.get(id);
      if (cached && Date.now() - cached.at < 10_000) agent = cached.agent;
      else {
        [agent = null] = await db.query<Agent>("select id, name, role from agents where id = $1", [id]);
        agentCache.set(id, { agent, at: Date.now() });
      }
    }
    c.set("agent", agent);
    await next();
  });

  const signedIn = (c: Context<Env>): Agent => {
    const agent = c.get("agent");
    if (!agent) throw new AppError(401, "not_signed_in", `Sign in as an agent first (header ${AGENT_HEADER}).`);
    return agent;
  };

  app.get("/settings", (c) =>
    c.json({ humanAgentTagEnabled: deps.config.HUMAN_AGENT_TAG, pageName: deps.config.PAGE_NAME, simulator: deps.simulator }),
  );

  app.get("/agents", async (c) => c.json({ agents: await listAgents(db) }));

  app.get("/conversations", async (c) => {
    const q = validate(listConversationsQuery, c.req.query());
    const page = await listConversations(db, {
      ...q,
      agentId: c.get("agent")?.id ?? null,
      now: deps.clock.now(),
      policy: service.policy,
    });
    return c.json(page);
  });

  app.get("/conversations/counts", async (c) => c.json(await countViews(db, c.get("agent")?.id ?? null)));

  app.get("/conversations/:id", async (c) => {
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

  app.get("/conversations/:id/timeline", async (c) => {
    const id = c.req.param("id");
    const q = validate(timelineQuery, c.req.query());
    const [exists] = await db.query("select 1 from conversations where id = $1", [id]);
    if (!exists) throw new AppError(404, "not_found", "There is no such conversation.");
    return c.json(await timelinePage(db, id, q));
  });

  app.post("/conversations/:id/messages", async (c) => {
    const agent = signedIn(c);
    const body = validate(sendMessageBody, await jsonBody(c.req));
    const result = await service.sendReply({ conversationId: c.req.param("id"), agentId: agent.id, ...body });
    return c.json(result, 201);
  });

  app.post("/conversations/:id/messages/:messageId/retry", async (c) => {
    const agent = signedIn(c);
    const result = await service.sendReply({
      conversationId: c.req.param("id"),
      agentId: agent.id,
      text: "",
      clientId: randomUUID(),
      retryOf: c.req.param("messageId"),
    });
    return c.json(result, 200);
  });

  const action = (name: string, run: (id: string, agentId: string) => Promise<unknown>) =>
    app.post(`/conversations/:id/${name}`, async (c) => {
      const agent = signedIn(c);
      return c.json({ conversation: await run(c.req.param("id"), agent.id) });
    });
  action("resolve", (id, a) => service.resolve(id, a));
  action("reopen", (id, a) => service.reopen(id, a));
  action("read", (id, a) => service.markRead(id, a));
  action("take-control", (id, a) => service.takeControl(id, a));
  action("hand-back", (id, a) => service.handBack(id, a));

  app.post("/conversations/:id/assign", async (c) => {
    const agent = signedIn(c);
    const body = validate(assignBody, await jsonBody(c.req));
    return c.json({ conversation: await service.assign(c.req.param("id"), agent.id, body.agentId) });
  });

  app.get("/canned-replies", async (c) => {
    const replies = await db.query<CannedReply>("select id, shortcut, text from canned_replies order by shortcut");
    return c.json({ replies });
  });

  app.post("/canned-replies", async (c) => {
    signedIn(c);
    const body = validate(cannedReplyBody, await jsonBody(c.req));
    const [reply] = await db.query<CannedReply>(
      `insert into canned_replies (id, shortcut, text, created_at) values ($1, $2, $3, $4)
       on conflict (shortcut) do nothing returning id, shortcut, text`,
      [`cr_${randomUUID()}`, body.shortcut, body.text, deps.clock.now().getTime()],
    );
    if (!reply) throw new AppError(409, "duplicate_shortcut", `A canned reply with the shortcut /${body.shortcut} exists already.`);
    return c.json(reply, 201);
  });

  app.put("/canned-replies/:id", async (c) => {
    signedIn(c);
    const body = validate(cannedReplyBody, await jsonBody(c.req));
    const clash = await db.query("select 1 from canned_replies where shortcut = $1 and id <> $2", [body.shortcut, c.req.param("id")]);
    if (clash.length > 0) throw new AppError(409, "duplicate_shortcut", `A canned reply with the shortcut /${body.shortcut} exists already.`);
    const [reply] = await db.query<CannedReply>(
      "update canned_replies set shortcut = $2, text = $3 where id = $1 returning id, shortcut, text",
      [c.req.param("id"), body.shortcut, body.text],
    );
    if (!reply) throw new AppError(404, "not_found", "There is no such canned reply.");
    return c.json(reply);
  });

  app.delete("/canned-replies/:id", async (c) => {
    signedIn(c);
    const rows = await db.query("delete from canned_replies where id = $1 returning id", [c.req.param("id")]);
    if (rows.length === 0) throw new AppError(404, "not_found", "There is no such canned reply.");
    return c.body(null, 204);
  });

  app.get("/live", (c) =>
    streamSSE(c, async (stream) => {
      const queue: LiveEvent[] = [];
      let wake: (() => void) | null = null;
      const unsubscribe = deps.live.subscribe((event) => {
        queue.push(event);
        wake?.();
      });
      stream.onAbort(() => {
        unsubscribe();
        wake?.();
      });
      await stream.writeSSE({ data: JSON.stringify({ type: "hello", at: deps.clock.now().toISOString() } satisfies LiveEvent) });
      while (!stream.aborted && !stream.closed) {
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
        if ((await timeout) === "ping" && queue.length === 0 && !stream.aborted) await stream.write(": ping\n\n");
      }
      unsubscribe();
    }),
  );

  app.notFound((c) => c.json({ error: { code: "not_found", message: `No API route ${c.req.method} ${c.req.path}.` } }, 404));
  return app;
}
