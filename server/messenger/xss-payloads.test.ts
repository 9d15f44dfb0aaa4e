import { beforeEach, expect, it } from "vitest";
import type { CannedReply, ConversationDetail, TimelinePage } from "../../contract/api.ts";
import type { Attachment, MessageItem } from "../../contract/timeline.ts";
import { fitsMessenger, xssCorpus, type XssPayload } from "../../e2e/support/xss-corpus.ts";
import { BOT_APP, BATON_APP, PAGE_ID, describeOnEachDatabase, type Harness } from "../testing/harness.ts";

/**
 * The XSS corpus (e2e/support/xss-corpus.ts) through signed webhooks and the agent API: Baton stores every payload
 * exactly as it came, in every text and URL field. It does not "sanitise" by mangling what customers and bots wrote:
 * the SPA escapes text when it renders it (React) and turns only http(s) URLs into links (src/lib/safe-url.ts).
 * The e2e spec e2e/xss.spec.ts renders the same corpus in Chromium.
 */

const psidOf = (i: number) => `XSS${i}`;
const conversationOf = (i: number) => `${PAGE_ID}-${psidOf(i)}`;

/** Every webhook vector of one payload, as Meta would deliver them, in one batch. */
function payloadBatch(i: number, { id, value }: XssPayload, t0: number) {
  const psid = psidOf(i);
  const fromCustomer = (k: number, event: Record<string, unknown>) => ({
    sender: { id: psid },
    recipient: { id: PAGE_ID },
    timestamp: t0 + k,
    ...event,
  });
  const fromBot = (k: number, message: Record<string, unknown>) => ({
    sender: { id: PAGE_ID },
    recipient: { id: psid },
    timestamp: t0 + k,
    message: { is_echo: true, app_id: Number(BOT_APP), ...message },
  });
  const chip = `CHIP_${id}`;
  const events = [
    // The bot offers a chip titled with the payload; the customer taps it, then types it.
    fromBot(1, {
      mid: `${id}-offer`,
      text: value,
      quick_replies: [{ content_type: "text", title: value, payload: chip, image_url: value }],
    }),
    fromCustomer(2, { message: { mid: `${id}-tap`, text: value, quick_reply: { payload: chip } } }),
    fromCustomer(3, { message: { mid: `${id}-text`, text: value } }),
    // A template button tapped (postback) with the payload as its title and payload.
    fromCustomer(4, { postback: { mid: `${id}-postback`, title: value, payload: value } }),
    // A bot card: title, subtitle, picture, default action and buttons.
    fromBot(5, {
      mid: `${id}-card`,
      attachments: [
        {
          type: "template",
          payload: {
            template_type: "generic",
            elements: [
              {
                title: value,
                subtitle: value,
                image_url: value,
                default_action: { type: "web_url", url: value },
                buttons: [
                  { type: "web_url", title: value, url: value },
                  { type: "postback", title: value, payload: value },
                ],
              },
            ],
          },
        },
      ],
    }),
    // A button template: its text and a URL button.
    fromBot(6, {
      mid: `${id}-buttons`,
      attachments: [
        {
          type: "template",
          payload: {
            template_type: "button",
            text: value,
            buttons: [{ type: "web_url", title: value, url: value }],
          },
        },
      ],
    }),
    // The customer's attachments, every URL (and file name, link title, place) being the payload.
    fromCustomer(7, {
      message: {
        mid: `${id}-media`,
        attachments: [
          { type: "image", payload: { url: value } },
          { type: "image", payload: { url: value, sticker_id: 369239263222822 } },
          { type: "video", payload: { url: value } },
          { type: "audio", payload: { url: value } },
          { type: "file", payload: { url: value, name: value } },
          { type: "fallback", payload: { url: value, title: value } },
          { type: "location", payload: { url: value, title: value } },
        ],
      },
    }),
    // The bot hands the thread over with the payload as the handover's metadata.
    fromCustomer(8, {
      pass_thread_control: { new_owner_app_id: BATON_APP, previous_owner_app_id: BOT_APP, metadata: value },
    }),
  ];
  return { object: "page", entry: [{ id: PAGE_ID, time: t0 + 9, messaging: events }] };
}

async function json<T>(response: Response): Promise<T> {
  expect(response.status, await response.clone().text()).toBeLessThan(300);
  return (await response.json()) as T;
}

