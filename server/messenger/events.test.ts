import { describe, expect, it } from "vitest";
import {
  batchEnvelope,
  boundedKey,
  MAX_DEDUPE_KEY_CHARS,
  MAX_TEXT_CHARS,
  parseWebhookBatch,
  plausibleTime,
  type MessengerEvent,
} from "./events.ts";
import { webhookEnvelope } from "./webhook-payload.ts";

const APPS = { bot: "1001", baton: "2002" };
const PAGE = "PAGE1";
const T = Date.UTC(2026, 10, 1, 8, 0, 0);

/** Parses raw JSON text (so a test can write 1e999) as one entry's standby events. */
function parse(events: string, entry = `"id":"${PAGE}","time":${T}`) {
  return parseWebhookBatch(
    webhookEnvelope.parse(JSON.parse(`{"object":"page","entry":[{${entry},"standby":[${events}]}]}`)),
    APPS,
  );
}
const from = (psid: string, timestamp: string | number, fields: string) =>
  `{"sender":{"id":${JSON.stringify(psid)}},"recipient":{"id":"${PAGE}"},"timestamp":${timestamp},${fields}}`;
const text = (mid: string, body = "hello") =>
  `"message":{"mid":${JSON.stringify(mid)},"text":${JSON.stringify(body)}}`;

describe("plausibleTime", () => {
  it.each([
    [T, true],
    [Date.UTC(2000, 0, 1), true],
    [Date.UTC(2100, 0, 1) - 1, true],
    [Date.UTC(2100, 0, 1), false],
    [Date.UTC(1999, 11, 31), false],
    [T + 0.5, false],
    [1e20, false],
    [Number.POSITIVE_INFINITY, false],
    [Number.NaN, false],
    [Math.floor(T / 1000), false],
    ["1793520000000", false],
  ])("%s is a time Baton stores: %s", (value, ok) => {
    expect(plausibleTime(value)).toBe(ok);
  });
});

describe("parseWebhookBatch refuses events it cannot store, keeping the rest", () => {
  it.each([
    {
      name: "a NUL in the text",
      event: from("U3", T, `"message":{"mid":"p","text":"a\\u0000"}`),
      reason: /NUL .* at message\.text/,
    },
    {
      name: "a NUL in a template button's payload",
      event: from(
        "U3",
        T,
        `"message":{"mid":"p","attachments":[{"type":"template","payload":{"buttons":[{"payload":"\\u0000"}]}}]}`,
      ),
      reason: /at message\.attachments\[0\]\.payload\.buttons\[0\]\.payload/,
    },
    {
      name: "a NUL in an unknown field",
      event: from("U3", T, `"optin":{"ref":"\\u0000"}`),
      reason: /at optin\.ref/,
    },
    {
      name: "a fractional timestamp",
      event: from("U3", `${T}.5`, text("p")),
      reason: /^timestamp 1793520000000\.5 is not a time/,
    },
    { name: "a timestamp of 1e999", event: from("U3", "1e999", text("p")), reason: /^timestamp Infinity/ },
    {
      name: "a timestamp beyond bigint",
      event: from("U3", "1e20", text("p")),
      reason: /^timestamp 100000000000000000000/,
    },
    {
      name: "a timestamp in seconds",
      event: from("U3", Math.floor(T / 1000), text("p")),
      reason: /^timestamp 1793520000 /,
    },
    {
      name: "an app_roles event at time 5",
      event: `{"recipient":{"id":"${PAGE}"},"timestamp":5,"app_roles":{"1001":["primary_receiver"]}}`,
      reason: /^timestamp 5 /,
    },
    {
      name: "a fractional delivery watermark",
      event: from("U3", T, `"delivery":{"mids":[],"watermark":${T}.5}`),
      reason: /^watermark 1793520000000\.5/,
    },
    {
      name: "a read watermark beyond bigint",
      event: from("U3", T, `"read":{"watermark":1e20}`),
      reason: /^watermark 100000000000000000000/,
    },
    {
      name: "a 257-character mid",
      event: from("U3", T, text("m".repeat(257))),
      reason: /^mid is 257 characters long \(at most 256\)/,
    },
    {
      name: "a 257-character postback mid",
      event: from("U3", T, `"postback":{"title":"Go","mid":"${"p".repeat(257)}"}`),
      reason: /^mid is 257/,
    },
    {
      name: "a 257-character reaction mid",
      event: from("U3", T, `"reaction":{"mid":"${"r".repeat(257)}","action":"react"}`),
      reason: /^mid is 257/,
    },
    {
      name: "a 257-character customer id",
      event: from("U".repeat(257), T, text("p")),
      reason: /^the customer id is 257/,
    },
    {
      name: "nesting 33 levels deep",
      event: from("U3", T, `"message":{"mid":"p","x":${"[".repeat(31)}${"]".repeat(31)}}`),
      reason: /^nested deeper than 32 levels/,
    },
  ])("$name", ({ event, reason }) => {
    const { events, refused } = parse(`${from("U1", T + 1, text("good"))},${event}`);
    expect(events.map((e) => e.dedupeKey)).toEqual(["mid:good"]);
    expect(refused).toEqual([
      { pageId: PAGE, channel: "standby", reason: expect.stringMatching(reason), raw: expect.any(String) },
    ]);
    expect(refused[0]?.raw).not.toContain("\u0000");
  });

  it("refuses every event of an entry whose page id cannot be stored", () => {
    for (const [id, reason] of [
      ["P\\u0000", "the entry's page id contains a NUL character"],
      ["P".repeat(300), "the entry's page id is 300 characters long (at most 256)"],
    ] as const) {
      const { events, refused } = parse(
        `${from("U1", T, text("a"))},${from("U2", T, text("b"))}`,
        `"id":"${id}"`,
      );
      expect(events).toEqual([]);
      expect(refused.map((r) => r.reason)).toEqual([reason, reason]);
      expect(refused[0]?.pageId).not.toContain("\u0000");
    }
  });

  it("keeps 32 levels of nesting and ids of 256 characters", () => {
    const { events, refused } = parse(
      from(
        "U".repeat(256),
        T,
        `"message":{"mid":"${"m".repeat(256)}","x":${"[".repeat(30)}${"]".repeat(30)}}`,
      ),
    );
    expect(refused).toEqual([]);
    expect(events).toHaveLength(1);
  });
});

