import { describe, expect, it } from "vitest";
import { recordingDeliver } from "./graph/webhook-delivery.ts";
import { DemoClock } from "./sim-clock.ts";
import { SimWorld } from "./world.ts";

function liveWorld() {
  const clock = new DemoClock("live");
  const world = new SimWorld({
    clock,
    pageId: "PAGE1",
    pageName: "Test Shop",
    appSecret: "sim-test-secret",
    botAppId: "1001",
    batonAppId: "2002",
    batonToken: "baton-token",
    deliver: recordingDeliver().deliver,
  });
  return { clock, world };
}

describe("settling a live world", () => {
  it("with fastForward, the bot's answer is delivered and read without waiting for them in real time", async () => {
    const { clock, world } = liveWorld();
    const customer = world.createCustomer({ firstName: "Ana", lastName: "Silva" }, { readsAfterMs: 2_000 });
    customer.say("hi");
    const started = performance.now();
    await world.settleSoon(3_000, 10_000, { fastForward: true });
    expect(performance.now() - started).toBeLessThan(1_000);
    const fromPage = customer.transcript().filter((e) => e.from !== "customer");
    expect(fromPage.length).toBeGreaterThan(0);
    expect(fromPage.every((e) => e.deliveredAt !== null && e.readAt !== null)).toBe(true);
    // The shared clock moved over the bot's typing delay, the delivery and the read.
    expect(clock.offsetMs).toBeGreaterThanOrEqual(2_000);
  });

  it("without it, a live clock is never moved: settling waits for the same steps in real time", async () => {
    const { clock, world } = liveWorld();
    const customer = world.createCustomer({ firstName: "Ana", lastName: "Silva" }, { readsAfterMs: null });
    customer.say("hi");
    await world.settleSoon(3_000, 10_000);
    expect(customer.transcript().some((e) => e.from !== "customer" && e.deliveredAt !== null)).toBe(true);
    expect(clock.offsetMs).toBe(0);
  });
});
