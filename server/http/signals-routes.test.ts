import { beforeEach, expect, it } from "vitest";
import { conversationDetail, conversationPage } from "../../contract/api.ts";
import { messengerSettings, policyAlertResult, policyAlertsResponse } from "../../contract/signals.ts";
import type { MessageItem, SystemItem, TimelineItem } from "../../contract/timeline.ts";
import { listUnprocessableEvents } from "../messenger/unprocessable.ts";
import { BOT_APP, describeOnEachDatabase, meta, PAGE_ID, type Harness } from "../testing/harness.ts";

/** A realistic time for Meta's timestamps: an hour before the harness clock. */
const T = Date.UTC(2026, 10, 1, 8, 0, 0);
const nested = (n: number): unknown => (n === 0 ? [] : [nested(n - 1)]);

describeOnEachDatabase("messenger signals", (harness) => {
  let h: Harness;
  beforeEach(async () => {
    h = harness();
    // The harness empties the conversation tables; these are this feature's own.
    await h.baton.db.query("delete from handoff_buttons");
    await h.baton.db.query("delete from policy_alerts");
    await h.baton.db.query("delete from app_meta where key like 'last_webhook_test%'");
    await h.baton.db.query("delete from unprocessable_events");
    h.baton.service.forgetLearnedButtons();
  });

  const detail = async (psid: string) => {
    const res = await h.api("GET", `/conversations/${PAGE_ID}-${psid}`);
    expect(res.status).toBe(200);
    return conversationDetail.parse(await res.json());
  };
  const systemItems = (items: TimelineItem[]): SystemItem[] =>
    items.filter((i): i is SystemItem => i.kind === "system");
  const messages = (items: TimelineItem[]): MessageItem[] =>
    items.filter((i): i is MessageItem => i.kind === "message");
  const ingest = async (events: unknown[], channel: "messaging" | "standby" = "standby") => {
    const res = await h.webhook(meta.batch(events, channel));
    expect(res.status).toBe(200);
    return (await res.json()) as { events: number; unknown: number; unprocessable: number };
  };

  it("a 'Chat with an agent' button tapped on standby without its payload, then the bot's 'Okay', stays escalated and flagged", async () => {
    await ingest([
      meta.text("U1", "c1", "Do you have the linen shirt in blue?", T),
      meta.buttons("U1", "b1", "Sorry, I didn't get that.", T + 1000, [
        ["Browse products", "BROWSE"],
        ["Chat with an agent", "SHOPBOT_FLOW_9"],
      ]),
    ]);
    await ingest([
      meta.postback("U1", "Chat with an agent", null, T + 5000),
      meta.echo("U1", "b2", "Okay", T + 6000, BOT_APP),
    ]);
    const d = await detail("U1");
    expect(d.conversation).toMatchObject({
      status: "open",
      flags: ["bot_replied_after_handoff"],
      escalationReason: "The customer tapped “Chat with an agent”",
    });
    expect(systemItems(d.timeline.items).map((i) => i.event)).toEqual([
      "bot_resolved",
      "escalated",
      "bot_replied_after_handoff",
    ]);
    expect(d.handoffItemId).toBe(systemItems(d.timeline.items)[1]?.id);
  });

  it("a handoff title learned from the bot's echo escalates a tap without payload in another conversation, in the same batch and later", async () => {
    await ingest([
      meta.carousel("U1", "b1", T, [
        [
          "Linen shirt",
          [
            ["Shop now", null],
            ["Tell me more", "MORE_1"],
          ],
        ],
        ["Still unsure?", [["Get help", "HUMAN_AGENT"]]],
      ]),
      meta.postback("U2", "Get help", null, T + 1000),
      meta.echo("U2", "b2", "Connecting you to our team…", T + 2000, BOT_APP),
    ]);
    expect((await detail("U2")).conversation).toMatchObject({
      status: "open",
      flags: ["bot_replied_after_handoff"],
    });
    await ingest([meta.text("U3", "c3", "🙋 Get help", T + 3000)]);
    expect((await detail("U3")).conversation).toMatchObject({
      status: "open",
      escalationReason:
        "The customer tapped “🙋 Get help”, a handoff button the bot uses on this Page (payload HUMAN_AGENT)",
    });
    // A title whose payload is not a handoff payload is not learned, and its tap stays with the bot.
    await ingest([meta.postback("U4", "Tell me more", null, T + 4000)]);
    expect((await detail("U4")).conversation.status).toBe("bot");

    const res = await h.api("GET", "/admin/messenger", undefined, "ada");
    expect(res.status).toBe(200);
    const settings = messengerSettings.parse(await res.json());
    expect(settings.learnedHandoffButtons).toEqual([
      {
        pageId: PAGE_ID,
        title: "Get help",
        payload: "HUMAN_AGENT",
        source: "generic_template",
        firstSeenAt: new Date(T).toISOString(),
        lastSeenAt: new Date(T).toISOString(),
      },
    ]);
    expect(settings.handoffPayloads).toContain("HUMAN_AGENT");
    expect(settings.handoffPhrases).toContain("hablar con una persona");
  });

  it("a learned button seen again keeps its first sighting and moves its last", async () => {
    await ingest([meta.quickReplies("U1", "b1", "Anything else?", T, [["Get help", "LIVE_AGENT"]])]);
    await ingest([
      meta.quickReplies("U2", "b2", "Anything else?", T + 2 * 3_600_000, [["Get help!", "LIVE_AGENT"]]),
    ]);
    const settings = messengerSettings.parse(
      await (await h.api("GET", "/admin/messenger", undefined, "ada")).json(),
    );
    expect(settings.learnedHandoffButtons).toMatchObject([
      {
        title: "Get help!",
        source: "quick_reply",
        firstSeenAt: new Date(T).toISOString(),
        lastSeenAt: new Date(T + 2 * 3_600_000).toISOString(),
      },
    ]);
  });

  it("a referral is shown in the timeline and on the conversation, and search finds it by ref and ad title", async () => {
    await ingest([
      meta.referral("U1", T, {
        source: "ADS",
        ref: "SPRING",
        ad_id: "6045",
        ads_context_data: { ad_title: "Spring Sale" },
      }),
      meta.text("U2", "c2", "Hi!", T + 1000),
    ]);
    await ingest([
      meta.postback("U2", "Get Started", "GET_STARTED", T + 2000, {
        referral: { source: "SHORTLINK", type: "OPEN_THREAD", ref: "QRSHOP" },
      }),
    ]);
    const d1 = await detail("U1");
    expect(systemItems(d1.timeline.items).map((i) => [i.event, i.text])).toEqual([
      ["referral", "Came from the Spring Sale ad (ref SPRING)"],
    ]);
    expect(d1.conversation.referral).toEqual({
      source: "ADS",
      type: "OPEN_THREAD",
      ref: "SPRING",
      adId: "6045",
      adTitle: "Spring Sale",
      at: new Date(T).toISOString(),
    });
    const d2 = await detail("U2");
    expect(systemItems(d2.timeline.items).map((i) => i.text)).toEqual([
      "Opened from an m.me link (ref QRSHOP)",
    ]);

    const search = async (q: string) =>
      conversationPage
        .parse(await (await h.api("GET", `/conversations?view=all&q=${encodeURIComponent(q)}`)).json())
        .items.map((c) => c.customer.psid);
    expect(await search("spring")).toEqual(["U1"]);
    expect(await search("Spring Sale")).toEqual(["U1"]);
    expect(await search("qrshop")).toEqual(["U2"]);
  });

  it("opt-ins are noted in the customer's timeline; a checkbox opt-in without a PSID is kept raw with its user_ref", async () => {
    const res = await ingest([
      meta.optin("U1", T, {
        type: "notification_messages",
        title: "Weekly deals",
        payload: "DEALS",
        notification_messages_token: "tok",
        notification_messages_frequency: "WEEKLY",
        token_expiry_timestamp: T + 1000,
      }),
      meta.optin(null, T + 1000, { ref: "CHECKOUT", user_ref: "shop-user-77" }),
    ]);
    expect(res).toMatchObject({ events: 2, unknown: 0, unprocessable: 0 });
    expect(systemItems((await detail("U1")).timeline.items).map((i) => [i.event, i.text])).toEqual([
      ["opt_in", "Opted in to weekly “Weekly deals” notifications"],
    ]);
    const [checkbox, ...others] = await h.baton.db.query<{
      conversation_id: string | null;
      psid: string;
      data: { userRef: string; ref: string; raw: { user_ref: string } };
    }>("select conversation_id, psid, data from events where kind = 'opt_in' and psid = ''");
    expect(others).toEqual([]);
    expect(checkbox).toMatchObject({
      conversation_id: null,
      data: { userRef: "shop-user-77", ref: "CHECKOUT", raw: { user_ref: "shop-user-77" } },
    });
    const [count] = await h.baton.db.query<{ n: number }>("select count(*)::int as n from conversations");
    expect(count?.n).toBe(1);
    // The customer's first reply after the Page wrote to that user_ref names it: the opt-in is linked in their timeline.
    const reply = {
      sender: { id: "U9" },
      recipient: { id: PAGE_ID },
      timestamp: T + 2000,
      message: {
        mid: "c9",
        text: "Thanks!",
        prior_message: { source: "checkbox_plugin", identifier: "shop-user-77" },
      },
    };
    await ingest([reply]);
    expect(systemItems((await detail("U9")).timeline.items).map((i) => i.text)).toEqual([
      "Opted in with the checkbox plugin (user_ref shop-user-77); this is their first reply",
    ]);
  });

  it("a feedback form is shown with its scores and words", async () => {
    await ingest([
      meta.feedback("U1", T, {
        q1: { type: "csat", payload: "4", follow_up: { type: "free_form", payload: "Quick and kind" } },
        q2: { type: "nps", payload: "9" },
      }),
    ]);
    expect(systemItems((await detail("U1")).timeline.items).map((i) => [i.event, i.text])).toEqual([
      ["feedback", "Feedback: CSAT 4/5 (“Quick and kind”); NPS 9/10"],
    ]);
  });

  it("a policy alert is listed for managers until one acknowledges it, once however often Meta sends it", async () => {
    const body = meta.batch(
      [meta.policy(T, "block", "The app sent messages outside the allowed window.")],
      "messaging",
    );
    await h.webhook(body);
    await h.webhook(body);
    expect((await h.api("GET", "/alerts", undefined, "sam")).status).toBe(403);
    const listed = policyAlertsResponse.parse(
      await (await h.api("GET", "/alerts", undefined, "maya")).json(),
    );
    expect(listed.alerts).toEqual([
      {
        id: expect.any(String),
        pageId: PAGE_ID,
        action: "block",
        reason: "The app sent messages outside the allowed window.",
        at: new Date(T).toISOString(),
        acknowledgedBy: null,
        acknowledgedAt: null,
      },
    ]);
    const id = listed.alerts[0]?.id ?? "";
    const ack = await h.api("POST", `/alerts/${id}/acknowledge`, {}, "maya");
    expect(ack.status).toBe(200);
    expect(policyAlertResult.parse(await ack.json()).alert).toMatchObject({
      id,
      acknowledgedBy: "Maya Chen",
      acknowledgedAt: h.clock.now().toISOString(),
    });
    expect(
      policyAlertsResponse.parse(await (await h.api("GET", "/alerts", undefined, "ada")).json()).alerts,
    ).toEqual([]);
    // Acknowledging again changes nothing; an unknown alert is a 404.
    h.clock.advance(60_000);
    const again = policyAlertResult.parse(
      await (await h.api("POST", `/alerts/${id}/acknowledge`, {}, "ada")).json(),
    );
    expect(again.alert).toMatchObject({
      acknowledgedBy: "Maya Chen",
      acknowledgedAt: new Date(h.clock.now().getTime() - 60_000).toISOString(),
    });
    expect((await h.api("POST", "/alerts/999999/acknowledge", {}, "maya")).status).toBe(404);
    expect((await h.api("POST", "/alerts/nope/acknowledge", {}, "maya")).status).toBe(404);
  });

  it("the App Dashboard's Test sample is answered, stored raw and recorded, with no conversation", async () => {
    const res = await h.webhook(meta.testSample("messages"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, events: 1, unknown: 0, unprocessable: 0 });
    const [rows] = await h.baton.db.query<{ batches: number; conversations: number }>(
      "select (select count(*)::int from webhook_batches) as batches, (select count(*)::int from conversations) as conversations",
    );
    expect(rows).toEqual({ batches: 1, conversations: 0 });
    h.clock.advance(5_000);
    await h.webhook(meta.testSample("messaging_postbacks"));
    const settings = messengerSettings.parse(
      await (await h.api("GET", "/admin/messenger", undefined, "ada")).json(),
    );
    expect(settings).toMatchObject({
      lastWebhookTestAt: h.clock.now().toISOString(),
      lastWebhookTestField: "messaging_postbacks",
    });
    expect((await h.api("GET", "/admin/messenger", undefined, "maya")).status).toBe(403);
  });

  it("an edit replaces the text and keeps the original; a later edit wins and an older one is ignored; an unsent message is marked", async () => {
    await ingest([
      meta.text("U1", "m1", "Where is order 123?", T),
      meta.text("U1", "m2", "oops wrong chat", T + 1000),
    ]);
    await ingest([
      meta.edit("U1", "m1", "Where is order 124?", 1, T + 2000),
      meta.unsend("U1", "m2", T + 3000),
    ]);
    await ingest([meta.edit("U1", "m1", "Where is order 125?", 2, T + 4000)]);
    await ingest([meta.edit("U1", "m1", "Where is order 124?", 1, T + 2000)]);
    const items = messages((await detail("U1")).timeline.items);
    expect(items.map((m) => [m.mid, m.text, m.edited ?? null, m.deleted ?? false])).toEqual([
      [
        "m1",
        "Where is order 125?",
        { at: new Date(T + 4000).toISOString(), originalText: "Where is order 123?", count: 2 },
        false,
      ],
      ["m2", "oops wrong chat", null, true],
    ]);
    // The search finds the latest text.
    const found = conversationPage.parse(
      await (await h.api("GET", "/conversations?view=all&q=order%20125")).json(),
    );
    expect(found.items.map((c) => c.customer.psid)).toEqual(["U1"]);
  });

  it("an edit or an unsend delivered before the message it changes still lands on it", async () => {
    await ingest([meta.edit("U1", "m1", "Edited first", 1, T + 2000), meta.unsend("U1", "m2", T + 3000)]);
    await ingest([meta.text("U1", "m1", "Original", T), meta.text("U1", "m2", "Gone", T + 1000)]);
    const items = messages((await detail("U1")).timeline.items);
    expect(items.map((m) => [m.text, m.edited?.originalText ?? null, m.deleted ?? false])).toEqual([
      ["Edited first", "Original", false],
      ["Gone", null, true],
    ]);
  });

  it("a story reply and a story mention are stored as such", async () => {
    await ingest([
      meta.storyReply("U1", "m1", "Love this one!", T, { url: "https://cdn.example/story.jpg", id: "st_1" }),
      meta.storyMention("U1", "m2", T + 1000, "https://cdn.example/mention.jpg"),
    ]);
    const d = await detail("U1");
    expect(messages(d.timeline.items).map((m) => [m.text, m.storyReply ?? null, m.attachments])).toEqual([
      ["Love this one!", { url: "https://cdn.example/story.jpg", id: "st_1" }, []],
      [null, null, [{ type: "story_mention", url: "https://cdn.example/mention.jpg" }]],
    ]);
    expect(d.conversation.lastMessage?.preview).toBe("📣 Story mention");
  });

  /** Each new kind with something Baton cannot store: kept raw as unprocessable while the rest of the batch is stored. */
  const poisons: { name: string; event: () => unknown; reason: RegExp }[] = [
    {
      name: "a referral with a NUL in its ref",
      event: () => meta.referral("U3", T + 1, { source: "SHORTLINK", ref: "A\u0000B" }),
      reason: /NUL .* at referral\.ref/,
    },
    {
      name: "an opt-in with a timestamp in seconds",
      event: () => meta.optin("U3", Math.floor(T / 1000), { ref: "X" }),
      reason: /is not a time/,
    },
    {
      name: "a checkbox opt-in with a 10,000-character user_ref",
      event: () => meta.optin(null, T + 1, { user_ref: "u".repeat(10_000) }),
      reason: /user_ref is 10000 characters long/,
    },
    {
      name: "a policy alert with a NUL in its reason",
      event: () => meta.policy(T + 1, "block", "spam\u0000"),
      reason: /NUL .* at policy-enforcement\.reason/,
    },
    {
      name: "a feedback form with a NUL in its words",
      event: () =>
        meta.feedback("U3", T + 1, {
          q: { type: "csat", payload: "5", follow_up: { type: "free_form", payload: "ok\u0000" } },
        }),
      reason: /NUL/,
    },
    {
      name: "an edit of a 10,000-character mid",
      event: () => meta.edit("U3", "m".repeat(10_000), "x", 1, T + 1),
      reason: /mid is 10000 characters long/,
    },
    {
      name: "an unsend of a mid with a NUL",
      event: () => meta.unsend("U3", "m\u00001", T + 1),
      reason: /NUL .* at message\.mid/,
    },
    {
      name: "a story reply nested too deep",
      event: () => ({
        sender: { id: "U3" },
        recipient: { id: PAGE_ID },
        timestamp: T + 1,
        message: { mid: "m3", text: "hi", reply_to: { story: { url: "u", id: nested(40) } } },
      }),
      reason: /nested deeper/,
    },
  ];

  it.each(poisons)(
    "keeps $name raw as unprocessable and stores the rest of its batch",
    async ({ event, reason }) => {
      const res = await ingest([
        meta.text("U1", "good1", "Where is my order?", T),
        event(),
        meta.text("U2", "good2", "Hello", T + 2),
      ]);
      expect(res).toMatchObject({ events: 2, unprocessable: 1 });
      const [listed, ...more] = await listUnprocessableEvents(h.baton.db, 10);
      expect(more).toEqual([]);
      expect(listed?.reason).toMatch(reason);
      expect(messages((await detail("U2")).timeline.items).map((m) => m.text)).toEqual(["Hello"]);
    },
  );

  it("keeps a Test sample with a NUL raw as unprocessable and answers 200", async () => {
    const body = {
      object: "page",
      entry: [{ id: "0", time: 1, changes: [{ field: "messages", value: { text: "a\u0000" } }] }],
    };
    const res = await h.webhook(body);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ events: 0, unprocessable: 1 });
    expect((await listUnprocessableEvents(h.baton.db, 10))[0]?.reason).toMatch(/^changes: .*NUL/);
  });
});
