import { beforeEach, describe, expect, it } from "vitest";
import { signBody } from "../messenger/signature.ts";
import { BATON_APP, BOT_APP, meta, PAGE_ID, describeOnEachDatabase, startHarness, type Harness } from "../testing/harness.ts";

async function count(h: Harness, table: string): Promise<number> {
  const [row] = await h.baton.db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
  return row?.n ?? 0;
}

describeOnEachDatabase("webhook", (harness) => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });

  it("answers Meta's handshake with the challenge when the verify token matches", async () => {
    const ok = await h.baton.app.request("/webhooks/messenger?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=12345");
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("12345");
    const bad = await h.baton.app.request("/webhooks/messenger?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=12345");
    expect(bad.status).toBe(403);
  });

  it("refuses a forged signature and stores nothing", async () => {
    const body = JSON.stringify(meta.batch([meta.text("U1", "m1", "hi", 1000)]));
    for (const signature of [undefined, "sha256=" + "0".repeat(64), signBody("wrong-secret", body), "sha1=abc"]) {
      const res = await h.baton.app.request("/webhooks/messenger", {
        method: "POST",
        headers: signature ? { "x-hub-signature-256": signature } : {},
        body,
      });
      expect(res.status).toBe(401);
    }
    expect(await count(h, "webhook_batches")).toBe(0);
    expect(await count(h, "events")).toBe(0);
  });

  it("refuses malformed JSON and non-Page objects with a clear 400 and stores nothing", async () => {
    const bad = await h.webhook("{not json");
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: "invalid_json" } });
    const ig = await h.webhook({ object: "instagram", entry: [] });
    expect(ig.status).toBe(400);
    expect(await ig.json()).toMatchObject({ error: { code: "unsupported_object" } });
    expect(await count(h, "webhook_batches")).toBe(0);
  });

  it("keeps an unknown event raw and still stores the rest of the batch", async () => {
    const res = await h.webhook(
      meta.batch([{ sender: { id: "U1" }, recipient: { id: PAGE_ID }, timestamp: 5, optin: { ref: "x" } }, { nonsense: true }, meta.text("U1", "m1", "hello", 10)]),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, events: 3, unknown: 2 });
    const kinds = await h.baton.db.query<{ kind: string }>("select kind from events order by at, id");
    expect(kinds.map((k) => k.kind).sort()).toEqual(["customer_message", "unknown", "unknown"]);
    expect(await count(h, "timeline_items")).toBe(1);
  });

  it("stores the same message once when Meta re-delivers it", async () => {
    const batch = meta.batch([meta.text("U1", "m1", "Where is my order?", 1000)]);
    await h.webhook(batch);
    await h.webhook(batch);
    await h.webhook(meta.batch([meta.text("U1", "m1", "Where is my order?", 1000), meta.text("U1", "m2", "Hello?", 2000)]));
    expect(await count(h, "timeline_items")).toBe(2);
    const [c] = await h.baton.db.query<{ unread_count: number }>("select unread_count from conversations");
    expect(c?.unread_count).toBe(2);
    expect(await count(h, "webhook_batches")).toBe(3);
  });

  it("orders a batch by timestamp, not by arrival", async () => {
    await h.webhook(meta.batch([meta.echo("U1", "b1", "It ships today", 2000, BOT_APP), meta.text("U1", "c1", "When does it ship?", 1000)]));
    const res = await h.api("GET", "/conversations?view=all");
    const page = (await res.json()) as { items: { status: string }[] };
    expect(page.items[0]?.status).toBe("bot_resolved");
  });

  it("a bot answer delivered before the question it answers still resolves the conversation", async () => {
    await h.webhook(meta.batch([meta.echo("U1", "b1", "It ships today", 2000, BOT_APP)]));
    await h.webhook(meta.batch([meta.text("U1", "c1", "When does it ship?", 1000)]));
    h.clock.advance(120_000);
    await h.baton.sweepTimers();
    const [c] = await h.baton.db.query<{ status: string }>("select status from conversations");
    expect(c?.status).toBe("bot_resolved");
    const detail = (await (await h.api("GET", `/conversations/${PAGE_ID}-U1`)).json()) as { timeline: { items: { kind: string; text: string | null }[] } };
    expect(detail.timeline.items.filter((i) => i.kind === "message").map((i) => i.text)).toEqual(["When does it ship?", "It ships today"]);
  });

  it("a handoff tap escalates and a later bot 'Okay' keeps it in the inbox, flagged", async () => {
    await h.webhook(meta.batch([meta.echo("U1", "b0", "Need anything else?", 1000, BOT_APP, { quick_replies: [{ content_type: "text", title: "Talk to a human", payload: "HUMAN" }] })]));
    await h.webhook(meta.batch([meta.text("U1", "c1", "Talk to a human", 2000, "HUMAN")]));
    await h.webhook(meta.batch([meta.echo("U1", "b1", "Okay", 3000, BOT_APP)]));
    const list = (await (await h.api("GET", "/conversations?view=open")).json()) as { items: { status: string; flags: string[] }[] };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).toMatchObject({ status: "open", flags: ["bot_replied_after_handoff"] });
    const detail = (await (await h.api("GET", `/conversations/${PAGE_ID}-U1`)).json()) as {
      handoffItemId: string;
      timeline: { items: { id: string; kind: string; quickReplies?: { title: string }[]; quickReplyPayload?: string | null }[] };
    };
    expect(detail.timeline.items.find((i) => i.id === detail.handoffItemId)).toMatchObject({ kind: "system" });
    expect(detail.timeline.items[0]?.quickReplies?.[0]?.title).toBe("Talk to a human");
    expect(detail.timeline.items[1]?.quickReplyPayload).toBe("HUMAN");
  });

  it("the bot passing control to Baton on the messaging channel escalates with the bot's reason", async () => {
    const now = h.clock.now().getTime();
    await h.webhook(meta.batch([meta.text("U1", "c1", "I want a refund", now - 1000)]));
    await h.webhook(meta.batch([meta.pass("U1", BATON_APP, now - 500, "refund")], "messaging"));
    const s = (await (await h.api("GET", `/conversations/${PAGE_ID}-U1`)).json()) as { conversation: { status: string; owner: string; escalationReason: string } };
    expect(s.conversation).toMatchObject({ status: "open", owner: "baton", escalationReason: "The bot passed the conversation to Baton: refund" });
  });

  it("reads every attachment kind, postbacks, reactions, deliveries and reads", async () => {
    const psid = "U9";
    await h.webhook(
      meta.batch([
        { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: 100, message: { mid: "a1", attachments: [{ type: "image", payload: { url: "https://x/cat.jpg" } }, { type: "image", payload: { url: "https://x/s.png", sticker_id: 369239263222822 } }, { type: "video", payload: { url: "https://x/v.mp4" } }, { type: "audio", payload: { url: "https://x/a.mp4" } }, { type: "file", payload: { url: "https://x/f.pdf" } }, { type: "fallback", payload: { url: "https://shop.example/p/1", title: "A link" } }] } },
        meta.echo(psid, "e1", "", 200, BOT_APP, { text: undefined, attachments: [{ type: "template", payload: { template_type: "generic", elements: [{ title: "Blue sneakers", subtitle: "$89", image_url: "https://x/s.jpg", buttons: [{ type: "web_url", title: "Checkout", url: "https://shop.example/cart" }] }] } }] }),
        { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: 300, postback: { title: "Checkout", payload: "CHECKOUT", mid: "pb1" } },
        { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: 400, reaction: { mid: "e1", action: "react", reaction: "love", emoji: "❤" } },
        { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: 500, delivery: { mids: ["e1"], watermark: 250 } },
        { sender: { id: psid }, recipient: { id: PAGE_ID }, timestamp: 600, read: { watermark: 250 } },
      ]),
    );
    const detail = (await (await h.api("GET", `/conversations/${PAGE_ID}-${psid}`)).json()) as { timeline: { items: Record<string, unknown>[] } };
    const [photo, card, tap] = detail.timeline.items.filter((i) => i.kind === "message");
    expect((photo?.attachments as { type: string }[]).map((a) => a.type)).toEqual(["image", "image", "video", "audio", "file", "fallback"]);
    expect(photo?.attachments).toContainEqual({ type: "image", url: "https://x/s.png", stickerId: 369239263222822 });
    expect(card).toMatchObject({ author: "bot", delivery: "read", reactions: [{ reaction: "love", emoji: "❤" }] });
    expect((card?.attachments as { elements: { title: string }[] }[])[0]?.elements[0]?.title).toBe("Blue sneakers");
    expect(tap).toMatchObject({ author: "customer", postback: { title: "Checkout", payload: "CHECKOUT" } });
  });
});

describe("webhook when the database is down", () => {
  it("answers 503 with a clear error, so Meta delivers the batch again later", async () => {
    const h = await startHarness("memory:");
    await h.baton.db.close();
    const res = await h.webhook(meta.batch([meta.text("U1", "m1", "hello", Date.now())]));
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ error: { code: "database_unavailable", message: expect.stringMatching(/Nothing was stored/) } });
    await h.graph.close();
  });
});