describe("parseWebhookBatch bounds what it keeps", () => {
  const only = (events: string): MessengerEvent => {
    const { events: parsed, refused } = parse(events);
    expect(refused).toEqual([]);
    const [e] = parsed;
    if (!e) throw new Error("no event");
    return e;
  };

  it.each([
    { kind: "customer", event: (body: string) => from("U1", T, text("long", body)) },
    {
      kind: "echo",
      event: (body: string) =>
        `{"sender":{"id":"${PAGE}"},"recipient":{"id":"U1"},"timestamp":${T},"message":{"is_echo":true,"app_id":1001,"mid":"long","text":${JSON.stringify(body)}}}`,
    },
  ])("cuts a $kind message's text at 20,000 characters and marks it", ({ event }) => {
    const e = only(event("é".repeat(MAX_TEXT_CHARS + 5)));
    expect(e).toMatchObject({ text: "é".repeat(MAX_TEXT_CHARS), textTruncated: true });
  });

  it("leaves a text of exactly 20,000 characters whole and unmarked", () => {
    const e = only(from("U1", T, text("m", "a".repeat(MAX_TEXT_CHARS))));
    expect(e).toMatchObject({ text: "a".repeat(MAX_TEXT_CHARS) });
    expect(e).not.toHaveProperty("textTruncated");
  });

  it("does not cut an emoji in half at the limit", () => {
    const e = only(from("U1", T, text("m", `${"a".repeat(MAX_TEXT_CHARS - 1)}😀😀`)));
    expect(e).toMatchObject({ text: "a".repeat(MAX_TEXT_CHARS - 1), textTruncated: true });
  });

  it("replaces unpaired surrogates in what it keeps with U+FFFD", () => {
    const e = only(
      from("U1", T, `"message":{"mid":"m","text":"half \\ud83d","quick_reply":{"payload":"\\ude00"}}`),
    );
    expect(e).toMatchObject({ text: "half \uFFFD", quickReplyPayload: "\uFFFD" });
  });

  it("keeps an unknown event of an entry with no plausible time at time 0, and an event with one at that time", () => {
    expect(parse(`{"optin":{"ref":"x"}}`, `"id":"${PAGE}","time":1.5`).events[0]).toMatchObject({
      kind: "unknown",
      at: 0,
    });
    expect(parse(`{"optin":{"ref":"x"}}`, `"id":"${PAGE}","time":${T}`).events[0]).toMatchObject({
      kind: "unknown",
      at: T,
    });
  });

  it("gives a postback with a 10,000-character title a dedupe key that fits the index", () => {
    const e = only(from("U1", T, `"postback":{"title":"${"t".repeat(10_000)}","payload":"X"}`));
    expect(e.dedupeKey.length).toBeLessThanOrEqual(MAX_DEDUPE_KEY_CHARS);
  });
});

