import { describe, expect, it } from "vitest";
import { apiError, conversationDetail } from "@contract/api.ts";
import { insightsResponse } from "@contract/insights.ts";
import { reviewProgress, reviewQueueResponse, verdictResult } from "@contract/review.ts";
import { reviewStoreOf } from "@/mocks/handlers.ts";
import { buildReviewCase } from "@/mocks/review-fixtures.ts";
import { mockDb } from "@/mocks/node.ts";

/** The main mock API (createHandlers) serves the review queue and Insights from its database, as the server does. */

async function call(method: string, path: string, body?: unknown) {
  const response = await fetch(`${window.location.origin}${path}`, {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as unknown) : null };
}

describe("the review queue in the main mock API", () => {
  it("is the mock database's: each queued conversation's transcript loads", async () => {
    mockDb.auth.signInAs("agent-chloe");
    const queue = reviewQueueResponse.parse((await call("GET", "/api/review/queue")).json);
    expect(queue.items.length).toBeGreaterThan(0);
    for (const item of queue.items) {
      const detail = await call("GET", `/api/conversations/${item.conversation.id}`);
      expect(detail.status).toBe(200);
      expect(conversationDetail.parse(detail.json).timeline.items.length).toBeGreaterThan(0);
    }
  });

  it("a verdict that reopens and assigns goes through the database's reopen and assign", async () => {
    mockDb.auth.signInAs("agent-chloe");
    const [item] = reviewStoreOf(mockDb).items;
    if (!item) throw new Error("fixture");
    expect(mockDb.get(item.conversation.id).status).toBe("bot_resolved");
    const answer = await call("POST", "/api/review/verdicts", {
      resolutionId: item.resolution.id,
      verdict: "false_resolution",
      reason: "wrong_answer",
      reopen: { assigneeId: "agent-ben" },
    });
    expect(answer.status).toBe(201);
    const result = verdictResult.parse(answer.json);
    expect(result.item.conversation).toMatchObject({ status: "open", assignee: { id: "agent-ben" } });
    expect(mockDb.get(item.conversation.id)).toMatchObject({ status: "open", assignee: { id: "agent-ben" } });
    expect(mockDb.list("open", undefined, undefined, 1000, null).items.map((c) => c.id)).toContain(
      item.conversation.id,
    );
    const queue = reviewQueueResponse.parse((await call("GET", "/api/review/queue")).json);
    expect(queue.items.map((i) => i.resolution.id)).not.toContain(item.resolution.id);
  });

  it("refuses a deactivated assignee and leaves the queue and the conversation as they were", async () => {
    mockDb.auth.signInAs("agent-chloe");
    const ben = mockDb.auth.accounts.find((a) => a.id === "agent-ben");
    if (!ben) throw new Error("fixture");
    ben.active = false;
    const [item] = reviewStoreOf(mockDb).items;
    if (!item) throw new Error("fixture");
    const answer = await call("POST", "/api/review/verdicts", {
      resolutionId: item.resolution.id,
      verdict: "should_have_escalated",
      reopen: { assigneeId: "agent-ben" },
    });
    expect(answer.status).toBe(400);
    expect(apiError.parse(answer.json).error.code).toBe("invalid_assignee");
    expect(mockDb.get(item.conversation.id).status).toBe("bot_resolved");
    expect(reviewStoreOf(mockDb).items[0]).toBe(item);
  });

  it("leaves out an item whose conversation the database does not have, as the server's queue does", async () => {
    mockDb.auth.signInAs("agent-chloe");
    const store = reviewStoreOf(mockDb);
    const stray = buildReviewCase({ id: "rev-nowhere" });
    store.items = [stray.item, ...store.items];
    const queue = reviewQueueResponse.parse((await call("GET", "/api/review/queue")).json);
    expect(queue.items.map((i) => i.resolution.id)).not.toContain("rev-nowhere");
    expect(queue.items).toHaveLength(store.items.length - 1);
  });

  it("the goal answers the team's progress, as the route table says", async () => {
    mockDb.auth.signInAs("agent-chloe");
    const answer = await call("PUT", "/api/review/goal", { dailyGoal: 5, weeklyGoal: 25 });
    expect(answer.status).toBe(200);
    expect(reviewProgress.parse(answer.json)).toMatchObject({ dailyGoal: 5, weeklyGoal: 25 });
  });

  it("answers 401 signed out and 403 to an agent, with the contract's error body, like every manager route", async () => {
    const routes = [
      ["GET", "/api/review/queue"],
      ["PUT", "/api/review/goal"],
      ["GET", "/api/review/knowledge-gaps"],
      ["GET", "/api/insights?from=2026-11-01&to=2026-11-07"],
    ] as const;
    for (const [agent, status] of [
      [null, 401],
      ["agent-ana", 403],
    ] as const) {
      if (agent) mockDb.auth.signInAs(agent);
      else mockDb.auth.signOut();
      for (const [method, path] of routes) {
        const answer = await call(
          method,
          path,
          method === "PUT" ? { dailyGoal: 1, weeklyGoal: 1 } : undefined,
        );
        expect(answer.status, `${method} ${path}`).toBe(status);
        expect(apiError.parse(answer.json).error.code).toBe(status === 401 ? "not_signed_in" : "forbidden");
      }
    }
  });

  it("an agent may not reopen what the bot resolved (the server's rule)", async () => {
    mockDb.auth.signInAs("agent-ana");
    const [item] = reviewStoreOf(mockDb).items;
    if (!item) throw new Error("fixture");
    const answer = await call("POST", `/api/conversations/${item.conversation.id}/reopen`);
    expect(answer.status).toBe(403);
    expect(mockDb.get(item.conversation.id).status).toBe("bot_resolved");
  });

  it("Insights answer a manager, and a range that ends before it starts is the contract's 400", async () => {
    mockDb.auth.signInAs("agent-chloe");
    const ok = await call("GET", "/api/insights?from=2026-11-01&to=2026-11-07");
    expect(ok.status).toBe(200);
    expect(insightsResponse.safeParse(ok.json).success).toBe(true);
    const bad = await call("GET", "/api/insights?from=2026-11-07&to=2026-11-01");
    expect(bad.status).toBe(400);
    expect(apiError.parse(bad.json).error).toMatchObject({
      code: "invalid_request",
      issues: [{ path: "to" }],
    });
  });

  it("knowledge gaps come as JSON or as CSV, and an unknown query field is refused", async () => {
    mockDb.auth.signInAs("agent-chloe");
    expect((await call("GET", "/api/review/knowledge-gaps")).status).toBe(200);
    const csv = await fetch(`${window.location.origin}/api/review/knowledge-gaps?format=csv`);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect((await csv.text()).split("\r\n")[0]).toBe(
      "flow,question,reason,note,at,conversation_id,resolution_id",
    );
    expect((await call("GET", "/api/review/knowledge-gaps?format=xml")).status).toBe(400);
  });
});
