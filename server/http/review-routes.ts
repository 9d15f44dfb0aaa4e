import { Hono } from "hono";
import { REOPENING_VERDICTS, knowledgeGapsQuery } from "../../contract/review.ts";
import type { AuthService } from "../auth/auth-service.ts";
import { signedIn, type AuthEnv } from "../auth/policy.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import type { ConversationService } from "../conversations/service.ts";
import type { Database } from "../db/database.ts";
import { AppError } from "../errors.ts";
import { insightsData } from "../review/insights.ts";
import {
  knowledgeGaps,
  knowledgeGapsCsv,
  recordVerdict,
  reviewQueue,
  setReviewGoal,
} from "../review/review-store.ts";
import { contractRoutes } from "./route.ts";
import { validate } from "./validate.ts";

interface Deps {
  db: Database;
  service: ConversationService;
  auth: AuthService;
  clock: Clock;
  config: Config;
}

/**
 * The managers' review queue, verdicts, goal, knowledge gaps and Insights (issue 10), as contract/routes.ts declares
 * them: managers and admins only. A verdict that reopens and assigns goes through the conversation service's reopen
 * and assign, audited like the header's Reopen and Assign.
 */
export function reviewRoutes(deps: Deps) {
  const { db, service, auth } = deps;
  const app = new Hono<AuthEnv>();
  const route = contractRoutes(app, "/api");
  const now = () => deps.clock.now().getTime();
  const policy = { humanAgentTagEnabled: deps.config.HUMAN_AGENT_TAG };

  route.json("GET /api/review/queue", () =>
    reviewQueue(db, { now: now(), policy, secret: deps.config.SESSION_SECRET }),
  );

  route.json("POST /api/review/verdicts", async (c, { body }) => {
    const me = signedIn(c).agent;
    if (body.reopen && !REOPENING_VERDICTS.has(body.verdict)) {
      throw new AppError(400, "invalid_request", "Only a false resolution or a missed escalation reopens.");
    }
    // Refuse an assignee who cannot take the conversation before anything is recorded: a refused step changes nothing.
    const assigneeId = body.reopen?.assigneeId ?? null;
    if (assigneeId !== null) {
      const [assignee] = await db.query<{ active: boolean }>("select active from agents where id = $1", [
        assigneeId,
      ]);
      if (!assignee) throw new AppError(422, "unknown_agent", "There is no agent with that id.");
      if (!assignee.active)
        throw new AppError(
          400,
          "invalid_assignee",
          "That agent is deactivated and cannot take conversations.",
        );
    }
    const result = await recordVerdict(db, { ...body, reviewerId: me.id, at: now() }, { now: now(), policy });
    if (!body.reopen) return result;
    const id = result.item.conversation.id;
    await service.reopen(id, me.id);
    await auth.audit({ actorId: me.id, action: "reopen", target: id, ip: c.get("clientIp") });
    const conversation = await service.assign(id, me.id, assigneeId);
    await auth.audit({
      actorId: me.id,
      action: "assign",
      target: id,
      detail: { to: assigneeId },
      ip: c.get("clientIp"),
    });
    return { ...result, item: { ...result.item, conversation } };
  });

  route.json("PUT /api/review/goal", (c, { body }) => setReviewGoal(db, body, signedIn(c).agent.id, now()));

  // JSON through the table's schema, or text/csv: a raw route, with the same policy and query schema.
  route.raw("GET /api/review/knowledge-gaps", async (c) => {
    const query = validate(knowledgeGapsQuery, c.req.query());
    const gaps = await knowledgeGaps(db);
    if (query.format === "json") return c.json(gaps);
    return c.body(knowledgeGapsCsv(gaps), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": 'attachment; filename="knowledge-gaps.csv"',
    });
  });

  route.json("GET /api/insights", (_c, { query }) => insightsData(db, query, { now: now() }));

  return app;
}
