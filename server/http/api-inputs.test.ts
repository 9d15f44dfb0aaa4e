import { beforeEach, expect, it } from "vitest";
import { describeOnEachDatabase, meta, PAGE_ID, type Harness } from "../testing/harness.ts";

const T = Date.UTC(2026, 10, 1, 8, 0, 0);
const CONVERSATION = `${PAGE_ID}-U1`;
const b64 = (json: string) => Buffer.from(json).toString("base64url");
const nested = (depth: number): unknown => (depth === 0 ? "bottom" : [nested(depth - 1)]);

/** Inputs that each used to answer 500 (PostgreSQL refused them deep inside a route): now a clear 400. */
const badInputs: { name: string; method: string; path: string; body?: unknown }[] = [
  {
    name: "a NUL in a reply's text",
    method: "POST",
    path: `/conversations/${CONVERSATION}/messages`,
    body: { text: "On it\u0000", clientId: "c1" },
  },
  {
    name: "a NUL in a reply's clientId",
    method: "POST",
    path: `/conversations/${CONVERSATION}/messages`,
    body: { text: "On it", clientId: "c\u00001" },
  },
  {
    name: "a NUL in a key of a reply",
    method: "POST",
    path: `/conversations/${CONVERSATION}/messages`,
    body: { text: "On it", clientId: "c1", "\u0000": true },
  },
  {
    name: "a NUL in an assignee id",
    method: "POST",
    path: `/conversations/${CONVERSATION}/assign`,
    body: { agentId: "sam\u0000" },
  },
  {
    name: "a NUL in a new canned reply",
    method: "POST",
    path: "/canned-replies",
    body: { shortcut: "thanks", text: "Thanks!\u0000" },
  },
  {
    name: "a NUL in an edited canned reply",
    method: "PUT",
    path: "/canned-replies/cr_1",
    body: { shortcut: "thanks", text: "\u0000" },
  },
  {
    name: "a body nested 1,000 lists deep",
    method: "POST",
    path: "/canned-replies",
    body: { shortcut: "thanks", text: "Thanks!", extra: nested(1_000) },
  },
  { name: "a NUL as a conversation id", method: "GET", path: "/conversations/%00" },
  { name: "a NUL inside a conversation id", method: "GET", path: `/conversations/${CONVERSATION}%00` },
  { name: "a NUL in the id of a timeline", method: "GET", path: "/conversations/%00/timeline" },
  { name: "a NUL in the id of an action", method: "POST", path: "/conversations/%00/resolve" },
  {
    name: "a NUL in the id of a retried message",
    method: "POST",
    path: `/conversations/${CONVERSATION}/messages/%00/retry`,
  },
  { name: "a NUL in the id of a canned reply to delete", method: "DELETE", path: "/canned-replies/%00" },
  {
    name: "a NUL in the id of a canned reply to edit",
    method: "PUT",
    path: "/canned-replies/%00",
    body: { shortcut: "thanks", text: "Thanks!" },
  },
  { name: "malformed percent-encoding in an id", method: "GET", path: "/conversations/%E0%A4%A" },
  { name: "a NUL as the search text", method: "GET", path: "/conversations?view=all&q=%00" },
  { name: "a NUL inside the search text", method: "GET", path: "/conversations?view=all&q=where%00is" },
  {
    name: "malformed percent-encoding in the search text",
    method: "GET",
    path: "/conversations?view=all&q=%E0%A4%A",
  },
  {
    name: "a list cursor with a fractional time",
    method: "GET",
    path: `/conversations?view=all&cursor=${b64(`[0,1.5,"${CONVERSATION}"]`)}`,
  },
  {
    name: "a list cursor with a time of 1e999",
    method: "GET",
    path: `/conversations?view=all&cursor=${b64(`[0,1e999,"${CONVERSATION}"]`)}`,
  },
  {
    name: "a list cursor with a time beyond bigint",
    method: "GET",
    path: `/conversations?view=all&cursor=${b64(`[0,100000000000000000000,"${CONVERSATION}"]`)}`,
  },
  {
    name: "a list cursor with a time beyond the safe integers",
    method: "GET",
    path: `/conversations?view=all&cursor=${b64(`[0,9007199254740993,"${CONVERSATION}"]`)}`,
  },
  {
    name: "a list cursor with an exponent",
    method: "GET",
    path: `/conversations?view=all&cursor=${b64(`[0,1e3,"${CONVERSATION}"]`)}`,
  },
  {
    name: "a list cursor with a NUL in its id",
    method: "GET",
    path: `/conversations?view=all&cursor=${b64(`[0,1,"${PAGE_ID}\\u0000"]`)}`,
  },
  {
    name: "a list cursor with a flag other than 0 or 1",
    method: "GET",
    path: `/conversations?view=all&cursor=${b64(`[2,1,"${CONVERSATION}"]`)}`,
  },
  {
    name: "a list cursor in padded base64",
    method: "GET",
    path: `/conversations?view=all&cursor=${Buffer.from(`[0,1,"${CONVERSATION}"]`).toString("base64")}`,
  },
  {
    name: "a list cursor that is not base64url",
    method: "GET",
    path: "/conversations?view=all&cursor=not%20a%20cursor!",
  },
  {
    name: "a timeline cursor with a fractional time",
    method: "GET",
    path: `/conversations/${CONVERSATION}/timeline?before=${b64('[1.5,"m1"]')}`,
  },
  {
    name: "a timeline cursor with a time of 1e999",
    method: "GET",
    path: `/conversations/${CONVERSATION}/timeline?before=${b64('[1e999,"m1"]')}`,
  },
  {
    name: "a timeline cursor with a time beyond bigint",
    method: "GET",
    path: `/conversations/${CONVERSATION}/timeline?before=${b64('[100000000000000000000,"m1"]')}`,
  },
  {
    name: "a timeline cursor with a NUL in its id",
    method: "GET",
    path: `/conversations/${CONVERSATION}/timeline?before=${b64('[1,"m\\u0000"]')}`,
  },
  { name: "a page size of 1e999", method: "GET", path: "/conversations?view=all&limit=1e999" },
];

