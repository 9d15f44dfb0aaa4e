import { createHmac } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../server/clock.ts";
import { AUTORESPONDER_TEXT, MISCONFIGURED_HANDOFF_TEXT } from "../bot/shop-bot.ts";
import { SimWorld } from "../world.ts";
import { recordingDeliver, type RecordedDelivery } from "./webhook-delivery.ts";
import type { Channel, MessagingEvent } from "./webhook-events.ts";

const SECRET = "sim-test-secret";
const BATON_TOKEN = "baton-token";
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
    batonToken: BATON_TOKEN,
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
  const graph = (method: string, path: string, body?: unknown, token = BATON_TOKEN) =>
    world.graph.request(`/v23.0${path}${path.includes("?") ? "&" : "?"}access_token=${token}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { "content-type": "application/json" } }),
    });
  return { clock, sink, world, events, graph };
}

describe("webhook delivery", () => {
  it("signs each batch with the app secret and puts one event in each entry", async () => {
    const { world, sink } = setup();
    world.createCustomer({ firstName: "Ana", lastName: "Silva" }).say("hi");
    await world.advance(5_000);
    expect(sink.received.length).toBeGreaterThan(0);
    for (const r of sink.received) {
      const expected = `sha256=${createHmac("sha256", SECRET).update(r.rawBody).digest("hex")}`;
      expect(r.headers["X-Hub-Signature-256"]).toBe(expected);
      expect(r.body.object).toBe("page");
      for (const entry of r.body.entry)
        expect((entry.messaging ?? []).length + (entry.standby ?? []).length).toBe(1);
    }
  });

  it("batches several events in one POST while time jumps", async () => {
    const { world, sink } = setup();
    const world2 = new SimWorld({ ...worldOptions(), deliver: sink.deliver, batchLagMs: 60_000 });
    world2.createCustomer({ firstName: "Ana", lastName: "Silva" }).say("hi");
    await world2.advance(10_000);
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0]?.body.entry.length).toBeGreaterThan(2);
    void world;
  });

  it("retries a failed POST on Meta's schedule, with the same body", async () => {
    const { world, sink } = setup();
    sink.answer(500);
    world.createCustomer({ firstName: "Ana", lastName: "Silva" }).say("where is my order?");
    await world.webhook.flush();
    const first = sink.received.at(-1)?.rawBody;
    sink.answer(200);
    await world.advance(1_000);
    expect(sink.received.some((r, i) => i > 0 && r.rawBody === first)).toBe(true);
    expect(world.webhook.attempts.some((a) => a.attempt === 2 && a.status === 200)).toBe(true);
  });

  it("can re-deliver, reorder and delay batches", async () => {
    const { world, sink } = setup("silent");
    const ana = world.createCustomer({ firstName: "Ana", lastName: "Silva" });
    world.webhook.redeliverNext(1);
    ana.say("one");
    await world.webhook.flush();
    expect(sink.received).toHaveLength(2);
    expect(sink.received[0]?.rawBody).toBe(sink.received[1]?.rawBody);

    world.webhook.reorderNext(2);
    ana.say("two");
    await world.webhook.flush();
    ana.say("three");
    await world.webhook.flush();
    const texts = sink.received
      .slice(2)
      .map(
        (r) => r.body.entry[0]?.standby?.[0]?.message?.text ?? r.body.entry[0]?.messaging?.[0]?.message?.text,
      );
    expect(texts).toEqual(["three", "two"]);

    world.webhook.delayBy(30_000);
    ana.say("four");
    await world.webhook.flush();
    expect(sink.received).toHaveLength(4);
    await world.advance(30_000);
    expect(sink.received).toHaveLength(5);
  });
});

function worldOptions() {
  return {
    clock: new ManualClock(Date.UTC(2026, 2, 10, 9)),
    pageId: PAGE,
    pageName: "Test Shop",
    appSecret: SECRET,
    botAppId: "1001",
    batonAppId: "2002",
    batonToken: BATON_TOKEN,
  };
}

describe("a customer asks the well-behaved bot for a human", () => {
  let t: ReturnType<typeof setup>;
  beforeEach(async () => {
    t = setup();
    const ana = t.world.createCustomer({ firstName: "Ana", lastName: "Silva" });
    ana.postback("Get Started", "GET_STARTED");
    await t.world.advance(5_000);
    ana.tap("Talk to a human");
    await t.world.advance(10_000);
  });

  it("Baton hears the bot's conversation on standby, then gets the thread on messaging", () => {
    const kinds = t.events().map(({ channel, event }) => `${channel}:${kindOf(event)}`);
    expect(kinds[0]).toBe("standby:postback");
    expect(kinds).toContain("standby:echo");
    expect(kinds).toContain("standby:quick_reply");
    expect(kinds.at(-1)).toBe("messaging:pass_thread_control");
    const pass = t.events().at(-1)?.event.pass_thread_control;
    expect(pass).toEqual({
      new_owner_app_id: "2002",
      previous_owner_app_id: "1001",
      metadata: "customer asked for a human",
    });
  });

  it("postbacks on standby carry no payload", () => {
    const postback = t.events().find((e) => e.event.postback)?.event.postback;
    expect(postback).toMatchObject({ title: "Get Started" });
    expect(postback).not.toHaveProperty("payload");
  });

  it("bot echoes carry the bot's app id, and deliveries and reads follow", async () => {
    const echo = t.events().find((e) => e.event.message?.is_echo)?.event.message;
    expect(echo?.app_id).toBe(1001);
    expect(t.events().some((e) => e.event.delivery)).toBe(true);
    const psid = t.world.emulator.customers()[0]?.psid ?? "";
    t.world.customer(psid)?.read();
    await t.world.settle();
    expect(t.events().at(-1)?.event.read?.watermark).toBe(t.clock.now().getTime());
  });

  it("Baton now owns the thread and its reply echoes back with metadata and Baton's app id", async () => {
    const psid = t.world.emulator.customers()[0]?.psid ?? "";
    const owner = await (await t.graph("GET", `/me/thread_owner?recipient=${psid}`)).json();
    expect(owner).toEqual({ data: [{ thread_owner: { app_id: "2002" } }] });
    const metadata = JSON.stringify({ baton: { agentId: "maya", clientId: "c1" } });
    const res = await t.graph("POST", "/me/messages", {
      recipient: { id: psid },
      messaging_type: "RESPONSE",
      message: { text: "Hi Ana, Maya here.", metadata },
    });
    expect(res.status).toBe(200);
    const sent = (await res.json()) as { recipient_id: string; message_id: string };
    expect(sent.recipient_id).toBe(psid);
    await t.world.settle();
    const echo = t.events().find((e) => e.event.message?.mid === sent.message_id);
    expect(echo?.channel).toBe("messaging");
    expect(echo?.event.message).toMatchObject({
      is_echo: true,
      app_id: 2002,
      metadata,
      text: "Hi Ana, Maya here.",
    });
  });

  it("the bot may no longer send, and gets Meta's error", () => {
    const psid = t.world.emulator.customers()[0]?.psid ?? "";
    expect(() =>
      t.world.emulator.send("1001", {
        recipient: { id: psid },
        messaging_type: "RESPONSE",
        message: { text: "Okay" },
      }),
    ).toThrow(/Another app/);
  });
});

describe("Graph API errors have Meta's shape", () => {
  it("refuses a send from an app that does not own the thread with code 10 / 2018300", async () => {
    const t = setup();
    const ana = t.world.createCustomer({ firstName: "Ana", lastName: "Silva" });
    ana.say("hello?");
    const res = await t.graph("POST", "/me/messages", {
      recipient: { id: ana.psid },
      message: { text: "hi" },
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ type: "OAuthException", code: 10, error_subcode: 2018300 });
    expect(typeof body.error.fbtrace_id).toBe("string");
  });

  it("after 24 hours the thread is idle: Baton must take control, and may then reply only with HUMAN_AGENT", async () => {
    const t = setup("silent");
    const ana = t.world.createCustomer({ firstName: "Ana", lastName: "Silva" });
    ana.say("anyone there?");
    await t.world.advance(25 * 60 * 60 * 1000);
    const reply = {
      recipient: { id: ana.psid },
      messaging_type: "RESPONSE",
      message: { text: "Sorry for the wait!" },
    };
    expect(
      ((await (await t.graph("POST", "/me/messages", reply)).json()) as { error: { error_subcode: number } })
        .error.error_subcode,
    ).toBe(2018300);
    expect(
      (
        await t.graph("POST", "/me/take_thread_control", {
          recipient: { id: ana.psid },
          metadata: "agent replying",
        })
      ).status,
    ).toBe(200);
    expect(
      ((await (await t.graph("POST", "/me/messages", reply)).json()) as { error: { error_subcode: number } })
        .error.error_subcode,
    ).toBe(2018278);
    const tagged = await t.graph("POST", "/me/messages", {
      ...reply,
      messaging_type: "MESSAGE_TAG",
      tag: "HUMAN_AGENT",
    });
    expect(tagged.status).toBe(200);
    await t.world.advance(7 * 24 * 60 * 60 * 1000);
    await t.graph("POST", "/me/take_thread_control", { recipient: { id: ana.psid } });
    const late = await t.graph("POST", "/me/messages", {
      ...reply,
      messaging_type: "MESSAGE_TAG",
      tag: "HUMAN_AGENT",
    });
    expect(((await late.json()) as { error: { code: number; error_subcode: number } }).error).toMatchObject({
      code: 10,
      error_subcode: 2018278,
    });
  });

  it.each([
    ["a bad token", { token: "nope" }, 190],
    ["an unknown recipient", { psid: "123" }, 100],
    ["a retired tag", { tag: "ACCOUNT_UPDATE" }, 100],
    ["text over 2,000 characters", { text: "x".repeat(2001) }, 100],
  ])(
    "refuses %s",
    async (_name, opts: { token?: string; psid?: string; tag?: string; text?: string }, code) => {
      const t = setup("silent");
      const ana = t.world.createCustomer({ firstName: "Ana", lastName: "Silva" });
      ana.say("hi");
      await t.world.settle();
      await t.graph("POST", "/me/take_thread_control", { recipient: { id: ana.psid } });
      const res = await t.graph(
        "POST",
        "/me/messages",
        {
          recipient: { id: opts.psid ?? ana.psid },
          messaging_type: opts.tag ? "MESSAGE_TAG" : "RESPONSE",
          ...(opts.tag ? { tag: opts.tag } : {}),
          message: { text: opts.text ?? "hi" },
        },
        opts.token,
      );
      expect(((await res.json()) as { error: { code: number } }).error.code).toBe(code);
    },
  );

  it("a blocked customer is unavailable (551) and a forced error comes back once", async () => {
    const t = setup("silent");
    const ana = t.world.createCustomer({ firstName: "Ana", lastName: "Silva" });
    ana.say("hi");
    await t.graph("POST", "/me/take_thread_control", { recipient: { id: ana.psid } });
    t.world.emulator.forceNextSendError({
      message: "(#613) Calls to this api have exceeded the rate limit.",
      code: 613,
    });
    const send = () =>
      t.graph("POST", "/me/messages", { recipient: { id: ana.psid }, message: { text: "hi" } });
    expect(((await (await send()).json()) as { error: { code: number } }).error.code).toBe(613);
    expect((await send()).status).toBe(200);
    const record = t.world.emulator.customer(ana.psid);
    if (record) record.unavailable = true;
    expect(((await (await send()).json()) as { error: { code: number } }).error.code).toBe(551);
  });

  it("accepts the token as a bearer header and paths without a version", async () => {
    const t = setup();
    const ana = t.world.createCustomer({ firstName: "Ana", lastName: "Silva" });
    const res = await t.world.graph.request(`/${ana.psid}?fields=first_name,last_name,profile_pic`, {
      headers: { Authorization: `Bearer ${BATON_TOKEN}` },
    });
    expect(await res.json()).toEqual({
      id: ana.psid,
      first_name: "Ana",
      last_name: "Silva",
      profile_pic: `http://sim.test/graph/avatars/${ana.psid}.svg`,
    });
  });
});

