import { describe, expect, it } from "vitest";
import type { InboxView } from "./conversation.ts";
import { compareInView, inView, type ViewSubject } from "./views.ts";

const subject = (s: Partial<ViewSubject> = {}): ViewSubject => ({
  id: "c-1",
  status: "open",
  assigneeId: null,
  flagged: false,
  lastActivityAt: 1_000,
  ...s,
});

describe("view membership", () => {
  const rows: [string, ViewSubject, string | null, InboxView[]][] = [
    ["an open, unassigned conversation", subject(), "ana", ["open", "unassigned", "all"]],
    ["an open one assigned to the viewer", subject({ assigneeId: "ana" }), "ana", ["open", "mine", "all"]],
    ["an open one assigned to someone else", subject({ assigneeId: "ben" }), "ana", ["open", "all"]],
    [
      "a pending one assigned to the viewer",
      subject({ status: "pending", assigneeId: "ana" }),
      "ana",
      ["mine", "pending", "all"],
    ],
    ["a pending one, nobody assigned", subject({ status: "pending" }), "ana", ["pending", "all"]],
    ["the bot's", subject({ status: "bot", assigneeId: "ana" }), "ana", ["all"]],
    [
      "one the bot resolved, flagged",
      subject({ status: "bot_resolved", flagged: true }),
      "ana",
      ["bot_resolved", "all"],
    ],
    ["one an agent resolved", subject({ status: "resolved", assigneeId: "ana" }), "ana", ["resolved", "all"]],
    ["assigned, seen by no agent", subject({ assigneeId: "ana" }), null, ["open", "all"]],
  ];
  const views: InboxView[] = ["open", "mine", "unassigned", "pending", "bot_resolved", "resolved", "all"];

  it.each(rows)("%s is listed in exactly its views", (_, s, viewer, expected) => {
    expect(views.filter((v) => inView(v, s, viewer))).toEqual(expected);
  });
});

describe("view order", () => {
  const newer = subject({ id: "c-1", lastActivityAt: 2_000 });
  const older = subject({ id: "c-2", lastActivityAt: 1_000 });
  const olderFlagged = subject({ id: "c-3", lastActivityAt: 1_000, flagged: true });
  const tiedGreaterId = subject({ id: "c-9", lastActivityAt: 2_000 });
  const rows: [string, InboxView, ViewSubject[], string[]][] = [
    ["newest activity first", "open", [older, newer], ["c-1", "c-2"]],
    ["at the same moment, the greater id first", "open", [newer, tiedGreaterId], ["c-9", "c-1"]],
    ["flags do not reorder the other views", "all", [olderFlagged, newer], ["c-1", "c-3"]],
    ["Bot Resolved puts flagged conversations first", "bot_resolved", [newer, olderFlagged], ["c-3", "c-1"]],
  ];
  it.each(rows)("%s", (_, view, input, expected) => {
    expect([...input].sort(compareInView(view)).map((s) => s.id)).toEqual(expected);
  });
});