describeOnEachDatabase("API inputs", (harness) => {
  let h: Harness;
  beforeEach(async () => {
    h = harness();
    await h.webhook(
      meta.batch([
        meta.text("U1", "c1", "Where is my order?", T),
        meta.text("U2", "c2", "Hello?", T + 1000),
        meta.text("U3", "c3", "Hi", T + 2000),
      ]),
    );
  });

  it.each(badInputs)("answers $name with 400 invalid_request", async ({ method, path, body }) => {
    const res = await h.api(method, path, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: "invalid_request", message: expect.any(String) },
    });
    const [stored] = await h.baton.db.query<{ n: number }>(
      "select (select count(*) from canned_replies) + (select count(*) from timeline_items where author = 'agent') as n",
    );
    expect(Number(stored?.n)).toBe(0);
  });

  it("answers a body over API_MAX_BYTES with 413 payload_too_large", async () => {
    const res = await h.api("POST", "/canned-replies", {
      shortcut: "big",
      text: "x".repeat(h.config.API_MAX_BYTES),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: "payload_too_large" } });
  });

  it("still pages through conversations and timelines with the cursors it hands out", async () => {
    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const res = await h.api("GET", `/conversations?view=all&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      expect(res.status).toBe(200);
      const page = (await res.json()) as { items: { id: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((i) => i.id));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual([`${PAGE_ID}-U3`, `${PAGE_ID}-U2`, `${PAGE_ID}-U1`]);

    await h.webhook(meta.batch([meta.text("U1", "c4", "Anyone?", T + 3000)]));
    const first = (await (await h.api("GET", `/conversations/${CONVERSATION}/timeline?limit=1`)).json()) as {
      items: { text: string }[];
      olderCursor: string;
    };
    const older = await h.api(
      "GET",
      `/conversations/${CONVERSATION}/timeline?limit=1&before=${first.olderCursor}`,
    );
    expect(older.status).toBe(200);
    expect(((await older.json()) as { items: { text: string }[] }).items.map((i) => i.text)).toEqual([
      "Where is my order?",
    ]);
    expect(first.items.map((i) => i.text)).toEqual(["Anyone?"]);
  });
});
