import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { conversationDetail } from "../contract/api.ts";
import { messengerSettings, policyAlertsResponse } from "../contract/signals.ts";
import type { Baton } from "../server/baton.ts";
import { SIM_PAGE, startSimBaton } from "./testing/sim-baton.ts";
import type { SimWorld } from "./world.ts";

/** Every Messenger signal the simulator sends, through Baton's real webhook and API (PGlite): what an agent then sees. */

const PAGE = SIM_PAGE;
let baton: Baton;
let world: SimWorld;
const sessions: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  const sim = await startSimBaton([
    { id: "maya", name: "Maya Chen", role: "manager" },
    { id: "priya", name: "Priya Nair", role: "admin" },
  ]);
  ({ baton, world } = sim);
  Object.assign(sessions, sim.headers);
});
afterAll(async () => {
  await baton?.close();
});

async function api(method: string, path: string, as = "maya"): Promise<unknown> {
  const res = await baton.app.request(`http://localhost/api${path}`, {
    method,
    headers: { "content-type": "application/json", ...sessions[as] },
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.json();
}
const conversation = async (psid: string) =>
  conversationDetail.parse(await api("GET", `/conversations/${PAGE}-${psid}?limit=200`));

describe("Messenger signals through Baton's real webhook", () => {
  it("a tap on a reworded handoff button, seen on standby without its payload, escalates; the misconfigured bot's Okay is flagged", async () => {
    const ana = world.createCustomer(
      { firstName: "Ana", lastName: "Silva" },
      { botMode: "misconfigured", bot: { variant: "chat_with_an_agent", handoffStyle: "button_template" } },
    );
    ana.arriveFrom({ source: "ads", adTitle: "Spring Sale", ref: "spring-sale-25" });
    await world.advance(10_000);
    ana.askForHuman();
    await world.advance(10_000);
    expect(ana.lastPageMessage()?.text).toBe("Okay");
    const detail = await conversation(ana.psid);
    expect(detail.conversation.status).toBe("open");
    expect(detail.conversation.flags).toContain("bot_replied_after_handoff");
    expect(detail.conversation.referral).toMatchObject({
      source: "ADS",
      ref: "spring-sale-25",
      adTitle: "Spring Sale",
    });
    expect(detail.timeline.items.some((i) => i.kind === "system" && i.event === "referral")).toBe(true);
    const settings = messengerSettings.parse(await api("GET", "/admin/messenger", "priya"));
    expect(settings.learnedHandoffButtons).toContainEqual(
      expect.objectContaining({
        title: "Chat with an agent",
        payload: "LIVE_AGENT",
        source: "button_template",
      }),
    );
  });

  it("edits, story replies and mentions, recurring notifications and feedback show in the transcript", async () => {
    const ben = world.createCustomer({ firstName: "Ben", lastName: "Okafor" }, { botMode: "silent" });
    ben.say("hi");
    ben.replyToStory("Is this lamp still available in walnut?");
    ben.mentionInStory();
    const sent = ben.say("It's order #48231");
    ben.edit("It's order #48213");
    ben.subscribe("Restock alerts", "WEEKLY");
    ben.giveFeedback({ csat: 4, text: "Quick and friendly, thanks!" });
    await world.advance(10_000);
    const items = (await conversation(ben.psid)).timeline.items;
    const messages = items.flatMap((i) => (i.kind === "message" ? [i] : []));
    expect(messages.find((m) => m.mid === sent.mid)).toMatchObject({
      text: "It's order #48213",
      edited: { originalText: "It's order #48231", count: 1 },
    });
    expect(
      messages.find((m) => m.text === "Is this lamp still available in walnut?")?.storyReply?.url,
    ).toMatch(/\/cdn\/stories\//);
    expect(messages.some((m) => m.attachments.some((a) => a.type === "story_mention"))).toBe(true);
    const events = items.flatMap((i) => (i.kind === "system" ? [i.event] : []));
    expect(events).toEqual(expect.arrayContaining(["opt_in", "feedback"]));
  });

  it("Meta's block on Baton's app becomes a policy alert for managers; the App Dashboard's test is recorded", async () => {
    world.emulator.enforcePolicy("2002", "block");
    world.emulator.sendTestSample("2002", "messages");
    await world.settle();
    const { alerts } = policyAlertsResponse.parse(await api("GET", "/alerts"));
    expect(alerts).toContainEqual(
      expect.objectContaining({
        action: "block",
        reason: expect.stringMatching(/Platform Policies/),
        acknowledgedAt: null,
      }),
    );
    const settings = messengerSettings.parse(await api("GET", "/admin/messenger", "priya"));
    expect(settings.lastWebhookTestField).toBe("messages");
    expect(settings.lastWebhookTestAt).not.toBeNull();
  });
});
