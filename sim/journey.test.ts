import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationDetail } from "../contract/api.ts";
import type { Baton } from "../server/baton.ts";
import { SIM_PAGE, startSimBaton } from "./testing/sim-baton.ts";
import type { SimWorld } from "./world.ts";

const PAGE = SIM_PAGE;
let baton: Baton;
let world: SimWorld;
/** Maya, the manager these journeys act as, signed in with a session of her own. */
let maya: Record<string, string>;

beforeAll(async () => {
  const sim = await startSimBaton([{ id: "maya", name: "Maya Chen", role: "manager" }]);
  ({ baton, world } = sim);
  maya = sim.headers.maya ?? {};
});
afterAll(async () => {
  await baton?.close();
});

async function api(method: string, path: string, body?: unknown) {
  const res = await baton.app.request(`http://localhost/api${path}`, {
    method,
    headers: { "content-type": "application/json", ...maya },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.json() as Promise<unknown>;
}
const conversation = async (psid: string) =>
  conversationDetail.parse(await api("GET", `/conversations/${PAGE}-${psid}?limit=200`));

describe("a customer's whole journey through Baton's real webhook", () => {
  it("bot flow, handoff, agent reply, customer answer, resolve, thread back to the bot", async () => {
    const ana = world.createCustomer({ firstName: "Ana", lastName: "Silva" }, { readsAfterMs: 5_000 });

    // The bot handles a shipping question on its own: Baton lists it as resolved by the bot.
    ana.postback("Get Started", "GET_STARTED");
    await world.advance(10_000);
    ana.tap("TRACK_ORDER");
    await world.advance(10_000);
    ana.say("#48213");
    await world.advance(10_000);
    let detail = await conversation(ana.psid);
    expect(detail.conversation.status).toBe("bot_resolved");
    expect(detail.conversation.owner).toBe("bot");

    // The handoff chip: the well-behaved bot passes the thread; Baton escalates.
    ana.tap("TALK_TO_HUMAN");
    await world.advance(10_000);
    detail = await conversation(ana.psid);
    expect(detail.conversation.status).toBe("open");
    expect(detail.conversation.owner).toBe("baton");
    expect(world.emulator.ownerOf(ana.psid)).toBe("2002");
    expect(detail.handoffItemId).not.toBeNull();

    // The agent replies through the Send API; the echo comes back attributed to Baton, with its client id.
    await api("POST", `/conversations/${PAGE}-${ana.psid}/messages`, {
      text: "Hi Ana, Maya here. Let me check.",
      clientId: "reply-1",
    });
    await world.advance(10_000);
    const seen = ana.lastPageMessage();
    expect(seen).toMatchObject({ appId: "2002", text: "Hi Ana, Maya here. Let me check." });
    detail = await conversation(ana.psid);
    const reply = detail.timeline.items.find((i) => i.kind === "message" && i.clientId === "reply-1");
    expect(reply).toMatchObject({ author: "agent", mid: seen?.mid, agent: { id: "maya" } });
    expect(detail.conversation.status).toBe("pending");

    // The customer answers; then the agent resolves and Baton passes the thread back to the bot.
    ana.say("Thanks! It's for my sister's birthday.");
    await world.advance(10_000);
    expect((await conversation(ana.psid)).conversation.status).toBe("open");
    await api("POST", `/conversations/${PAGE}-${ana.psid}/resolve`);
    await world.advance(5_000);
    detail = await conversation(ana.psid);
    expect(detail.conversation.status).toBe("resolved");
    expect(world.emulator.ownerOf(ana.psid)).toBe("1001");
    const echoes = detail.timeline.items.filter((i) => i.kind === "message" && i.author === "agent");
    expect(echoes).toHaveLength(1); // the echo did not add a second copy of the agent's reply
  });

  it('a misconfigured bot\'s "Okay" does not un-escalate; Baton takes the thread to reply', async () => {
    const ben = world.createCustomer({ firstName: "Ben", lastName: "Okafor" }, { botMode: "misconfigured" });
    ben.say("hi");
    await world.advance(10_000);
    ben.tap("TALK_TO_HUMAN");
    await world.advance(10_000);
    expect(ben.lastPageMessage()?.text).toBe("Okay");
    let detail = await conversation(ben.psid);
    expect(detail.conversation.status).toBe("open");
    expect(detail.conversation.flags).toContain("bot_replied_after_handoff");
    await api("POST", `/conversations/${PAGE}-${ben.psid}/messages`, {
      text: "Hi Ben, a human here.",
      clientId: "reply-2",
    });
    await world.advance(5_000);
    expect(world.emulator.ownerOf(ben.psid)).toBe("2002");
    expect(ben.lastPageMessage()?.appId).toBe("2002");
    detail = await conversation(ben.psid);
    expect(detail.conversation.status).toBe("pending");
  });

  it("a question the silent bot ignores lands in the inbox once the grace period passes", async () => {
    const cy = world.createCustomer({ firstName: "Chloé", lastName: "Martin" }, { botMode: "silent" });
    cy.say("Do you ship to Iceland?");
    await world.advance(5_000);
    expect((await conversation(cy.psid)).conversation.status).toBe("bot");
    await world.advance(2 * 60_000);
    await baton.sweepTimers();
    expect((await conversation(cy.psid)).conversation.status).toBe("open");
  });

  it("Baton copes with re-delivered and reordered webhooks", async () => {
    const di = world.createCustomer({ firstName: "Dmitri", lastName: "Novak" }, { botMode: "silent" });
    world.webhook.redeliverNext(3);
    world.webhook.reorderNext(2);
    di.say("first");
    await world.advance(1_000);
    di.say("second");
    await world.advance(1_000);
    di.say("third");
    await world.advance(1_000);
    await world.settle();
    const texts = (await conversation(di.psid)).timeline.items.flatMap((i) =>
      i.kind === "message" ? [i.text] : [],
    );
    expect(texts).toEqual(["first", "second", "third"]);
  });

  it("an agent reply after 24 hours goes out with HUMAN_AGENT; after 7 days Baton gets Meta's window error", async () => {
    const el = world.createCustomer({ firstName: "Elif", lastName: "Yilmaz" });
    el.say("hi");
    await world.advance(5_000);
    el.tap("TALK_TO_HUMAN");
    await world.advance(5_000);
    await world.advance(30 * 60 * 60 * 1000);
    await api("POST", `/conversations/${PAGE}-${el.psid}/messages`, {
      text: "Sorry for the slow answer!",
      clientId: "late-1",
    });
    await world.advance(5_000);
    expect(el.lastPageMessage()).toMatchObject({ appId: "2002", tag: "HUMAN_AGENT" });
    await world.advance(7 * 24 * 60 * 60 * 1000);
    const res = await baton.app.request(`http://localhost/api/conversations/${PAGE}-${el.psid}/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", ...maya },
      body: JSON.stringify({ text: "Still there?", clientId: "late-2" }),
    });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(el.lastPageMessage()?.text).toBe("Sorry for the slow answer!");
  });
});
