import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../server/clock.ts";
import { controlApi } from "../control/control-api.ts";
import type { BotOptions } from "../bot/variants.ts";
import { SimWorld } from "../world.ts";
import { recordingDeliver, type RecordedDelivery } from "./webhook-delivery.ts";
import type { Channel, MessagingEvent, WebhookChange } from "./webhook-events.ts";

/** Every new Messenger signal the simulator sends, as Baton's webhook receives it: signed, batched, in Meta's shapes. */

const SECRET = "sim-test-secret";
const PAGE = "PAGE1";

function setup(botMode: "well_behaved" | "misconfigured" | "autoresponder" | "silent" = "well_behaved") {
  const clock = new ManualClock(Date.UTC(2026, 2, 10, 9));
  const sink = recordingDeliver();
  const world = new SimWorld({
    clock,
    pageId: PAGE,
    pageName: "Test Shop",
    appSecret: SECRET,
    botAppId: "1001",
    batonAppId: "2002",
    batonToken: "baton-token",
    deliver: sink.deliver,
    botMode,
    publicUrl: "http://sim.test/graph",
  });
  const events = (): { channel: Channel; event: MessagingEvent }[] =>
    sink.received.flatMap((r: RecordedDelivery) =>
      r.body.entry.flatMap((e) => [
        ...(e.messaging ?? []).map((event) => ({ channel: "messaging" as const, event })),
        ...(e.standby ?? []).map((event) => ({ channel: "standby" as const, event })),
      ]),
    );
  const changes = (): WebhookChange[] =>
    sink.received.flatMap((r) => r.body.entry.flatMap((e) => e.changes ?? []));
  const customer = (bot: BotOptions = {}) =>
    world.createCustomer({ firstName: "Ana", lastName: "Silva" }, { bot });
  return { clock, sink, world, events, changes, customer };
}

/** Every body Baton got is signed with the app secret and holds one event (or one change) per entry. */
function expectSignedAndBatched(received: RecordedDelivery[]): void {
  expect(received.length).toBeGreaterThan(0);
  for (const r of received) {
    expect(r.headers["X-Hub-Signature-256"]).toBe(
      `sha256=${createHmac("sha256", SECRET).update(r.rawBody).digest("hex")}`,
    );
    for (const entry of r.body.entry)
      expect(
        (entry.messaging ?? []).length + (entry.standby ?? []).length + (entry.changes ?? []).length,
      ).toBe(1);
  }
}

