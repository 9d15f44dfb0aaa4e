import { describe, expect, it } from "vitest";
import { buildMessage, buildSummary } from "@/mocks/fixtures.ts";
import {
  mergeTimelineItems,
  patchList,
  type ListData,
  type TranscriptData,
} from "@/shared/conversation-cache.ts";

const list = (...ids: string[]): ListData => ({
  pageParams: [null],
  pages: [
    {
      items: ids.map((id, i) =>
        buildSummary({ id, lastActivityAt: new Date(Date.UTC(2025, 0, 10, 12 - i)).toISOString() }),
      ),
      nextCursor: null,
    },
  ],
});

describe("patchList", () => {
  it("moves a conversation with new activity to the top", () => {
    const next = patchList(
      list("a", "b", "c"),
      buildSummary({ id: "c", lastActivityAt: "2025-01-11T00:00:00.000Z", version: 2 }),
      { view: "open", q: "" },
      null,
    );
    expect(next.pages[0]?.items.map((c) => c.id)).toEqual(["c", "a", "b"]);
  });

  it("removes a conversation that no longer belongs to the view", () => {
    const next = patchList(
      list("a", "b"),
      buildSummary({ id: "a", status: "resolved", version: 2 }),
      { view: "open", q: "" },
      null,
    );
    expect(next.pages[0]?.items.map((c) => c.id)).toEqual(["b"]);
  });

  it("adds a new escalation to the open view", () => {
    const next = patchList(
      list("a"),
      buildSummary({ id: "new", lastActivityAt: "2025-02-01T00:00:00.000Z" }),
      { view: "open", q: "" },
      null,
    );
    expect(next.pages[0]?.items.map((c) => c.id)).toEqual(["new", "a"]);
  });

  it("drops an update older than what the cache holds", () => {
    const data = list("a");
    const first = data.pages[0]?.items[0];
    if (!first) throw new Error("fixture");
    const held = {
      ...data,
      pages: [{ ...data.pages[0], items: [{ ...first, version: 5 }], nextCursor: null }],
    };
    expect(
      patchList(
        held,
        buildSummary({ id: "a", status: "resolved", version: 4 }),
        { view: "open", q: "" },
        null,
      ),
    ).toBe(held);
  });

  it("does not add conversations to a search it cannot judge", () => {
    const data = list("a");
    expect(patchList(data, buildSummary({ id: "z" }), { view: "open", q: "refund" }, null)).toBe(data);
  });
});

describe("mergeTimelineItems", () => {
  const transcript = (): TranscriptData => ({
    pageParams: [null],
    pages: [
      {
        items: [
          buildMessage({ id: "m1", at: "2025-01-01T10:00:00.000Z" }),
          buildMessage({
            id: "local-x",
            clientId: "x",
            author: "agent",
            delivery: "sending",
            at: "2025-01-01T10:01:00.000Z",
          }),
        ],
        olderCursor: null,
        head: null,
      },
    ],
  });

  it("swaps the optimistic reply for the stored one with the same clientId", () => {
    const next = mergeTimelineItems(transcript(), [
      buildMessage({
        id: "m2",
        clientId: "x",
        author: "agent",
        delivery: "sent",
        at: "2025-01-01T10:01:00.000Z",
      }),
    ]);
    expect(next.pages[0]?.items.map((i) => i.id)).toEqual(["m1", "m2"]);
  });

  it("appends new items in time order", () => {
    const next = mergeTimelineItems(transcript(), [
      buildMessage({ id: "m0", at: "2025-01-01T09:00:00.000Z" }),
      buildMessage({ id: "m9", at: "2025-01-01T11:00:00.000Z" }),
    ]);
    expect(next.pages[0]?.items.map((i) => i.id)).toEqual(["m0", "m1", "local-x", "m9"]);
  });
});