describeOnEachDatabase("XSS payloads", (harness) => {
  let h: Harness;
  beforeEach(() => {
    h = harness();
  });

  it(`stores each of the ${xssCorpus.length} payloads byte-for-byte in every field a webhook, a profile or an agent fills`, async () => {
    const t0 = h.clock.now().getTime() - 60_000;
    // Concurrently, as Meta delivers: the webhook's group commit stores them together.
    await Promise.all(
      xssCorpus.map(async (payload, i) => {
        // The customer's name and picture come from the Graph profile.
        h.graph.profiles.set(psidOf(i), {
          first_name: payload.value,
          last_name: "",
          profile_pic: payload.value,
        });
        const res = await h.webhook(payloadBatch(i, payload, t0 + i * 100));
        expect(res.status, `${payload.id}: ${await res.clone().text()}`).toBe(200);
      }),
    );
    await h.baton.service.idle();

    for (const [i, { id, value }] of xssCorpus.entries()) {
      // The profile is stored as Meta gave it; the API shows the name without its outer whitespace.
      const [stored] = await h.baton.db.query<{ customer_name: string; avatar_url: string }>(
        "select customer_name, avatar_url from conversations where id = $1",
        [conversationOf(i)],
      );
      expect(stored, id).toEqual({ customer_name: value, avatar_url: value });
      const detail = await json<ConversationDetail>(
        await h.api("GET", `/conversations/${conversationOf(i)}`),
      );
      expect(detail.conversation.customer, id).toMatchObject({ name: value.trim(), avatarUrl: value });
      const { items } = await json<TimelinePage>(
        await h.api("GET", `/conversations/${conversationOf(i)}/timeline?limit=500`),
      );
      const byMid = (suffix: string): MessageItem => {
        const item = items.find((m): m is MessageItem => m.kind === "message" && m.mid === `${id}-${suffix}`);
        if (!item) throw new Error(`${id}: no message ${suffix}`);
        return item;
      };

      expect(byMid("offer"), id).toMatchObject({
        text: value,
        quickReplies: [{ title: value, payload: `CHIP_${id}`, imageUrl: value }],
      });
      expect(byMid("tap"), id).toMatchObject({ text: value, quickReplyPayload: `CHIP_${id}` });
      expect(byMid("text").text, id).toBe(value);
      expect(byMid("postback").postback, id).toEqual({ title: value, payload: value });
      const web = { type: "web_url", title: value, payload: null, url: value };
      expect(byMid("card").attachments, id).toEqual([
        {
          type: "template",
          templateType: "generic",
          text: null,
          elements: [
            {
              title: value,
              subtitle: value,
              imageUrl: value,
              buttons: [web, { type: "postback", title: value, payload: value, url: null }],
            },
          ],
          buttons: [],
        },
      ] satisfies Attachment[]);
      expect(byMid("buttons").attachments, id).toEqual([
        { type: "template", templateType: "button", text: value, elements: [], buttons: [web] },
      ] satisfies Attachment[]);
      expect(byMid("media").attachments, id).toEqual([
        { type: "image", url: value, stickerId: null },
        { type: "image", url: value, stickerId: 369239263222822 },
        { type: "video", url: value },
        { type: "audio", url: value },
        { type: "file", url: value, name: value },
        { type: "fallback", url: value, title: value },
        { type: "location", url: value, title: value },
      ] satisfies Attachment[]);

      // The handover's metadata is kept whole in the event log (the transcript's note quotes a trimmed start of it).
      const [handover] = await h.baton.db.query<{ data: string }>(
        "select data::text as data from events where kind = 'pass_thread_control' and psid = $1",
        [psidOf(i)],
      );
      expect((JSON.parse(handover?.data ?? "{}") as { metadata?: unknown }).metadata, id).toBe(value);
    }
  });

  it("stores agent replies and canned replies as typed (the API trims only the outer whitespace)", async () => {
    const typed = xssCorpus.filter(fitsMessenger);
    expect(typed.length).toBeGreaterThanOrEqual(40);
    const t0 = h.clock.now().getTime() - 60_000;
    await Promise.all(
      typed.map(async (payload, i) => {
        // A customer who wrote, and a thread the bot passed to Baton: the agent may reply.
        expect((await h.webhook(payloadBatch(i, payload, t0 + i * 100))).status).toBe(200);
        const sent = await json<{ message: MessageItem }>(
          await h.api("POST", `/conversations/${conversationOf(i)}/messages`, {
            text: payload.value,
            clientId: `reply-${payload.id}`,
          }),
        );
        expect(sent.message.text, payload.id).toBe(payload.value.trim());
        await json(
          await h.api("POST", "/canned-replies", { shortcut: `xss-${payload.id}`, text: payload.value }),
        );
      }),
    );
    for (const [i, payload] of typed.entries()) {
      const { items } = await json<TimelinePage>(
        await h.api("GET", `/conversations/${conversationOf(i)}/timeline?limit=500`),
      );
      const reply = items.find(
        (m): m is MessageItem => m.kind === "message" && m.clientId === `reply-${payload.id}`,
      );
      expect(reply, payload.id).toMatchObject({ author: "agent", text: payload.value.trim() });
    }
    const { replies } = await json<{ replies: CannedReply[] }>(await h.api("GET", "/canned-replies"));
    for (const payload of typed) {
      expect(replies.find((r) => r.shortcut === `xss-${payload.id}`)?.text, payload.id).toBe(
        payload.value.trim(),
      );
    }
  });
});