describe("bot variants", () => {
  it("words the handoff the variant's way and offers it as a quick reply by default", async () => {
    const t = setup();
    const ana = t.customer({ variant: "chat_with_an_agent" });
    ana.postback("Get Started", "GET_STARTED");
    await t.world.advance(5_000);
    expect(ana.offeredChips()).toContainEqual({ title: "Chat with an agent", payload: "LIVE_AGENT" });
  });

  it("offers it as a button template's postback, the other chips staying under it", async () => {
    const t = setup();
    const ana = t.customer({ variant: "talk_to_human", handoffStyle: "button_template" });
    ana.postback("Get Started", "GET_STARTED");
    await t.world.advance(5_000);
    expect(ana.offeredButtons()).toContainEqual({
      type: "postback",
      title: "Talk to human",
      payload: "HUMAN",
    });
    expect(ana.offeredChips().map((c) => c.payload)).toEqual(["TRACK_ORDER", "BROWSE_PRODUCTS"]);
  });

  it("offers it on a card, and as a third button on every product card of a carousel", async () => {
    const t = setup();
    const ana = t.customer({ variant: "customer_service", handoffStyle: "carousel" });
    ana.postback("Get Started", "GET_STARTED");
    await t.world.advance(5_000);
    expect(ana.offeredButtons()).toContainEqual({
      type: "postback",
      title: "Customer service",
      payload: "HANDOFF",
    });
    ana.tap("BROWSE_PRODUCTS");
    await t.world.advance(5_000);
    const carousel = ana.transcript().findLast((e) => e.attachments.some((a) => a.type === "template"));
    const elements = carousel?.attachments[0]?.payload?.elements as { buttons: { title: string }[] }[];
    expect(elements.length).toBe(5);
    for (const el of elements)
      expect(el.buttons.map((b) => b.title)).toEqual(["Shop now", "Tell me more", "Customer service"]);
  });

  it("speaks the customer's language, and a misconfigured Spanish bot answers the handoff with «Vale»", async () => {
    const t = setup("misconfigured");
    const ana = t.customer({ variant: "spanish" });
    ana.say("hola");
    await t.world.advance(5_000);
    expect(ana.lastPageMessage()?.text).toMatch(/^¡Hola Ana! 👋 Bienvenido/);
    expect(ana.offeredChips().at(-1)).toEqual({ title: "Hablar con un agente", payload: "HUMAN_AGENT" });
    ana.askForHuman();
    await t.world.advance(5_000);
    expect(ana.lastPageMessage()?.text).toBe("Vale");
  });

  it("refuses a handoff title longer than Meta's 20 characters", () => {
    const t = setup();
    const ana = t.customer({ handoffTitle: "Hablar con una persona" });
    ana.postback("Get Started", "GET_STARTED");
    return t.world.advance(5_000).then(() => {
      expect(t.world.bot.refusals.at(-1)).toMatchObject({ psid: ana.psid, code: 100 });
    });
  });

  it("a tap on the bot's handoff button reaches Baton on standby without its payload; the misconfigured bot says «Okay»", async () => {
    const t = setup("misconfigured");
    const ana = t.customer({ variant: "chat_with_an_agent", handoffStyle: "button_template" });
    ana.postback("Get Started", "GET_STARTED");
    await t.world.advance(5_000);
    // Baton saw the bot's button, with its payload, in the bot's echo.
    const echo = t.events().find((e) => e.event.message?.is_echo && e.event.message.attachments?.length);
    expect(echo?.channel).toBe("standby");
    expect(JSON.stringify(echo?.event.message?.attachments)).toContain(
      '"title":"Chat with an agent","payload":"LIVE_AGENT"',
    );
    ana.askForHuman();
    await t.world.advance(5_000);
    const tap = t.events().find((e) => e.event.postback?.title === "Chat with an agent");
    expect(tap?.channel).toBe("standby");
    expect(tap?.event.postback).not.toHaveProperty("payload");
    expect(ana.lastPageMessage()?.text).toBe("Okay");
    expect(t.events().at(-1)?.event.message).toBeUndefined();
    expect(
      t
        .events()
        .some((e) => e.event.message?.is_echo && e.event.message.text === "Okay" && e.channel === "standby"),
    ).toBe(true);
    expect(t.world.emulator.ownerOf(ana.psid)).toBe("1001");
    expectSignedAndBatched(t.sink.received);
  });
});

describe("referrals", () => {
  it("a new customer from an ad: the referral rides on Get Started, with the ad's title", async () => {
    const t = setup();
    const ana = t.customer();
    ana.arriveFrom({ source: "ads", ref: "spring-sale-25", adTitle: "Spring Sale" });
    await t.world.advance(5_000);
    const postback = t.events().find((e) => e.event.postback)?.event.postback;
    expect(postback).toMatchObject({
      title: "Get Started",
      referral: {
        source: "ADS",
        type: "OPEN_THREAD",
        ref: "spring-sale-25",
        ads_context_data: { ad_title: "Spring Sale" },
      },
    });
    expect(postback).not.toHaveProperty("payload");
    expect(postback?.referral?.ad_id).toMatch(/^\d+$/);
    expect(ana.lastPageMessage()?.text).toMatch(/^Hi Ana!/);
  });

  it("a customer with a thread follows an m.me link or scans a QR code: a referral event of its own", async () => {
    const t = setup();
    const ana = t.customer();
    ana.say("hi");
    ana.arriveFrom({ source: "shortlink", ref: "summer-newsletter" });
    ana.arriveFrom({ source: "qr_code", ref: "store-window-berlin" });
    await t.world.settle();
    const referrals = t.events().filter((e) => e.event.referral);
    expect(referrals.map((e) => e.event.referral)).toEqual([
      { ref: "summer-newsletter", source: "SHORTLINK", type: "OPEN_THREAD" },
      { ref: "store-window-berlin", source: "MESSENGER_CODE", type: "OPEN_THREAD" },
    ]);
    expect(referrals[0]?.event.sender).toEqual({ id: ana.psid });
    expectSignedAndBatched(t.sink.received);
  });
});

