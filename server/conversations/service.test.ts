import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { ConversationSummary } from "../../contract/conversation.ts";
import type { MessageItem } from "../../contract/timeline.ts";
import {
  BATON_APP,
  BOT_APP,
  meta,
  PAGE_ID,
  describeOnEachDatabase,
  startHarness,
  type Harness,
} from "../testing/harness.ts";

const HOUR = 3_600_000;
const CONV = `${PAGE_ID}-U1`;

describeOnEachDatabase("agent actions", (harness, url) => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });

  const now = () => h.clock.now().getTime();
  const escalate = async () => {
    await h.webhook(meta.batch([meta.text("U1", "c1", "Talk to a human", now(), "HUMAN")]));
  };
  const reply = async (text: string, clientId = `cid-${text}`) => {
    const res = await h.api("POST", `/conversations/${CONV}/messages`, { text, clientId });
    return {
      status: res.status,
      body: (await res.json()) as {
        message: MessageItem;
        conversation: ConversationSummary;
        error?: { code: string; message: string };
      },
    };
  };
  const sends = () => h.graph.calls.filter((c) => c.path === "/me/messages");

  it("an agent reply inside 24 hours goes out as RESPONSE, after Baton takes the thread from the bot", async () => {
    await escalate();
    const { status, body } = await reply("Hi, Sam here. Let me check.");
    expect(status).toBe(201);
    expect(body.message).toMatchObject({
      author: "agent",
      delivery: "sent",
      text: "Hi, Sam here. Let me check.",
      agent: { name: "Sam Lee" },
    });
    expect(body.conversation).toMatchObject({ status: "pending", owner: "baton" });
    expect(h.graph.calls.map((c) => c.path)).toContain("/me/take_thread_control");
    expect(sends()[0]?.body).toMatchObject({
      messaging_type: "RESPONSE",
      recipient: { id: "U1" },
      message: { text: "Hi, Sam here. Let me check." },
    });
    expect(sends()[0]?.body).not.toHaveProperty("tag");
  });

  it("between 24 hours and 7 days the reply carries the HUMAN_AGENT tag", async () => {
    await escalate();
    h.clock.advance(30 * HOUR);
    const { status, body } = await reply("Sorry for the wait!");
    expect(status).toBe(201);
    expect(body.message.tag).toBe("HUMAN_AGENT");
    expect(sends()[0]?.body).toMatchObject({ messaging_type: "MESSAGE_TAG", tag: "HUMAN_AGENT" });
  });

  it("after 7 days the reply is refused before anything is sent", async () => {
    await escalate();
    h.clock.advance(8 * 24 * HOUR);
    const { status, body } = await reply("Are you still there?");
    expect(status).toBe(422);
    expect(body.error?.code).toBe("window_closed");
    expect(body.error?.message).toMatch(/7 days/);
    expect(sends()).toHaveLength(0);
  });

  it("with the HUMAN_AGENT tag off, the window closes after 24 hours", async () => {
    const h2 = await startHarness(await url(), { HUMAN_AGENT_TAG: "false" });
    try {
      await h2.webhook(
        meta.batch([meta.text("U1", "c1", "Talk to a human", h2.clock.now().getTime(), "HUMAN")]),
      );
      h2.clock.advance(25 * HOUR);
      const res = await h2.api("POST", `/conversations/${CONV}/messages`, { text: "hello", clientId: "x" });
      expect(res.status).toBe(422);
      expect(await res.json()).toMatchObject({
        error: { code: "window_closed", message: expect.stringMatching(/HUMAN_AGENT/) },
      });
    } finally {
      await h2.close();
    }
  });

  it("a Graph refusal stores the reply as failed with the reason, and a retry sends it", async () => {
    await escalate();
    await h.api("POST", `/conversations/${CONV}/take-control`);
    h.graph.failNext("/me/messages", { code: 10, error_subcode: 2018300 });
    const failed = await reply("Let me look into it");
    expect(failed.status).toBe(409);
    expect(failed.body.error?.code).toBe("thread_owned_by_other_app");
    expect(failed.body.message).toMatchObject({
      delivery: "failed",
      error: expect.stringMatching(/Another app controls/),
    });
    const retry = await h.api("POST", `/conversations/${CONV}/messages/${failed.body.message.id}/retry`);
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as { message: MessageItem }).message).toMatchObject({
      id: failed.body.message.id,
      delivery: "sent",
      error: null,
    });
  });

  it.each([
    [{ code: 190 }, 502, "token_invalid"],
    [{ code: 551 }, 502, "customer_unavailable"],
    [{ code: 10, error_subcode: 2018278 }, 422, "window_closed"],
  ])("Graph error %j is shown to the agent as %s %s", async (error, status, code) => {
    await escalate();
    await h.api("POST", `/conversations/${CONV}/take-control`);
    h.graph.failNext("/me/messages", error);
    const res = await reply("hello");
    expect(res.status).toBe(status);
    expect(res.body.error?.code).toBe(code);
    expect(res.body.message.delivery).toBe("failed");
  });

  it("sending the same clientId twice sends one message", async () => {
    await escalate();
    await reply("Once only", "same");
    await reply("Once only", "same");
    expect(sends()).toHaveLength(1);
  });

  it("the echo of Baton's own reply is recognised, not stored twice", async () => {
    await escalate();
    const { body } = await reply("On it");
    const echo = meta.echo("U1", body.message.mid ?? "", "On it", now(), BATON_APP, {
      metadata: JSON.stringify({ baton: { agentId: "sam", clientId: "cid-On it" } }),
    });
    await h.webhook(meta.batch([echo], "messaging"));
    const detail = (await (await h.api("GET", `/conversations/${CONV}`)).json()) as {
      timeline: { items: MessageItem[] };
    };
    expect(detail.timeline.items.filter((i) => i.kind === "message" && i.author === "agent")).toHaveLength(1);
  });

  it("an echo that arrives before the Send API answers confirms the stored reply", async () => {
    await escalate();
    h.clock.advance(5000);
    await h.webhook(
      meta.batch(
        [
          meta.echo("U1", "m_early", "Typed in another tab", now(), BATON_APP, {
            metadata: JSON.stringify({ baton: { agentId: "sam", clientId: "early" } }),
          }),
        ],
        "messaging",
      ),
    );
    const detail = (await (await h.api("GET", `/conversations/${CONV}`)).json()) as {
      timeline: { items: MessageItem[] };
    };
    expect(detail.timeline.items.at(-1)).toMatchObject({
      author: "agent",
      agent: { id: "sam" },
      clientId: "early",
      mid: "m_early",
    });
  });

  it("resolving passes the thread back to the bot, and the customer's next message reopens it", async () => {
    await escalate();
    await reply("Fixed!");
    const resolved = await h.api("POST", `/conversations/${CONV}/resolve`);
    expect(((await resolved.json()) as { conversation: ConversationSummary }).conversation).toMatchObject({
      status: "resolved",
      owner: "bot",
    });
    const pass = h.graph.calls.find((c) => c.path === "/me/pass_thread_control");
    expect(pass?.body).toMatchObject({ recipient: { id: "U1" }, target_app_id: Number(BOT_APP) });
    h.clock.advance(60_000);
    await h.webhook(meta.batch([meta.text("U1", "c9", "Actually, one more question", now())]));
    const s = (await (await h.api("GET", `/conversations/${CONV}`)).json()) as {
      conversation: ConversationSummary;
    };
    expect(s.conversation.status).toBe("open");
  });

  it("reading a thread Baton holds clears its unread count and tells the customer it was seen", async () => {
    await h.webhook(meta.batch([meta.text("U1", "c1", "Hello?", now())], "messaging"));
    const res = await h.api("POST", `/conversations/${CONV}/read`);
    expect(((await res.json()) as { conversation: ConversationSummary }).conversation.unreadCount).toBe(0);
    expect(sends().map((c) => c.body)).toContainEqual({
      recipient: { id: "U1" },
      sender_action: "mark_seen",
    });
  });

  it("assigning to an agent puts the conversation in their Mine view", async () => {
    await escalate();
    await h.api("POST", `/conversations/${CONV}/assign`, { agentId: "maya" }, "maya");
    const mine = (await (await h.api("GET", "/conversations?view=mine", undefined, "maya")).json()) as {
      items: ConversationSummary[];
    };
    expect(mine.items.map((i) => i.assignee?.name)).toEqual(["Maya Chen"]);
    const counts = await (await h.api("GET", "/conversations/counts", undefined, "maya")).json();
    expect(counts).toMatchObject({ mine: 1, open: 1, unassigned: 0, all: 1 });
    const unknown = await h.api("POST", `/conversations/${CONV}/assign`, { agentId: "nobody" }, "maya");
    expect(unknown.status).toBe(422);
  });

  it("a manager reopens a bot-resolved conversation for a human", async () => {
    await h.webhook(
      meta.batch([
        meta.text("U1", "c1", "Hours?", now() - 2000),
        meta.echo("U1", "b1", "9 to 5", now() - 1000, BOT_APP),
      ]),
    );
    const before = (await (await h.api("GET", "/conversations?view=bot_resolved")).json()) as {
      items: ConversationSummary[];
    };
    expect(before.items).toHaveLength(1);
    await h.api("POST", `/conversations/${CONV}/reopen`, undefined, "maya");
    const open = (await (await h.api("GET", "/conversations?view=open")).json()) as {
      items: ConversationSummary[];
    };
    expect(open.items.map((i) => i.id)).toEqual([CONV]);
  });

  it("actions need a signed-in agent, and bodies are checked against the contract", async () => {
    await escalate();
    expect((await h.api("POST", `/conversations/${CONV}/resolve`, undefined, null)).status).toBe(401);
    const empty = await h.api("POST", `/conversations/${CONV}/messages`, { text: "   ", clientId: "a" });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({
      error: { code: "invalid_request", issues: [{ path: "text" }] },
    });
    expect(
      (await h.api("POST", `/conversations/${CONV}/messages`, { text: "x".repeat(2001), clientId: "a" }))
        .status,
    ).toBe(400);
    expect((await h.api("GET", "/conversations?view=nope")).status).toBe(400);
    expect((await h.api("GET", "/conversations?cursor=garbage")).status).toBe(400);
    expect((await h.api("GET", "/conversations/nope")).status).toBe(404);
  });

  it("lists page by cursor, newest activity first, and search finds names and message text", async () => {
    const base = now() - 100_000;
    for (let i = 0; i < 7; i++)
      await h.webhook(
        meta.batch([
          meta.text(`P${i}`, `m${i}`, i === 3 ? "my parcel is lost" : `hello ${i}`, base + i * 1000),
        ]),
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/conversations?view=all&limit=3${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await (await h.api("GET", q)).json()) as {
        items: ConversationSummary[];
        nextCursor: string | null;
      };
      seen.push(...page.items.map((i) => i.customer.psid));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(["P6", "P5", "P4", "P3", "P2", "P1", "P0"]);
    const found = (await (await h.api("GET", "/conversations?view=all&q=PARCEL")).json()) as {
      items: ConversationSummary[];
    };
    expect(found.items.map((i) => i.customer.psid)).toEqual(["P3"]);
  });

  it("the timeline of a long thread pages backwards from the newest message", async () => {
    const base = now() - 1_000_000;
    const events = Array.from({ length: 250 }, (_, i) =>
      meta.text("U1", `long${i}`, `message ${i}`, base + i * 1000),
    );
    await h.webhook(meta.batch(events));
    const first = (await (await h.api("GET", `/conversations/${CONV}?limit=100`)).json()) as {
      timeline: { items: MessageItem[]; olderCursor: string };
    };
    expect(first.timeline.items.at(-1)?.text).toBe("message 249");
    expect(first.timeline.items[0]?.text).toBe("message 150");
    const older = (await (
      await h.api("GET", `/conversations/${CONV}/timeline?before=${first.timeline.olderCursor}&limit=200`)
    ).json()) as {
      items: MessageItem[];
      olderCursor: string | null;
    };
    expect(older.items).toHaveLength(150);
    expect(older.items[0]?.text).toBe("message 0");
    expect(older.olderCursor).toBeNull();
  });

  it("customer names come from the Graph profile", async () => {
    h.graph.profiles.set("U1", {
      first_name: "Ada",
      last_name: "Lovelace",
      profile_pic: "https://x/ada.jpg",
    });
    await escalate();
    await h.baton.service.idle();
    const s = (await (await h.api("GET", `/conversations/${CONV}`)).json()) as {
      conversation: ConversationSummary;
    };
    expect(s.conversation.customer).toMatchObject({ name: "Ada Lovelace", avatarUrl: "https://x/ada.jpg" });
  });

  it("live subscribers hear about a new escalation with its summary and items", async () => {
    const heard: unknown[] = [];
    const stop = h.baton.live.subscribe((e) => heard.push(e));
    try {
      await escalate();
      await expect
        .poll(() => heard)
        .toContainEqual(
          expect.objectContaining({
            type: "conversation",
            escalated: true,
            conversation: expect.objectContaining({ id: CONV, status: "open" }),
          }),
        );
    } finally {
      stop();
    }
  });
});

describe("timers", () => {
  it("the bot's grace timer survives a restart and opens the conversation afterwards", async () => {
    const dir = mkdtempSync(join(tmpdir(), "baton-timer-"));
    try {
      const first = await startHarness(dir);
      const at = first.clock.now().getTime();
      await first.webhook(meta.batch([meta.text("U1", "c1", "Do you ship to Iceland?", at)]));
      await first.close();

      const second = await startHarness(dir);
      second.clock.set(at + 61_000);
      expect(await second.baton.sweepTimers()).toBe(1);
      const s = (await (await second.api("GET", `/conversations/${CONV}`)).json()) as {
        conversation: ConversationSummary;
      };
      expect(s.conversation).toMatchObject({
        status: "open",
        escalationReason: "The bot did not answer within 60 s",
      });
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
