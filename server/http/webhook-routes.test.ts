import { createHmac } from "node:crypto";
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAX_TEXT_CHARS } from "../messenger/events.ts";
import { signBody } from "../messenger/signature.ts";
import { listUnprocessableEvents, RAW_PREVIEW_CHARS } from "../messenger/unprocessable.ts";
import {
  BATON_APP,
  BOT_APP,
  meta,
  PAGE_ID,
  SECRET,
  describeOnEachDatabase,
  startHarness,
  type Harness,
} from "../testing/harness.ts";

/** A realistic time for Meta's timestamps: an hour before the harness clock. */
const T = Date.UTC(2026, 10, 1, 8, 0, 0);

async function count(h: Harness, table: string): Promise<number> {
  const [row] = await h.baton.db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return row?.n ?? 0;
}

const WEBHOOK_URL = "http://localhost/webhooks/messenger";

function post(
  body: string | Uint8Array | ReadableStream<Uint8Array>,
  headers: Record<string, string>,
): Request {
  return new Request(WEBHOOK_URL, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    duplex: "half",
  });
}
const signed = (raw: string | Uint8Array, extra: Record<string, string> = {}) =>
  post(raw, { "x-hub-signature-256": signBody(SECRET, raw), ...extra });
const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`;
const goodBody = () => JSON.stringify(meta.batch([meta.text("U1", "m1", "hi", T)]));
const utf8 = (s: string) => new TextEncoder().encode(s);

function streamOf(bytes: number): ReadableStream<Uint8Array> {
  let left = bytes;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const n = Math.min(left, 64 * 1024);
      if (n === 0) return controller.close();
      left -= n;
      controller.enqueue(new Uint8Array(n).fill(0x20));
    },
  });
}

/** Requests that must never reach the database: each with the status and error code it gets. */
const forgedWebhooks: { name: string; request: (h: Harness) => Request; status: number; code: string }[] = [
  { name: "an unsigned body", request: () => post(goodBody(), {}), status: 401, code: "bad_signature" },
  {
    name: "a body signed with another app's secret",
    request: () => post(goodBody(), { "x-hub-signature-256": signBody("wrong-secret", goodBody()) }),
    status: 401,
    code: "bad_signature",
  },
  {
    name: "the signature of another body",
    request: () =>
      post(goodBody(), { "x-hub-signature-256": signBody(SECRET, goodBody().replace("hi", "ho")) }),
    status: 401,
    code: "bad_signature",
  },
  {
    name: "a truncated body",
    request: () => post(goodBody().slice(0, 40), { "x-hub-signature-256": signBody(SECRET, goodBody()) }),
    status: 401,
    code: "bad_signature",
  },
  {
    name: "only the sha1= header",
    request: () =>
      post(goodBody(), {
        "x-hub-signature": `sha1=${createHmac("sha1", SECRET).update(goodBody()).digest("hex")}`,
      }),
    status: 401,
    code: "bad_signature",
  },
  {
    name: "a sha1= value in the sha256 header",
    request: () =>
      post(goodBody(), {
        "x-hub-signature-256": `sha1=${createHmac("sha1", SECRET).update(goodBody()).digest("hex")}`,
      }),
    status: 401,
    code: "bad_signature",
  },
  {
    name: "an all-zero signature",
    request: () => post(goodBody(), { "x-hub-signature-256": `sha256=${"0".repeat(64)}` }),
    status: 401,
    code: "bad_signature",
  },
  {
    name: "a signed body over the limit with Content-Length",
    request: (h) => {
      const raw = `{"object":"page","entry":[],"pad":"${" ".repeat(h.config.WEBHOOK_MAX_BYTES)}"}`;
      return signed(raw, { "content-length": String(utf8(raw).byteLength) });
    },
    status: 413,
    code: "payload_too_large",
  },
  {
    name: "an unsigned chunked body over the limit, without Content-Length",
    request: (h) => post(streamOf(h.config.WEBHOOK_MAX_BYTES + 1), {}),
    status: 413,
    code: "payload_too_large",
  },
  {
    name: "a signed body nested 100,000 lists deep",
    request: () => signed(deep(100_000)),
    status: 400,
    code: "unsupported_object",
  },
  {
    name: "a signed body whose object is nested 100,000 lists deep",
    request: () => signed(`{"object":${deep(100_000)},"entry":[]}`),
    status: 400,
    code: "unsupported_object",
  },
  {
    name: "a signed entry list of lists",
    request: () => signed(`{"object":"page","entry":${deep(5_000)}}`),
    status: 400,
    code: "unsupported_object",
  },
  {
    name: "a signed body that is not UTF-8",
    request: () =>
      signed(
        new Uint8Array([...utf8(goodBody().replace('"hi"', '"h')), 0xff, 0xfe, 0xc3, ...utf8('"}}]}]}')]),
      ),
    status: 400,
    code: "invalid_encoding",
  },
  {
    name: "a signed body that is not JSON",
    request: () => signed("{not json"),
    status: 400,
    code: "invalid_json",
  },
  {
    name: "a signed body that is not a Page batch",
    request: () => signed(JSON.stringify({ object: "instagram", entry: [] })),
    status: 400,
    code: "unsupported_object",
  },
];

async function storedRows(h: Harness): Promise<Record<string, number>> {
  const tables = ["webhook_batches", "events", "conversations", "timeline_items", "unprocessable_events"];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(h, t)] as const)));
}

/** A customer's event as raw JSON text, so a test can put in what JSON.stringify would not write (1e999, deep nesting). */
function rawEvent(psid: string, timestamp: string, fields: string): string {
  return `{"sender":{"id":${JSON.stringify(psid)}},"recipient":{"id":"${PAGE_ID}"},"timestamp":${timestamp},${fields}}`;
}
const message = (mid: string, rest = "") => `"message":{"mid":"${mid}","text":"hello"${rest}}`;
/** A batch of U1's and U2's good messages around one other event. */
const batchAround = (event: string) =>
  `{"object":"page","entry":[{"id":"${PAGE_ID}","time":${T},"standby":[${JSON.stringify(meta.text("U1", "good1", "Where is my order?", T + 100))},${event},${JSON.stringify(meta.text("U2", "good2", "Do you ship to Oslo?", T + 200))}]}]}`;

/** Events Baton cannot store: each must be kept raw as unprocessable while the rest of its batch is stored. */
const poisons: { name: string; event: string; reason: RegExp }[] = [
  {
    name: "a NUL in the text",
    event: rawEvent("U3", `${T + 150}`, `"message":{"mid":"p1","text":"hi\\u0000there"}`),
    reason: /NUL character \(U\+0000\) at message\.text/,
  },
  {
    name: "a NUL in a quick-reply payload",
    event: rawEvent("U3", `${T + 150}`, message("p1", `,"quick_reply":{"payload":"HUMAN\\u0000"}`)),
    reason: /NUL .* at message\.quick_reply\.payload/,
  },
  {
    name: "a NUL in a key",
    event: rawEvent("U3", `${T + 150}`, message("p1", `,"extra":{"a\\u0000b":1}`)),
    reason: /a key contains a NUL/,
  },
  {
    name: "a NUL in the customer id",
    event: rawEvent("U3\u0000", `${T + 150}`, message("p1")),
    reason: /NUL .* at sender\.id/,
  },
  {
    name: "a fractional timestamp",
    event: rawEvent("U3", `${T + 150}.5`, message("p1")),
    reason: /timestamp 1793520000150\.5 is not a time/,
  },
  {
    name: "a timestamp beyond bigint",
    event: rawEvent("U3", "100000000000000000000", message("p1")),
    reason: /timestamp 100000000000000000000 is not a time/,
  },
  {
    name: "a timestamp of 1e999",
    event: rawEvent("U3", "1e999", message("p1")),
    reason: /timestamp Infinity is not a time/,
  },
  {
    name: "a timestamp in the year 2200",
    event: rawEvent("U3", String(Date.UTC(2200, 0, 1)), message("p1")),
    reason: /timestamp 7258118400000 is not a time/,
  },
  {
    name: "a timestamp in seconds",
    event: rawEvent("U3", String(Math.floor(T / 1000)), message("p1")),
    reason: /timestamp 1793520000 is not a time/,
  },
  {
    name: "a negative timestamp",
    event: rawEvent("U3", "-1", message("p1")),
    reason: /timestamp -1 is not a time/,
  },
  {
    name: "a fractional read watermark",
    event: rawEvent("U3", `${T + 150}`, `"read":{"watermark":${T}.25}`),
    reason: /watermark 1793520000000\.25 is not a time/,
  },
  {
    name: "5,000 nested lists in a field",
    event: rawEvent("U3", `${T + 150}`, message("p1", `,"attachments":${deep(5_000)}`)),
    reason: /nested deeper than 32 levels \(at message\.attachments/,
  },
  { name: "an event that is 5,000 nested lists", event: deep(5_000), reason: /nested deeper than 32 levels/ },
  {
    name: "a 10,000-character mid",
    event: rawEvent("U3", `${T + 150}`, message("m".repeat(10_000))),
    reason: /mid is 10000 characters long/,
  },
  {
    name: "a 10,000-character customer id",
    event: rawEvent("U".repeat(10_000), `${T + 150}`, message("p1")),
    reason: /customer id is 10000 characters long/,
  },
];

async function messagesOf(h: Harness, psid: string): Promise<(string | null)[]> {
  const rows = await h.baton.db.query<{ text: string | null }>(
    "select text from timeline_items where conversation_id = $1 and kind = 'message' order by at",
    [`${PAGE_ID}-${psid}`],
  );
  return rows.map((r) => r.text);
}

describeOnEachDatabase("webhook", (harness) => {
  let h: Harness;
  beforeEach(async () => {
    h = harness();
    await h.baton.db.query("delete from unprocessable_events");
  });

  it("answers Meta's handshake with the challenge when the verify token matches", async () => {
    const ok = await h.baton.app.request(
      "/webhooks/messenger?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=12345",
    );
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("12345");
    const bad = await h.baton.app.request(
      "/webhooks/messenger?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=12345",
    );
    expect(bad.status).toBe(403);
  });

  it.each(forgedWebhooks)(
    "refuses $name with $status $code and stores nothing",
    async ({ request, status, code }) => {
      const res = await h.baton.app.request(request(h));
      expect(res.status).toBe(status);
      expect(await res.json()).toMatchObject({ error: { code, message: expect.any(String) } });
      expect(await storedRows(h)).toEqual({
        webhook_batches: 0,
        events: 0,
        conversations: 0,
        timeline_items: 0,
        unprocessable_events: 0,
      });
    },
  );

  it("stops reading an endless chunked upload once it passes the limit, and answers 413", async () => {
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += chunk.byteLength;
        controller.enqueue(chunk);
      },
    });
    const res = await h.baton.app.request(
      post(endless, { "x-hub-signature-256": `sha256=${"0".repeat(64)}` }),
    );
    expect(res.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(h.config.WEBHOOK_MAX_BYTES + 4 * chunk.byteLength);
  });

  it.each(poisons)(
    "keeps an event with $name raw as unprocessable, stores the rest of its batch and answers 200",
    async ({ event, reason }) => {
      const res = await h.webhook(batchAround(event));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, events: 2, unprocessable: 1 });
      expect(await messagesOf(h, "U1")).toEqual(["Where is my order?"]);
      expect(await messagesOf(h, "U2")).toEqual(["Do you ship to Oslo?"]);
      expect(await count(h, "conversations")).toBe(2);
      expect(await count(h, "webhook_batches")).toBe(1);
      const [listed, ...more] = await listUnprocessableEvents(h.baton.db, 50);
      expect(more).toEqual([]);
      expect(listed).toMatchObject({
        id: expect.stringMatching(/^\d+$/),
        receivedAt: h.clock.now().toISOString(),
        reason: expect.stringMatching(reason),
      });
      expect(listed?.raw.length).toBeLessThanOrEqual(RAW_PREVIEW_CHARS + 1);
      expect(listed?.raw).not.toContain("\u0000");
    },
  );

  it("keeps a re-delivered unprocessable event once, and its raw JSON whole and escaped", async () => {
    const body = batchAround(rawEvent("U3", `${T + 150}`, `"message":{"mid":"p1","text":"hi\\u0000there"}`));
    await h.webhook(body);
    await h.webhook(body);
    expect(await count(h, "webhook_batches")).toBe(2);
    expect(await count(h, "timeline_items")).toBe(2);
    const [row, ...more] = await h.baton.db.query<{ page_id: string; raw: string; batch_id: number }>(
      "select page_id, raw, batch_id from unprocessable_events",
    );
    expect(more).toEqual([]);
    expect(row?.page_id).toBe(PAGE_ID);
    expect(JSON.parse(row?.raw ?? "")).toEqual({
      sender: { id: "U3" },
      recipient: { id: PAGE_ID },
      timestamp: T + 150,
      message: { mid: "p1", text: "hi\u0000there" },
    });
    const [batch] = await h.baton.db.query<{ id: number }>(
      "select id from webhook_batches order by id limit 1",
    );
    expect(row?.batch_id).toBe(batch?.id);
  });

  it("lists unprocessable events newest first, each cut to a readable length", async () => {
    const long = rawEvent("U3", "1.5", message("p1", `,"pad":"${"x".repeat(10_000)}"`));
    await h.webhook(batchAround(long));
    h.clock.advance(1000);
    await h.webhook(batchAround(rawEvent("U4", "2.5", message("p2"))));
    const listed = await listUnprocessableEvents(h.baton.db, 10);
    expect(listed.map((e) => e.reason)).toEqual([
      expect.stringContaining("timestamp 2.5"),
      expect.stringContaining("timestamp 1.5"),
    ]);
    expect(listed[1]?.raw).toHaveLength(RAW_PREVIEW_CHARS + 1);
    expect(listed[1]?.raw.endsWith("…")).toBe(true);
    expect(await listUnprocessableEvents(h.baton.db, 1)).toHaveLength(1);
  });

  it("keeps every event of an entry whose page id holds a NUL as unprocessable, and stores the other entries", async () => {
    const body = JSON.stringify({
      object: "page",
      entry: [
        {
          id: "PAGE\u0000X",
          time: T,
          standby: [meta.text("U3", "p1", "hi", T + 1), meta.text("U4", "p2", "hi", T + 2)],
        },
        { id: PAGE_ID, time: T, standby: [meta.text("U1", "good1", "Where is my order?", T + 3)] },
      ],
    });
    const res = await h.webhook(body);
    expect(await res.json()).toMatchObject({ ok: true, events: 1, unprocessable: 2 });
    expect(await messagesOf(h, "U1")).toEqual(["Where is my order?"]);
    const rows = await h.baton.db.query<{ page_id: string; reason: string }>(
      "select page_id, reason from unprocessable_events order by id",
    );
    expect(rows).toEqual([
      { page_id: "PAGE\\u0000X", reason: "standby: the entry's page id contains a NUL character" },
      { page_id: "PAGE\\u0000X", reason: "standby: the entry's page id contains a NUL character" },
    ]);
  });

  it("stores a customer's 50,000-character message cut at 20,000 characters and marked as cut", async () => {
    const text = `${"Where is my order? ".repeat(2_631)}${"😀".repeat(10)}`.slice(0, 50_000);
    const res = await h.webhook(meta.batch([meta.text("U1", "long", text, T)]));
    expect(await res.json()).toMatchObject({ ok: true, events: 1, unprocessable: 0 });
    const [row] = await h.baton.db.query<{ text: string; item: { textTruncated?: boolean } }>(
      "select text, item from timeline_items where mid = 'long'",
    );
    expect(row?.text).toHaveLength(MAX_TEXT_CHARS);
    expect(text.startsWith(row?.text ?? "-")).toBe(true);
    expect(row?.item.textTruncated).toBe(true);
  });

  it("stores text with half an emoji (an unpaired surrogate) with U+FFFD in its place", async () => {
    const res = await h.webhook(
      `{"object":"page","entry":[{"id":"${PAGE_ID}","standby":[${rawEvent("U1", `${T}`, `"message":{"mid":"s1","text":"cut \\ud83d here","quick_reply":{"payload":"\\udc00"}}`)}]}]}`,
    );
    expect(await res.json()).toMatchObject({ ok: true, events: 1, unprocessable: 0 });
    const [row] = await h.baton.db.query<{ text: string; item: { quickReplyPayload: string } }>(
      "select text, item from timeline_items where mid = 's1'",
    );
    expect(row).toEqual({
      text: "cut \uFFFD here",
      item: expect.objectContaining({ quickReplyPayload: "\uFFFD" }),
    });
  });

  it("stores an echo whose metadata names no agent of Baton's (or a NUL one) without an agent, instead of failing the batch", async () => {
    const echo = (mid: string, agentId: string) =>
      meta.echo("U1", mid, "Sent from another app", T + 10, BATON_APP, {
        metadata: JSON.stringify({ baton: { agentId, clientId: `c-${mid}` } }),
      });
    const res = await h.webhook(
      meta.batch(
        [
          meta.text("U1", "c1", "Hi", T),
          echo("e1", "nobody"),
          echo("e2", "sam\u0000"),
          echo("e3", "x".repeat(500)),
        ],
        "messaging",
      ),
    );
    expect(res.status).toBe(200);
    const rows = await h.baton.db.query<{ mid: string; agent_id: string | null; client_id: string | null }>(
      "select mid, agent_id, client_id from timeline_items where author = 'agent' order by mid",
    );
    expect(rows).toEqual([
      { mid: "e1", agent_id: null, client_id: "c-e1" },
      { mid: "e2", agent_id: null, client_id: "c-e2" },
      { mid: "e3", agent_id: null, client_id: "c-e3" },
    ]);
  });

  it("stores a postback with a 10,000-character title under a dedupe key that fits the index, once", async () => {
    const tap = {
      sender: { id: "U1" },
      recipient: { id: PAGE_ID },
      timestamp: T,
      postback: { title: "t".repeat(10_000), payload: "X" },
    };
    await h.webhook(meta.batch([tap]));
    await h.webhook(meta.batch([tap]));
    const rows = await h.baton.db.query<{ dedupe_key: string }>(
      "select dedupe_key from events where kind = 'customer_postback'",
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.dedupe_key.length).toBeLessThanOrEqual(500);
  });

  it("stores an unknown event of an entry with a fractional time at time 0 instead of failing", async () => {
    const res = await h.webhook(
      `{"object":"page","entry":[{"id":"${PAGE_ID}","time":1.5,"standby":[{"optin":{"ref":"x"}}]}]}`,
    );
    expect(await res.json()).toMatchObject({ ok: true, events: 1, unknown: 1, unprocessable: 0 });
    const [row] = await h.baton.db.query<{ at: number }>("select at from events");
    expect(row?.at).toBe(0);
  });

  it("keeps an event the database refuses as unprocessable, and stores the rest of the batch event by event", async () => {
    // Stands for whatever else PostgreSQL might refuse that the checks before the transaction did not foresee.
    await h.baton.db.query(
      "alter table timeline_items add constraint test_refuses_poison check (text is distinct from 'poison')",
    );
    try {
      const res = await h.webhook(batchAround(JSON.stringify(meta.text("U3", "p1", "poison", T + 150))));
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, events: 2, unprocessable: 1 });
      expect(await messagesOf(h, "U1")).toEqual(["Where is my order?"]);
      expect(await messagesOf(h, "U2")).toEqual(["Do you ship to Oslo?"]);
      expect(await count(h, "events")).toBe(2);
      const [listed] = await listUnprocessableEvents(h.baton.db, 10);
      expect(listed?.reason).toMatch(/the database refused it: .*test_refuses_poison/);
      expect(JSON.parse(listed?.raw ?? "")).toMatchObject({
        kind: "customer_message",
        psid: "U3",
        text: "poison",
      });
    } finally {
      await h.baton.db.query("alter table timeline_items drop constraint test_refuses_poison");
    }
  });

  it("keeps an unknown event raw and still stores the rest of the batch", async () => {
    const res = await h.webhook(
      meta.batch([
        { sender: { id: "U1" }, recipient: { id: PAGE_ID }, timestamp: T + 5, game_play: { game_id: "x" } },
        { nonsense: true },
        meta.text("U1", "m1", "hello", T + 10),
      ]),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, events: 3, unknown: 2 });
    const kinds = await h.baton.db.query<{ kind: string }>("select kind from events order by at, id");
    expect(kinds.map((k) => k.kind).sort()).toEqual(["customer_message", "unknown", "unknown"]);
    expect(await count(h, "timeline_items")).toBe(1);
  });

  it("stores the same message once when Meta re-delivers it", async () => {
    const batch = meta.batch([meta.text("U1", "m1", "Where is my order?", T + 1000)]);
    await h.webhook(batch);
    await h.webhook(batch);
    await h.webhook(
      meta.batch([
        meta.text("U1", "m1", "Where is my order?", T + 1000),
        meta.text("U1", "m2", "Hello?", T + 2000),
      ]),
    );
    expect(await count(h, "timeline_items")).toBe(2);
    const [c] = await h.baton.db.query<{ unread_count: number }>("select unread_count from conversations");
    expect(c?.unread_count).toBe(2);
    expect(await count(h, "webhook_batches")).toBe(3);
  });

  it("orders a batch by timestamp, not by arrival", async () => {
    await h.webhook(
      meta.batch([
        meta.echo("U1", "b1", "It ships today", T + 2000, BOT_APP),
        meta.text("U1", "c1", "When does it ship?", T + 1000),
      ]),
    );
    const res = await h.api("GET", "/conversations?view=all");
    const page = (await res.json()) as { items: { status: string }[] };
    expect(page.items[0]?.status).toBe("bot_resolved");
  });

  it("a bot answer delivered before the question it answers still resolves the conversation", async () => {
    await h.webhook(meta.batch([meta.echo("U1", "b1", "It ships today", T + 2000, BOT_APP)]));
    await h.webhook(meta.batch([meta.text("U1", "c1", "When does it ship?", T + 1000)]));
    h.clock.advance(120_000);
    await h.baton.sweepTimers();
    const [c] = await h.baton.db.query<{ status: string }>("select status from conversations");
    expect(c?.status).toBe("bot_resolved");
    const detail = (await (await h.api("GET", `/conversations/${PAGE_ID}-U1`)).json()) as {
      timeline: { items: { kind: string; text: string | null }[] };
    };
    expect(detail.timeline.items.filter((i) => i.kind === "message").map((i) => i.text)).toEqual([
      "When does it ship?",
      "It ships today",
    ]);
  });

  it("a handoff tap escalates and a later bot 'Okay' keeps it in the inbox, flagged", async () => {
    await h.webhook(
      meta.batch([
        meta.echo("U1", "b0", "Need anything else?", T + 1000, BOT_APP, {
          quick_replies: [{ content_type: "text", title: "Talk to a human", payload: "HUMAN" }],
        }),
      ]),
    );
    await h.webhook(meta.batch([meta.text("U1", "c1", "Talk to a human", T + 2000, "HUMAN")]));
    await h.webhook(meta.batch([meta.echo("U1", "b1", "Okay", T + 3000, BOT_APP)]));
    const list = (await (await h.api("GET", "/conversations?view=open")).json()) as {
      items: { status: string; flags: string[] }[];
    };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ status: "open", flags: ["bot_replied_after_handoff"] });
    const detail = (await (await h.api("GET", `/conversations/${PAGE_ID}-U1`)).json()) as {
      handoffItemId: string;
      timeline: {
        items: {
          id: string;
          kind: string;
          quickReplies?: { title: string }[];
          quickReplyPayload?: string | null;
        }[];
      };
    };
    expect(detail.timeline.items.find((i) => i.id === detail.handoffItemId)).toMatchObject({
      kind: "system",
    });
    expect(detail.timeline.items[0]?.quickReplies?.[0]?.title).toBe("Talk to a human");
    expect(detail.timeline.items[1]?.quickReplyPayload).toBe("HUMAN");
  });

  it("the bot passing control to Baton on the messaging channel escalates with the bot's reason", async () => {
    const now = h.clock.now().getTime();
    await h.webhook(meta.batch([meta.text("U1", "c1", "I want a refund", now - 1000)]));
    await h.webhook(meta.batch([meta.pass("U1", BATON_APP, now - 500, "refund")], "messaging"));
    const s = (await (await h.api("GET", `/conversations/${PAGE_ID}-U1`)).json()) as {
      conversation: { status: string; owner: string; escalationReason: string };
    };
    expect(s.conversation).toMatchObject({
      status: "open",
      owner: "baton",
      escalationReason: "The bot passed the conversation to Baton: refund",
    });
  });

  it("reads every attachment kind, postbacks, reactions, deliveries and reads", async () => {
    const psid = "U9";
    await h.webhook(
      meta.batch([
        {
          sender: { id: psid },
          recipient: { id: PAGE_ID },
          timestamp: T + 100,
          message: {
            mid: "a1",
            attachments: [
              { type: "image", payload: { url: "https://x/cat.jpg" } },
              { type: "image", payload: { url: "https://x/s.png", sticker_id: 369239263222822 } },
              { type: "video", payload: { url: "https://x/v.mp4" } },
              { type: "audio", payload: { url: "https://x/a.mp4" } },
              { type: "file", payload: { url: "https://x/f.pdf" } },
              { type: "fallback", payload: { url: "https://shop.example/p/1", title: "A link" } },
            ],
          },
        },
        meta.echo(psid, "e1", "", T + 200, BOT_APP, {
          text: undefined,
          attachments: [
            {
              type: "template",
              payload: {
                template_type: "generic",
                elements: [
                  {
                    title: "Blue sneakers",
                    subtitle: "$89",
                    image_url: "https://x/s.jpg",
                    buttons: [{ type: "web_url", title: "Checkout", url: "https://shop.example/cart" }],
                  },
                ],
              },
            },
          ],
        }),
        {
          sender: { id: psid },
          recipient: { id: PAGE_ID },
          timestamp: T + 300,
          postback: { title: "Checkout", payload: "CHECKOUT", mid: "pb1" },
        },
        {
          sender: { id: psid },
          recipient: { id: PAGE_ID },
          timestamp: T + 400,
          reaction: { mid: "e1", action: "react", reaction: "love", emoji: "❤" },
        },
        {
          sender: { id: psid },
          recipient: { id: PAGE_ID },
          timestamp: T + 500,
          delivery: { mids: ["e1"], watermark: T + 250 },
        },
        {
          sender: { id: psid },
          recipient: { id: PAGE_ID },
          timestamp: T + 600,
          read: { watermark: T + 250 },
        },
      ]),
    );
    const detail = (await (await h.api("GET", `/conversations/${PAGE_ID}-${psid}`)).json()) as {
      timeline: { items: Record<string, unknown>[] };
    };
    const [photo, card, tap] = detail.timeline.items.filter((i) => i.kind === "message");
    expect((photo?.attachments as { type: string }[]).map((a) => a.type)).toEqual([
      "image",
      "image",
      "video",
      "audio",
      "file",
      "fallback",
    ]);
    expect(photo?.attachments).toContainEqual({
      type: "image",
      url: "https://x/s.png",
      stickerId: 369239263222822,
    });
    expect(card).toMatchObject({
      author: "bot",
      delivery: "read",
      reactions: [{ reaction: "love", emoji: "❤" }],
    });
    expect((card?.attachments as { elements: { title: string }[] }[])[0]?.elements[0]?.title).toBe(
      "Blue sneakers",
    );
    expect(tap).toMatchObject({ author: "customer", postback: { title: "Checkout", payload: "CHECKOUT" } });
  });
});

describe("webhook when the database is down", () => {
  it("answers 503 with a clear error, so Meta delivers the batch again later", async () => {
    const h = await startHarness("memory:");
    await h.baton.db.close();
    const res = await h.webhook(meta.batch([meta.text("U1", "m1", "hello", Date.now())]));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({
      error: { code: "database_unavailable", message: expect.stringMatching(/Nothing was stored/) },
    });
    await h.graph.close();
  });
});

/** What a client sending over a real socket saw: the answer, and how much it had sent when the answer came. */
interface SocketAnswer {
  status: number;
  body: string;
  sentBeforeAnswer: number;
}

/** POSTs to a listening Baton over TCP, writing `chunk` again and again until the answer comes (or `total` is sent). */
function upload(port: number, headers: Record<string, string>, total: number): Promise<SocketAnswer> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    let answered = false;
    const req = httpRequest({
      host: "127.0.0.1",
      port,
      path: "/webhooks/messenger",
      method: "POST",
      headers: { host: "localhost", "content-type": "application/json", ...headers },
    });
    const pump = () => {
      while (!answered && sent < total) {
        sent += chunk.byteLength;
        if (!req.write(chunk)) return void req.once("drain", pump);
      }
    };
    req.on("response", (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => (body += d));
      res.on("end", () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, body, sentBeforeAnswer });
      });
    });
    req.on("error", (error) => {
      if (!answered) reject(error);
    });
    pump();
  });
}

describe("webhook body limit over a real socket", () => {
  const LIMIT = 64 * 1024;
  let h: Harness;
  let port = 0;
  beforeAll(async () => {
    h = await startHarness("memory:", { WEBHOOK_MAX_BYTES: String(LIMIT) });
    ({ port } = await h.baton.listen(0));
  });
  afterAll(async () => {
    await h.close();
  });

  it.each<{ name: string; headers: Record<string, string> }>([
    { name: "an endless chunked upload", headers: {} },
    { name: "an upload announcing 500 MB", headers: { "content-length": String(500 * 1024 * 1024) } },
  ])("answers $name with 413 long before it ends, and stores nothing", async ({ headers }) => {
    const answers = await Promise.all(
      Array.from({ length: 4 }, () =>
        upload(port, { "x-hub-signature-256": `sha256=${"0".repeat(64)}`, ...headers }, 512 * 1024 * 1024),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "payload_too_large" } });
      expect(answer.sentBeforeAnswer).toBeLessThan(32 * 1024 * 1024);
    }
    expect(await count(h, "webhook_batches")).toBe(0);
  });

  it("still takes a signed batch under the limit on the same server", async () => {
    const raw = JSON.stringify(meta.batch([meta.text("U1", "m1", "hello", T)]));
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = httpRequest({
        host: "127.0.0.1",
        port,
        path: "/webhooks/messenger",
        method: "POST",
        headers: {
          host: "localhost",
          "content-type": "application/json",
          "x-hub-signature-256": signBody(SECRET, raw),
        },
      });
      req.on("response", (res) => res.resume().on("end", () => resolve(res.statusCode)));
      req.on("error", reject);
      req.end(raw);
    });
    expect(status).toBe(200);
    expect(await count(h, "timeline_items")).toBe(1);
  });
});
