import { beforeEach, describe, expect, it } from "vitest";
import type { ViewCounts } from "../../contract/api.ts";
import {
  conversationFlag,
  conversationStatus,
  inboxView,
  threadOwner,
  type ConversationFlag,
  type ConversationSummary,
  type InboxView,
} from "../../contract/conversation.ts";
import { compareInView, inView, viewSubjectOf } from "../../contract/views.ts";
import { describeOnEachDatabase, PAGE_ID, type Harness } from "../testing/harness.ts";
import { countViews, listConversations } from "./queries.ts";

/**
 * The views' SQL (server/conversations/view-sql.ts) and their TypeScript (contract/views.ts, what the browser and the
 * mock backend use) come from one definition; this checks they agree on every kind of conversation: each status,
 * owner, set of flags and assignee, with activity times that tie so the id decides.
 */

const flagSets: ConversationFlag[][] = [
  [],
  ...conversationFlag.options.map((f) => [f]),
  conversationFlag.options,
];
const assignees = [null, "sam", "lea"] as const;
const BASE = Date.UTC(2026, 10, 1, 9, 0, 0);

interface Generated {
  id: string;
  psid: string;
  status: string;
  owner: string;
  assigneeId: string | null;
  flags: string;
  at: number;
}

/** Every status × owner × flags × assignee, 240 conversations, many of them active at the same moment. */
function everyCombination(): Generated[] {
  const out: Generated[] = [];
  for (const status of conversationStatus.options)
    for (const owner of threadOwner.options)
      for (const flags of flagSets)
        for (const assigneeId of assignees) {
          const n = out.length;
          out.push({
            id: `${PAGE_ID}-U${n}`,
            psid: `U${n}`,
            status,
            owner,
            assigneeId,
            flags: flags.join(","),
            at: BASE - ((n * 7919) % 13) * 60_000,
          });
        }
  return out;
}

/** Stored the way the engine stores a conversation's state (engine.ts: flags and flagged from the same list). */
async function insert(h: Harness, rows: Generated[]): Promise<void> {
  await h.baton.db.query(
    `insert into conversations (id, page_id, psid, status, owner, assignee_id, flags, flagged, last_activity_at, state, created_at)
     select u.id, $1, u.psid, u.status, u.owner, u.assignee_id, coalesce(string_to_array(nullif(u.flags, ''), ','), '{}'),
            u.flags <> '', u.at, '{}'::json, u.at
     from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[])
       as u(id, psid, status, owner, assignee_id, flags, at)`,
    [
      PAGE_ID,
      rows.map((r) => r.id),
      rows.map((r) => r.psid),
      rows.map((r) => r.status),
      rows.map((r) => r.owner),
      rows.map((r) => r.assigneeId),
      rows.map((r) => r.flags),
      rows.map((r) => r.at),
    ],
  );
}

describeOnEachDatabase("the inbox views in SQL and in TypeScript", (harness) => {
  let h: Harness;
  const rows = everyCombination();
  const now = new Date(BASE);
  const policy = { humanAgentTagEnabled: true };

  /** A view as the server lists it, page by page through its cursors. */
  async function listed(view: InboxView, agentId: string | null): Promise<ConversationSummary[]> {
    const out: ConversationSummary[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 100; pages++) {
      const page = await listConversations(h.baton.db, { view, cursor, limit: 17, agentId, now, policy });
      out.push(...page.items);
      if (page.nextCursor === null) return out;
      cursor = page.nextCursor;
    }
    throw new Error("the pages never ended");
  }

  /** A view as the browser and the mock backend compute it from summaries. */
  function computed(view: InboxView, all: ConversationSummary[], agentId: string | null): string[] {
    const compare = compareInView(view);
    return all
      .filter((c) => inView(view, viewSubjectOf(c), agentId))
      .sort((a, b) => compare(viewSubjectOf(a), viewSubjectOf(b)))
      .map((c) => c.id);
  }

  beforeEach(async () => {
    h = harness();
    await insert(h, rows);
  });

  it("lists every generated conversation, once, in All", async () => {
    const all = await listed("all", "sam");
    expect(all.map((c) => c.id).sort()).toEqual(rows.map((r) => r.id).sort());
  });

  describe.each([
    { viewer: "sam", who: "an agent with conversations assigned" },
    { viewer: "lea", who: "another agent" },
    { viewer: null, who: "no agent" },
  ])("for $who", ({ viewer }) => {
    it.each(inboxView.options)(
      "the %s view holds the same conversations in the same order in SQL as in contract/views.ts",
      async (view) => {
        const all = await listed("all", viewer);
        const expected = computed(view, all, viewer);
        if (view !== "mine" || viewer !== null) expect(expected.length).toBeGreaterThan(0);
        expect((await listed(view, viewer)).map((c) => c.id)).toEqual(expected);
      },
    );

    it("the counts query counts what contract/views.ts puts in each view", async () => {
      const all = await listed("all", viewer);
      const expected = Object.fromEntries(
        inboxView.options.map((v) => [v, computed(v, all, viewer).length]),
      ) as ViewCounts;
      expect(await countViews(h.baton.db, viewer)).toEqual(expected);
    });
  });
});
