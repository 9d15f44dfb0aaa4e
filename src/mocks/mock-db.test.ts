import { describe, expect, it } from "vitest";
import type { ConversationSummary, ThreadOwner } from "@contract/conversation.ts";
import { listConversationsQuery } from "@contract/api.ts";
import { messagingWindowAt } from "@contract/messaging-window.ts";
import { buildSummary } from "@/mocks/fixtures.ts";
import { MockApiError, MockDb, type MockDbOptions } from "@/mocks/mock-db.ts";

/** The mock backend runs the server's rules (server/conversations/service.ts and state-machine.ts). */

const NOW = new Date("2026-11-01T09:00:00.000Z");
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

function dbWith(summary: Partial<ConversationSummary>, options: MockDbOptions = {}): MockDb {
  const db = new MockDb({ conversations: 0, deliveryDelayMs: null, now: () => NOW, ...options });
  db.put(
    buildSummary({
      id: "c-1",
      lastActivityAt: ago(5),
      lastCustomerMessageAt: ago(5),
      window: messagingWindowAt(new Date(ago(5)), NOW, { humanAgentTagEnabled: true }),
      ...summary,
    }),
    [],
  );
  return db;
}

const systemEvents = (db: MockDb) =>
  db.timeline("c-1").flatMap((i) => (i.kind === "system" ? [i.event] : []));

describe("an agent's reply in the mock backend", () => {
  it("leaves the assignee alone, makes the conversation pending and takes the thread from the bot", () => {
    const db = dbWith({ owner: "bot", assignee: null });
    const { message, conversation } = db.send("c-1", "Hi there", "cid-1", "agent-ana");
    expect(message).toMatchObject({ author: "agent", delivery: "sent", agent: { id: "agent-ana" } });
    expect(conversation).toMatchObject({ status: "pending", owner: "baton", assignee: null, unreadCount: 0 });
    expect(systemEvents(db)).toEqual(["control_taken"]);
  });

  it("sends the same clientId once", () => {
    const db = dbWith({});
    const first = db.send("c-1", "Hi", "cid-1", "agent-ana");
    const second = db.send("c-1", "Hi", "cid-1", "agent-ana");
    expect(second.message.id).toBe(first.message.id);
    expect(db.timeline("c-1").filter((i) => i.kind === "message")).toHaveLength(1);
  });

  it("sends whatever the text says: failures come only from the scenario", () => {
    const db = dbWith({});
    expect(db.send("c-1", "please #fail #owned", "cid-1", "agent-ana").message.delivery).toBe("sent");
  });

  it.each([
    { sendFails: "customer_unavailable", status: 502 },
    { sendFails: "window_closed", status: 422 },
    { sendFails: "rate_limited", status: 429 },
  ] as const)("when Meta refuses with $sendFails it is stored as failed and answered $status", (row) => {
    const db = dbWith({}, { scenario: { sendFails: row.sendFails } });
    let error: unknown;
    try {
      db.send("c-1", "Hello?", "cid-1", "agent-ana");
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MockApiError);
    const failure = error as MockApiError;
    expect([failure.status, failure.code]).toEqual([row.status, row.sendFails]);
    const stored = db.timeline("c-1").find((i) => i.kind === "message");
    expect(stored).toMatchObject({ delivery: "failed", error: failure.message });
    expect(failure.extra).toMatchObject({ message: { delivery: "failed" } });
    db.scenario = {};
    expect(db.retry("c-1", stored?.id ?? "", "agent-ana").message.delivery).toBe("sent");
  });
});

describe("resolving in the mock backend", () => {
  const rows: [string, ThreadOwner, boolean, ThreadOwner, string[]][] = [
    ["Baton holds the thread: handed back", "baton", true, "bot", ["resolved", "control_passed"]],
    ["the bot holds it: nothing to hand back", "bot", true, "bot", ["resolved"]],
    ["Page Inbox holds it: left there", "page_inbox", true, "page_inbox", ["resolved"]],
    ["PASS_BACK_ON_RESOLVE off: Baton keeps it", "baton", false, "baton", ["resolved"]],
  ];
  it.each(rows)("%s", (_, owner, passBackOnResolve, after, events) => {
    const db = dbWith({ owner }, { passBackOnResolve });
    expect(db.resolve("c-1", "agent-ana")).toMatchObject({ status: "resolved", owner: after });
    expect(systemEvents(db)).toEqual(events);
  });

  it("stays resolved when Meta refuses the hand-back", () => {
    const db = dbWith({ owner: "baton" }, { scenario: { threadControlFails: "graph_error" } });
    expect(db.resolve("c-1", "agent-ana")).toMatchObject({ status: "resolved", owner: "baton" });
  });
});

describe("other agent actions in the mock backend", () => {
  it("reopening makes the conversation a human's job again", () => {
    const db = dbWith({ status: "bot_resolved", owner: "bot", escalatedAt: null, escalationReason: null });
    expect(db.reopen("c-1", "agent-chloe")).toMatchObject({
      status: "open",
      escalationReason: "Reopened for a human by an agent",
    });
  });

  it("marking read with nothing unread changes nothing", () => {
    const db = dbWith({ unreadCount: 0 });
    const before = db.get("c-1").version;
    expect(db.markRead("c-1", "agent-ana").version).toBe(before);
  });

  it("lists by the contract's views: a pending conversation assigned to me is in Mine", () => {
    const db = dbWith({ status: "pending", assignee: { id: "agent-ana", name: "Ana Silva", role: "agent" } });
    expect(db.counts("agent-ana")).toMatchObject({ mine: 1, pending: 1, open: 0, unassigned: 0 });
  });
});

describe("paging the mock list", () => {
  it("hands out cursors the contract accepts and reads the whole view page by page, each conversation once", () => {
    const db = new MockDb({ conversations: 300, deliveryDelayMs: null, now: () => NOW });
    const all = db.list("all", undefined, undefined, 10_000, null).items.map((c) => c.id);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = db.list("all", undefined, cursor, 7, null);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor ?? undefined;
      if (cursor !== undefined) expect(listConversationsQuery.safeParse({ cursor }).success).toBe(true);
    } while (cursor !== undefined);
    expect(seen).toEqual(all);
  });
});