describe("bots that behave badly", () => {
  it.each([
    ["misconfigured", MISCONFIGURED_HANDOFF_TEXT, "1001"],
    ["autoresponder", AUTORESPONDER_TEXT, "1001"],
  ] as const)("a %s bot answers the handoff tap with %j and keeps the thread", async (mode, text, owner) => {
    const t = setup(mode);
    const ana = t.world.createCustomer({ firstName: "Ana", lastName: "Silva" });
    ana.say("hi");
    await t.world.advance(5_000);
    ana.tap("Talk to a human");
    await t.world.advance(5_000);
    expect(ana.lastPageMessage()?.text).toBe(text);
    expect(t.world.emulator.ownerOf(ana.psid)).toBe(owner);
  });

  it("a silent bot does not answer what it does not understand", async () => {
    const t = setup("silent");
    const ana = t.world.createCustomer({ firstName: "Ana", lastName: "Silva" });
    ana.say("do you ship to Iceland?");
    await t.world.advance(60_000);
    expect(ana.lastPageMessage()).toBeUndefined();
  });

  it("Page Inbox's automated reply goes out without taking the thread; a person typing there takes it", async () => {
    const t = setup();
    const ana = t.world.createCustomer({ firstName: "Ana", lastName: "Silva" });
    ana.say("hi");
    t.world.emulator.pageInboxReply(ana.psid, "Thanks for contacting us! We typically reply within a day.", {
      automated: true,
    });
    expect(t.world.emulator.ownerOf(ana.psid)).toBe("1001");
    t.world.emulator.pageInboxReply(ana.psid, "Hi, this is Jo from the shop.", { automated: false });
    expect(t.world.emulator.ownerOf(ana.psid)).toBe("263902037430900");
    await t.world.settle();
    const echoes = t.events().filter((e) => e.event.message?.app_id === 263902037430900);
    expect(echoes).toHaveLength(2);
  });
});

function kindOf(e: MessagingEvent): string {
  if (e.message?.is_echo) return "echo";
  if (e.message?.quick_reply) return "quick_reply";
  if (e.message) return "message";
  return Object.keys(e).find((k) => !["sender", "recipient", "timestamp"].includes(k)) ?? "unknown";
}
