import { describe, expect, it } from "vitest";
import { MAX_REPLAY_ROWS, mergeChanges, parseLastEventId, planResume, type LoggedChanges } from "./resume.ts";

const row = (
  id: number,
  conversationId = `c${id}`,
  itemIds = [`i${id}`],
  escalated = false,
): LoggedChanges => ({
  id,
  changes: [{ conversationId, itemIds, escalated }],
});
const many = (from: number, n: number) => Array.from({ length: n }, (_, i) => row(from + i));

describe("parseLastEventId", () => {
  const rows: { rule: string; header: string | undefined; id: number | null | "unreadable" }[] = [
    { rule: "no header is a new browser", header: undefined, id: null },
    { rule: "an empty header is a new browser", header: " ", id: null },
    { rule: "a decimal id is read", header: "42", id: 42 },
    { rule: "0 (a log that was empty) is an id", header: "0", id: 0 },
    { rule: "a negative id is unreadable", header: "-3", id: "unreadable" },
    { rule: "text is unreadable", header: "abc", id: "unreadable" },
    { rule: "an id beyond 15 digits is unreadable", header: "1234567890123456", id: "unreadable" },
  ];
  it.each(rows)("$rule", ({ header, id }) => expect(parseLastEventId(header)).toBe(id));
});

describe("planResume", () => {
  const rules: {
    rule: string;
    lastEventId: number | null | "unreadable";
    log: { oldest: number | null; newest: number | null; rows: LoggedChanges[] };
    plan: ReturnType<typeof planResume>["kind"];
    reason?: string;
  }[] = [
    {
      rule: "a browser without an id starts fresh",
      lastEventId: null,
      log: { oldest: 1, newest: 9, rows: [] },
      plan: "fresh",
    },
    {
      rule: "an unreadable id resynchronises",
      lastEventId: "unreadable",
      log: { oldest: 1, newest: 9, rows: [] },
      plan: "resync",
      reason: "unreadable id",
    },
    {
      rule: "an id beyond the log's newest (another database) resynchronises",
      lastEventId: 12,
      log: { oldest: 1, newest: 9, rows: [] },
      plan: "resync",
      reason: "unknown id",
    },
    {
      rule: "an id pruned from the log resynchronises",
      lastEventId: 3,
      log: { oldest: 7, newest: 9, rows: many(7, 3) },
      plan: "resync",
      reason: "pruned",
    },
    {
      rule: "an id just before the oldest kept row has lost nothing",
      lastEventId: 6,
      log: { oldest: 7, newest: 9, rows: many(7, 3) },
      plan: "replay",
    },
    {
      rule: "more rows than a replay holds resynchronise",
      lastEventId: 1,
      log: { oldest: 1, newest: MAX_REPLAY_ROWS + 2, rows: many(1, MAX_REPLAY_ROWS + 1) },
      plan: "resync",
      reason: "too many",
    },
    {
      rule: "an id at the log's newest replays nothing new",
      lastEventId: 9,
      log: { oldest: 1, newest: 9, rows: [row(9)] },
      plan: "replay",
    },
    {
      rule: "0 on a log that was empty replays from the start",
      lastEventId: 0,
      log: { oldest: 1, newest: 2, rows: many(1, 2) },
      plan: "replay",
    },
    {
      rule: "0 on a log still empty replays nothing",
      lastEventId: 0,
      log: { oldest: null, newest: null, rows: [] },
      plan: "replay",
    },
  ];
  it.each(rules)("$rule", ({ lastEventId, log, plan, reason }) => {
    const result = planResume(lastEventId, log);
    expect(result.kind).toBe(plan);
    if (reason) expect(result).toMatchObject({ reason });
  });

  it("a replay carries the rows after the id and the overlap before it, one change per conversation", () => {
    const plan = planResume(5, {
      oldest: 1,
      newest: 7,
      rows: [row(4, "a"), row(5, "b"), row(6, "a"), row(7, "c")],
    });
    expect(plan).toEqual({
      kind: "replay",
      lastId: 5,
      changes: [
        { conversationId: "b", itemIds: ["i5"], escalated: false },
        { conversationId: "a", itemIds: ["i4", "i6"], escalated: false },
        { conversationId: "c", itemIds: ["i7"], escalated: false },
      ],
    });
  });
});

describe("mergeChanges", () => {
  it("keeps each item once and orders conversations by their latest row", () => {
    expect(mergeChanges([row(1, "a", ["x", "y"]), row(2, "b"), row(3, "a", ["y", "z"])], 0)).toEqual([
      { conversationId: "b", itemIds: ["i2"], escalated: false },
      { conversationId: "a", itemIds: ["x", "y", "z"], escalated: false },
    ]);
  });

  it("an escalation in the overlap the browser saw is not announced again; one after its id is", () => {
    const rows = [row(4, "a", [], true), row(6, "b", [], true)];
    expect(mergeChanges(rows, 5).map((c) => [c.conversationId, c.escalated])).toEqual([
      ["a", false],
      ["b", true],
    ]);
  });
});