describe("boundedKey", () => {
  it("keeps a key of up to 500 characters as it is, so stored keys still match re-deliveries", () => {
    expect(boundedKey("mid:m_1")).toBe("mid:m_1");
    expect(boundedKey("k".repeat(500))).toBe("k".repeat(500));
  });

  it("ends a longer key in a hash of all of it: short enough, stable, and different for keys that differ only at the end", () => {
    const a = boundedKey(`postback:U1:${T}:${"t".repeat(1000)}a`);
    const b = boundedKey(`postback:U1:${T}:${"t".repeat(1000)}b`);
    expect(a.length).toBeLessThanOrEqual(500);
    expect(a).toBe(boundedKey(`postback:U1:${T}:${"t".repeat(1000)}a`));
    expect(a).not.toBe(b);
  });
});

describe("parseWebhookBatch reads Messenger's other signals", () => {
  const one = (event: string): MessengerEvent => {
    const { events, refused } = parse(event);
    expect(refused).toEqual([]);
    const [e, ...more] = events;
    expect(more).toEqual([]);
    if (!e) throw new Error("no event");
    return e;
  };
  const page = (fields: string) => `{"recipient":{"id":"${PAGE}"},"timestamp":${T},${fields}}`;

  it.each([
    {
      name: "a standalone referral from an ad, with its title",
      event: from(
        "U1",
        T,
        `"referral":{"ref":"SPRING","source":"ADS","type":"OPEN_THREAD","ad_id":"6045","ads_context_data":{"ad_title":"Spring Sale","photo_url":"x"}}`,
      ),
      expected: {
        kind: "referral",
        psid: "U1",
        referral: {
          source: "ADS",
          type: "OPEN_THREAD",
          ref: "SPRING",
          adId: "6045",
          adTitle: "Spring Sale",
          refererUri: null,
        },
      },
    },
    {
      name: "a message that carries its referral",
      event: from(
        "U1",
        T,
        `"message":{"mid":"m1","text":"Hi","referral":{"source":"SHORTLINK","type":"OPEN_THREAD","ref":"QR"}}`,
      ),
      expected: {
        kind: "customer_message",
        mid: "m1",
        referral: { source: "SHORTLINK", ref: "QR", adTitle: null },
      },
    },
    {
      name: "a postback whose referral sits beside it",
      event: from(
        "U1",
        T,
        `"postback":{"title":"Get Started","payload":"GET_STARTED"},"referral":{"source":"CUSTOMER_CHAT_PLUGIN","referer_uri":"https://shop.example/"}`,
      ),
      expected: {
        kind: "customer_postback",
        title: "Get Started",
        referral: { source: "CUSTOMER_CHAT_PLUGIN", refererUri: "https://shop.example/" },
      },
    },
    {
      name: "a recurring-notifications opt-in with its topic and frequency",
      event: from(
        "U1",
        T,
        `"optin":{"type":"notification_messages","title":"Deals","payload":"DEALS","notification_messages_token":"tok","notification_messages_frequency":"WEEKLY","token_expiry_timestamp":${T + 1}}`,
      ),
      expected: {
        kind: "opt_in",
        psid: "U1",
        optinType: "notification_messages",
        topic: "Deals",
        payload: "DEALS",
        frequency: "WEEKLY",
        tokenExpiresAt: T + 1,
        raw: { notification_messages_token: "tok" },
      },
    },
    {
      name: "a checkbox opt-in with no PSID, keyed by its user_ref and kept Page-level",
      event: page(`"optin":{"ref":"CART","user_ref":"ref-77"}`),
      expected: {
        kind: "opt_in",
        psid: "",
        optinType: "checkbox",
        ref: "CART",
        userRef: "ref-77",
        dedupeKey: `optin:user_ref:ref-77:${T}`,
      },
    },
    {
      name: "a Send to Messenger opt-in",
      event: from("U1", T, `"optin":{"ref":"PLUGIN"}`),
      expected: { kind: "opt_in", optinType: "send_to_messenger", ref: "PLUGIN", userRef: null },
    },
    {
      name: "a policy enforcement for the Page, under the older policy-enforcement key",
      event: page(`"policy-enforcement":{"action":"block","reason":"spam"}`),
      expected: { kind: "policy_enforcement", psid: "", action: "block", reason: "spam" },
    },
    {
      name: "a policy enforcement for the Page, under policy_enforcement as Meta names it today",
      event: page(`"policy_enforcement":{"action":"warning","reason":"spam"}`),
      expected: { kind: "policy_enforcement", psid: "", action: "warning", reason: "spam" },
    },
    {
      name: "a feedback form with scores and words",
      event: from(
        "U1",
        T,
        `"messaging_feedback":{"feedback_screens":[{"screen_id":0,"questions":{"q1":{"type":"csat","payload":"4","follow_up":{"type":"free_form","payload":"Nice"}},"q2":{"type":"nps","payload":"x"}}}]}`,
      ),
      expected: {
        kind: "feedback",
        answers: [
          { id: "q1", type: "csat", score: 4, followUp: "Nice" },
          { id: "q2", type: "nps", score: null, followUp: null },
        ],
      },
    },
    {
      name: "an edit, one per num_edit",
      event: from("U1", T, `"message_edit":{"mid":"m1","text":"fixed","num_edit":2}`),
      expected: { kind: "message_edit", mid: "m1", text: "fixed", numEdit: 2, dedupeKey: "edit:m1:2" },
    },
    {
      name: "an unsent message, apart from the message itself",
      event: from("U1", T, `"message":{"mid":"m1","is_deleted":true}`),
      expected: { kind: "message_deleted", mid: "m1", dedupeKey: "deleted:m1" },
    },
    {
      name: "a reply to the Page's story",
      event: from(
        "U1",
        T,
        `"message":{"mid":"m1","text":"nice","reply_to":{"story":{"url":"https://cdn/s.jpg","id":"17"}}}`,
      ),
      expected: {
        kind: "customer_message",
        replyToMid: null,
        storyReply: { url: "https://cdn/s.jpg", id: "17" },
      },
    },
    {
      name: "the first reply after a checkbox opt-in, naming its user_ref",
      event: from(
        "U1",
        T,
        `"message":{"mid":"m1","text":"ok","prior_message":{"source":"checkbox_plugin","identifier":"ref-77"}}`,
      ),
      expected: {
        kind: "customer_message",
        priorMessage: { source: "checkbox_plugin", identifier: "ref-77" },
      },
    },
    {
      name: "a story mention",
      event: from(
        "U1",
        T,
        `"message":{"mid":"m1","attachments":[{"type":"story_mention","payload":{"url":"https://cdn/m.jpg"}}]}`,
      ),
      expected: {
        kind: "customer_message",
        attachments: [{ type: "story_mention", url: "https://cdn/m.jpg" }],
      },
    },
  ])("$name", ({ event, expected }) => {
    expect(one(event)).toMatchObject(expected);
  });

  it("an edit's text is cut at 20,000 characters like a message's", () => {
    expect(
      one(
        from("U1", T, `"message_edit":{"mid":"m1","text":"${"a".repeat(MAX_TEXT_CHARS + 1)}","num_edit":1}`),
      ),
    ).toMatchObject({ textTruncated: true });
  });

  it("reads the App Dashboard's Test sample in the changes format as a webhook test, at the entry's time or 0", () => {
    const sample = {
      field: "messages",
      value: {
        sender: { id: "12334" },
        recipient: { id: "23245" },
        timestamp: "1527459824",
        message: { mid: "test_message_id" },
      },
    };
    const { events, refused } = parseWebhookBatch(
      batchEnvelope.parse({ object: "page", entry: [{ id: "0", time: 1527459824, changes: [sample] }] }),
      APPS,
    );
    expect(refused).toEqual([]);
    expect(events).toEqual([
      expect.objectContaining({
        kind: "webhook_test",
        pageId: "0",
        psid: "",
        at: 0,
        channel: "changes",
        field: "messages",
        value: sample.value,
      }),
    ]);
    const odd = parseWebhookBatch(
      batchEnvelope.parse({ object: "page", entry: [{ id: "0", changes: [{ nope: 1 }] }] }),
      APPS,
    );
    expect(odd.events).toEqual([expect.objectContaining({ kind: "unknown", channel: "changes" })]);
  });
});