describe("opt-ins", () => {
  it("the checkbox plugin names the customer by user_ref only; the bot confirms to it and the reply says so", async () => {
    const t = setup();
    const ana = t.customer();
    const userRef = ana.tickCheckbox("checkout");
    await t.world.advance(5_000);
    const optin = t.events().find((e) => e.event.optin);
    expect(optin?.event).not.toHaveProperty("sender");
    expect(optin?.event.optin).toEqual({ ref: "checkout", user_ref: userRef });
    expect(ana.lastPageMessage()?.text).toBe("Thanks for subscribing! We'll send your order updates here.");
    ana.say("great, thanks");
    await t.world.settle();
    const reply = t.events().find((e) => e.event.message?.text === "great, thanks");
    expect(reply?.event.message?.prior_message).toEqual({ source: "checkbox_plugin", identifier: userRef });
    // One message only may go to a user_ref.
    expect(() =>
      t.world.emulator.send("1001", {
        recipient: { user_ref: userRef },
        messaging_type: "UPDATE",
        message: { text: "again" },
      }),
    ).toThrow(/outside of allowed window/);
  });

  it("recurring notifications carry the topic, the frequency and a token", async () => {
    const t = setup();
    const ana = t.customer();
    ana.say("hi");
    ana.subscribe("Restock alerts", "WEEKLY");
    await t.world.settle();
    const optin = t.events().find((e) => e.event.optin)?.event.optin;
    expect(optin).toMatchObject({
      type: "notification_messages",
      title: "Restock alerts",
      notification_messages_frequency: "WEEKLY",
      user_token_status: "NOT_REFRESHED",
    });
    expect(optin?.notification_messages_token).toMatch(/^[\w-]{20,}$/);
  });
});

describe("feedback, edits and stories", () => {
  it("a feedback form answer carries each score and the comment", async () => {
    const t = setup();
    const ana = t.customer();
    ana.say("hi");
    ana.giveFeedback({ csat: 4, nps: 9, text: "Quick and friendly, thanks!" });
    await t.world.settle();
    const feedback = t.events().find((e) => e.event.messaging_feedback)?.event.messaging_feedback;
    expect(feedback).toEqual({
      feedback_screens: [
        {
          screen_id: 0,
          questions: {
            satisfaction: {
              type: "csat",
              payload: "4",
              follow_up: { type: "free_form", payload: "Quick and friendly, thanks!" },
            },
            recommend: { type: "nps", payload: "9" },
          },
        },
      ],
    });
  });

  it("an edit names the message, its new text and how often it was edited; the first text is kept; five at most", async () => {
    const t = setup("silent");
    const ana = t.customer();
    const sent = ana.say("It's order #48231");
    ana.edit("It's order #48213");
    ana.edit("It's order #48213, sorry!");
    await t.world.settle();
    const edits = t
      .events()
      .filter((e) => e.event.message_edit)
      .map((e) => e.event.message_edit);
    expect(edits).toEqual([
      { mid: sent.mid, text: "It's order #48213", num_edit: 1 },
      { mid: sent.mid, text: "It's order #48213, sorry!", num_edit: 2 },
    ]);
    expect(sent.edit).toEqual({ count: 2, originalText: "It's order #48231" });
    ana.edit("3");
    ana.edit("4");
    ana.edit("5");
    expect(() => ana.edit("6")).toThrow(/five times/);
  });

  it("a story reply has reply_to.story; a story mention is an attachment", async () => {
    const t = setup("silent");
    const ana = t.customer();
    ana.replyToStory("Is this lamp still available?");
    ana.mentionInStory();
    await t.world.settle();
    const messages = t
      .events()
      .filter((e) => e.event.message && !e.event.message.is_echo)
      .map((e) => e.event.message);
    expect(messages[0]?.reply_to).toMatchObject({
      story: {
        url: expect.stringMatching(/^http:\/\/sim\.test\/graph\/cdn\/stories\//),
        id: expect.any(String),
      },
    });
    expect(messages[1]?.attachments).toEqual([
      {
        type: "story_mention",
        payload: { url: expect.stringMatching(/^http:\/\/sim\.test\/graph\/cdn\/stories\/mention-/) },
      },
    ]);
  });
});

describe("the Page's app", () => {
  it("a policy warning or block reaches the app Meta acted on, with no sender", async () => {
    const t = setup();
    t.world.emulator.enforcePolicy("2002", "block");
    t.world.emulator.enforcePolicy("2002", "unblock");
    t.world.emulator.enforcePolicy("1001", "warning", "the bot's own problem");
    await t.world.settle();
    const policy = t.events().filter((e) => e.event.policy_enforcement);
    expect(policy.map((e) => [e.channel, e.event.policy_enforcement?.action])).toEqual([
      ["messaging", "block"],
      ["messaging", "unblock"],
    ]);
    expect(policy[0]?.event).not.toHaveProperty("sender");
    expect(policy[0]?.event.policy_enforcement?.reason).toMatch(/Platform Policies/);
    expect(policy[1]?.event.policy_enforcement).not.toHaveProperty("reason");
    expectSignedAndBatched(t.sink.received);
  });

  it("the App Dashboard's Test button posts a sample in the changes format, entry id 0", async () => {
    const t = setup();
    t.world.emulator.sendTestSample("2002", "messages");
    await t.world.settle();
    const body = t.sink.received.at(-1)?.body;
    expect(body?.object).toBe("page");
    expect(body?.entry[0]).toMatchObject({
      id: "0",
      changes: [
        {
          field: "messages",
          value: { sender: { id: "12334" }, message: { mid: "test_message_id", text: "test_message" } },
        },
      ],
    });
    expect(typeof body?.entry[0]?.time).toBe("number");
    expectSignedAndBatched(t.sink.received);
  });
});

describe("control API for signals", () => {
  const api = () => {
    const t = setup("misconfigured");
    const app = controlApi({
      world: t.world,
      botAppId: "1001",
      batonAppId: "2002",
      pageId: PAGE,
      settle: () => t.world.advance(5_000),
    });
    const post = async (path: string, body: unknown = {}) => {
      const res = await app.request(path, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    return { t, post };
  };

  it("creates a customer with a bot variant who arrives from an ad; then edits, opts in, answers feedback", async () => {
    const { t, post } = api();
    const created = await post("/customers", {
      name: "Ana Silva",
      variant: "chat_with_an_agent",
      handoffStyle: "button_template",
      referral: { source: "ads", adTitle: "Spring Sale", ref: "spring" },
    });
    expect(created.status).toBe(201);
    expect(created.json.bot).toMatchObject({
      handoffTitle: "Chat with an agent",
      handoffPayload: "LIVE_AGENT",
      handoffStyle: "button_template",
    });
    const psid = String(created.json.psid);
    expect((await post(`/customers/${psid}/postbacks`, { title: "Chat with an agent" })).status).toBe(200);
    expect((await post(`/customers/${psid}/say`, { text: "where is #48231" })).status).toBe(200);
    expect((await post(`/customers/${psid}/edits`, { text: "where is #48213" })).status).toBe(200);
    expect(
      (await post(`/customers/${psid}/optins`, { kind: "recurring", topic: "Restock alerts" })).status,
    ).toBe(200);
    const view = await post(`/customers/${psid}/feedback`, { csat: 5, text: "Great" });
    expect(view.json.signals).toEqual([
      expect.objectContaining({ kind: "referral", text: "Came from the ad “Spring Sale” (ref spring)" }),
      expect.objectContaining({ kind: "optin" }),
      expect.objectContaining({ kind: "feedback", text: "Feedback: CSAT 5 · “Great”" }),
    ]);
    const tap = t.events().find((e) => e.event.postback?.title === "Chat with an agent");
    expect(tap?.channel).toBe("standby");
    expect(tap?.event.postback).not.toHaveProperty("payload");
  });

  it("sends a policy alert and a dashboard test to Baton", async () => {
    const { t, post } = api();
    expect((await post("/policy-enforcement", { action: "block" })).json).toEqual({
      sent: "block",
      app: "baton",
    });
    expect((await post("/webhook-test", { field: "messaging_referrals" })).json).toEqual({
      sent: "messaging_referrals",
    });
    expect(t.events().some((e) => e.event.policy_enforcement?.action === "block")).toBe(true);
    expect(t.changes()).toEqual([
      { field: "messaging_referrals", value: expect.objectContaining({ referral: expect.any(Object) }) },
    ]);
  });

  it.each([
    ["a handoff title over 20 characters", "/customers", { handoffTitle: "Hablar con una persona" }],
    ["an unknown variant", "/customers", { variant: "pirate" }],
    ["feedback without a score", "/customers/PSID/feedback", { text: "hi" }],
    ["a score out of range", "/customers/PSID/feedback", { csat: 6 }],
    ["an ad id that is not digits", "/customers/PSID/referrals", { source: "ads", adId: "1e99" }],
    ["an unknown policy action", "/policy-enforcement", { action: "ban" }],
    ["an unknown webhook field", "/webhook-test", { field: "feed" }],
  ])("refuses %s with the simulator's 400", async (_name, path, body) => {
    const { post } = api();
    const created = await post("/customers", { name: "Ben", flow: "none" });
    const res = await post(path.replace("PSID", String(created.json.psid)), body);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { code: "simulator_error" } });
  });
});
