import { z } from "zod";
import type { GraphEmulator } from "../graph/emulator.ts";
import { GraphError } from "../graph/meta-errors.ts";
import type { SendRequest } from "../graph/graph-requests.ts";
import type { Channel, MessagingEvent, QuickReply, TemplateButton, TemplateElement } from "../graph/webhook-events.ts";
import type { Scheduler } from "../scheduler.ts";
import {
  PAYLOAD,
  PRODUCTS,
  SHOP_NAME,
  SHOP_URL,
  TALK_TO_HUMAN_TITLE,
  formatPrice,
  lookupOrder,
  productBySku,
  productImageUrl,
  type Product,
} from "./catalog.ts";

/** How the bot behaves, including the ways real bots go wrong beside a human inbox. */
export const botMode = z.enum([
  "well_behaved", // passes thread control to Baton when the customer asks for a human
  "misconfigured", // answers "Okay" after the handoff tap and keeps the thread (the pitfall)
  "autoresponder", // answers anything it does not know with "Thanks, we'll get back to you soon"
  "silent", // does not answer questions it does not understand, nor the handoff tap
]);
export type BotMode = z.infer<typeof botMode>;

/** Conversations the bot starts or walks through. */
export const botFlow = z.enum(["welcome", "abandoned_cart", "shipping", "review", "promotion"]);
export type BotFlow = z.infer<typeof botFlow>;

export const AUTORESPONDER_TEXT = "Thanks for your message! We'll get back to you soon.";
export const MISCONFIGURED_HANDOFF_TEXT = "Okay";

interface CustomerMemory {
  awaitingOrderNumber: boolean;
  lostThreadTo: string | null;
}

export interface ShopBotOptions {
  emulator: GraphEmulator;
  scheduler: Scheduler;
  appId: string;
  /** Baton's app id: where "Talk to a human" passes the thread. */
  humanInboxAppId: string;
  defaultMode?: BotMode;
  /** Time the bot "types" before each message. */
  typingDelayMs?: number;
}

type Outgoing = Omit<SendRequest, "recipient" | "messaging_type"> & { messaging_type?: SendRequest["messaging_type"] };

/**
 * A scripted Recart-like shop bot, the Page's primary receiver. It hears its events by function call and
 * answers through the emulator's Send API with its own app, exactly like a bot on Meta's servers would.
 */
export class ShopBot {
  readonly appId: string;
  readonly #o: Required<ShopBotOptions>;
  #modes = new Map<string, BotMode>();
  #memory = new Map<string, CustomerMemory>();
  /** Send API calls the bot made that Meta refused (a misconfigured bot keeps trying). */
  readonly refusals: { psid: string; code: number; subcode: number | undefined; at: number }[] = [];

  constructor(options: ShopBotOptions) {
    this.#o = { defaultMode: "well_behaved", typingDelayMs: 1200, ...options };
    this.appId = options.appId;
  }

  get defaultMode(): BotMode {
    return this.#o.defaultMode;
  }
  set defaultMode(mode: BotMode) {
    this.#o.defaultMode = mode;
  }

  setMode(psid: string, mode: BotMode): void {
    this.#modes.set(psid, mode);
  }

  modeOf(psid: string): BotMode {
    return this.#modes.get(psid) ?? this.#o.defaultMode;
  }

  #mem(psid: string): CustomerMemory {
    let m = this.#memory.get(psid);
    if (!m) {
      m = { awaitingOrderNumber: false, lostThreadTo: null };
      this.#memory.set(psid, m);
    }
    return m;
  }

  /** The bot's webhook: events for threads it owns come on `messaging`; it ignores `standby`. */
  readonly receive = (channel: Channel, event: MessagingEvent): void => {
    const psid = event.sender?.id;
    if (!psid || psid === this.#o.emulator.pageId) return; // echoes of its own or others' sends
    if (event.take_thread_control) {
      this.#mem(psid).lostThreadTo = event.take_thread_control.new_owner_app_id;
      return;
    }
    if (event.pass_thread_control) {
      this.#mem(psid).lostThreadTo = null;
      return;
    }
    if (channel !== "messaging") return;
    const text = event.message?.text ?? null;
    const payload = event.message?.quick_reply?.payload ?? event.postback?.payload ?? null;
    if (event.message?.is_echo) return;
    if (event.message || event.postback) {
      this.#o.scheduler.after(this.#o.typingDelayMs, `bot answers ${psid}`, () => this.#answer(psid, text, payload, event.message?.attachments?.length ?? 0));
    }
  };

  /** Starts a flow proactively (a broadcast, an abandoned-cart reminder...). The customer must have opted in. */
  startFlow(psid: string, flow: BotFlow): void {
    const profile = this.#o.emulator.customer(psid)?.profile;
    const first = profile?.firstName ?? "there";
    switch (flow) {
      case "welcome":
        return this.#sendAll(psid, this.#welcome(first), "UPDATE");
      case "abandoned_cart":
        return this.#sendAll(psid, this.#abandonedCart(psid, first), "UPDATE");
      case "shipping":
        this.#mem(psid).awaitingOrderNumber = true;
        return this.#sendAll(psid, [{ message: { text: `Hi ${first}! Want to know where your order is? Send me your order number (it starts with #).` } }], "UPDATE");
      case "review":
        return this.#sendAll(psid, this.#reviewRequest(psid, first), "UPDATE");
      case "promotion":
        return this.#sendAll(psid, this.#promotion(), "UPDATE");
    }
  }

  #answer(psid: string, text: string | null, payload: string | null, attachmentCount: number): void {
    const mode = this.modeOf(psid);
    const mem = this.#mem(psid);
    const first = this.#o.emulator.customer(psid)?.profile.firstName ?? "there";
    const lower = (text ?? "").toLowerCase();

    if (payload === PAYLOAD.talkToHuman || (!payload && /\b(human|agent|person|someone|real people)\b/.test(lower))) {
      return this.#handoff(psid, mode);
    }
    if (payload === PAYLOAD.getStarted || (!payload && /^(hi|hello|hey|hiya|good (morning|afternoon|evening))\b/.test(lower))) {
      return this.#sendAll(psid, this.#welcome(first));
    }
    if (payload === PAYLOAD.trackOrder || (!payload && !mem.awaitingOrderNumber && /\b(track|where is|shipping|delivery|delivered|order status)\b/.test(lower))) {
      mem.awaitingOrderNumber = true;
      return this.#sendAll(psid, [{ message: { text: "Sure! What's your order number? You'll find it in your confirmation email (it starts with #).", quick_replies: [humanChip()] } }]);
    }
    const orderNumber = /#?\b(\d{4,6})\b/.exec(text ?? "")?.[1];
    if (!payload && orderNumber && (mem.awaitingOrderNumber || lower.includes("#") || lower.includes("order"))) {
      mem.awaitingOrderNumber = false;
      return this.#sendAll(psid, [this.#orderStatus(orderNumber)]);
    }
    if (payload === PAYLOAD.browse || payload === PAYLOAD.shopSale) return this.#sendAll(psid, this.#carousel(PRODUCTS.slice(0, 5), "Here are this week's favourites:"));
    if (payload === PAYLOAD.checkout) {
      return this.#sendAll(psid, [
        { message: { text: `Here's your checkout link: ${SHOP_URL}/checkout/${psid.slice(-6)} (code COMEBACK10 is applied automatically).`, quick_replies: [chip("👍 Thanks", PAYLOAD.thanks), humanChip()] } },
      ]);
    }
    if (payload === PAYLOAD.cartQuestion) return this.#sendAll(psid, [{ message: { text: "Of course! What would you like to know about your cart?", quick_replies: [humanChip()] } }]);
    if (payload === PAYLOAD.thanks || (!payload && /\b(thanks|thank you|thx|ty|great|perfect|awesome)\b/.test(lower))) {
      return this.#sendAll(psid, [{ message: { text: "You're welcome! Have a lovely day 😊" } }]);
    }
    const stars = /^REVIEW_([1-5])$/.exec(payload ?? "")?.[1];
    if (stars) {
      const n = Number(stars);
      const reply = n >= 4 ? `Thank you for the ${n}-star review! 💛 It means a lot to our small team.` : `Sorry it wasn't a 5-star experience. What could we have done better?`;
      return this.#sendAll(psid, [{ message: { text: reply, ...(n >= 4 ? {} : { quick_replies: [humanChip()] }) } }]);
    }
    const sku = /^MORE_INFO_(.+)$/.exec(payload ?? "")?.[1];
    const product = sku ? productBySku(sku) : undefined;
    if (product) return this.#sendAll(psid, [this.#productDetails(product)]);

    // Something the bot does not understand: free text, a photo, a question.
    if (mode === "silent") return;
    if (mode === "autoresponder") return this.#sendAll(psid, [{ message: { text: AUTORESPONDER_TEXT } }]);
    const what = attachmentCount > 0 ? "Thanks for sending that!" : "Sorry, I didn't quite get that.";
    return this.#sendAll(psid, [
      { message: { text: `${what} I can help with orders and products, or connect you with our team.`, quick_replies: [chip("📦 Track my order", PAYLOAD.trackOrder), chip("🛍 Browse products", PAYLOAD.browse), humanChip()] } },
    ]);
  }

  #handoff(psid: string, mode: BotMode): void {
    switch (mode) {
      case "well_behaved":
        // It hands over without a word: any bot message after the tap would look like the "Okay" pitfall.
        this.#call(psid, () => this.#o.emulator.passThreadControl(this.appId, psid, this.#o.humanInboxAppId, "customer asked for a human"));
        return;
      case "misconfigured":
        return this.#sendAll(psid, [{ message: { text: MISCONFIGURED_HANDOFF_TEXT } }]);
      case "autoresponder":
        return this.#sendAll(psid, [{ message: { text: AUTORESPONDER_TEXT } }]);
      case "silent":
        return;
    }
  }

  #welcome(first: string): Outgoing[] {
    return [
      {
        message: {
          text: `Hi ${first}! 👋 Welcome to ${SHOP_NAME}. I'm the shop assistant. What can I help you with today?`,
          quick_replies: [chip("📦 Track my order", PAYLOAD.trackOrder), chip("🛍 Browse products", PAYLOAD.browse), humanChip()],
        },
      },
    ];
  }

  #abandonedCart(psid: string, first: string): Outgoing[] {
    const start = Number(psid.slice(-3)) % PRODUCTS.length;
    const items = [PRODUCTS[start], PRODUCTS[(start + 3) % PRODUCTS.length]].filter((p): p is Product => p !== undefined);
    const total = items.reduce((sum, p) => sum + p.price, 0);
    const checkout: TemplateButton = { type: "web_url", title: "Checkout", url: `${SHOP_URL}/cart/${psid.slice(-6)}` };
    const elements: TemplateElement[] = items.map((p) => ({
      title: p.name,
      subtitle: `${formatPrice(p.price)} · qty 1`,
      image_url: productImageUrl(this.#o.emulator.publicUrl, p.sku),
      buttons: [checkout],
    }));
    return [
      { message: { text: `Hey ${first}, you left something in your cart 🛒 (${formatPrice(total)})` } },
      { message: { attachment: { type: "template", payload: { template_type: "generic", elements } } } },
      {
        message: {
          text: "Finish your order today and get 10% off with code COMEBACK10.",
          quick_replies: [chip("✅ Complete my order", PAYLOAD.checkout), chip("❓ I have a question", PAYLOAD.cartQuestion), humanChip()],
        },
      },
    ];
  }

  #reviewRequest(psid: string, first: string): Outgoing[] {
    const product = PRODUCTS[Number(psid.slice(-2)) % PRODUCTS.length] ?? PRODUCTS[0];
    return [
      {
        message: {
          text: `Hi ${first}! Your ${product?.name ?? "order"} arrived last week. How would you rate it?`,
          quick_replies: [1, 2, 3, 4, 5].map((n) => chip("⭐".repeat(n), PAYLOAD.review(n))).concat(humanChip()),
        },
      },
    ];
  }

  #promotion(): Outgoing[] {
    return [
      { message: { text: "🔥 Spring sale: 25% off everything until Sunday!" } },
      ...this.#carousel(PRODUCTS.slice(2, 7), "Anything catch your eye?"),
    ];
  }

  #carousel(products: readonly Product[], question: string): Outgoing[] {
    const elements: TemplateElement[] = products.map((p) => ({
      title: p.name,
      subtitle: `${formatPrice(p.price)} · ${p.blurb}`.slice(0, 80),
      image_url: productImageUrl(this.#o.emulator.publicUrl, p.sku),
      default_action: { type: "web_url", url: `${SHOP_URL}/products/${p.sku}` },
      buttons: [
        { type: "web_url", title: "Shop now", url: `${SHOP_URL}/products/${p.sku}` },
        { type: "postback", title: "Tell me more", payload: PAYLOAD.moreInfo(p.sku) },
      ],
    }));
    return [
      { message: { attachment: { type: "template", payload: { template_type: "generic", elements } } } },
      { message: { text: question, quick_replies: [chip("🛍 Shop the sale", PAYLOAD.shopSale), humanChip()] } },
    ];
  }

  #productDetails(p: Product): Outgoing {
    return {
      message: {
        attachment: {
          type: "template",
          payload: {
            template_type: "button",
            text: `${p.name}: ${p.blurb} ${formatPrice(p.price)}, free shipping over $50.`,
            buttons: [
              { type: "web_url", title: "Buy now", url: `${SHOP_URL}/products/${p.sku}` },
              { type: "postback", title: TALK_TO_HUMAN_TITLE, payload: PAYLOAD.talkToHuman },
            ],
          },
        },
      },
    };
  }

  #orderStatus(orderNumber: string): Outgoing {
    const o = lookupOrder(orderNumber);
    const text = {
      processing: `Order #${orderNumber} is being packed and ships within 1–2 business days.`,
      shipped: `Order #${orderNumber} shipped with ${o.carrier} (tracking ${o.tracking}). Expected ${o.eta}.`,
      out_for_delivery: `Good news: order #${orderNumber} is out for delivery with ${o.carrier} today!`,
      delivered: `Order #${orderNumber} was delivered on ${o.eta}. Hope you love it!`,
      not_found: `I couldn't find order #${orderNumber}. Could you double-check the number?`,
    }[o.status];
    return { message: { text, quick_replies: [chip("👍 Thanks", PAYLOAD.thanks), humanChip()] } };
  }

  #sendAll(psid: string, messages: Outgoing[], messagingType: SendRequest["messaging_type"] = "RESPONSE"): void {
    this.#call(psid, () => this.#o.emulator.send(this.appId, { recipient: { id: psid }, messaging_type: "RESPONSE", sender_action: "typing_on" }));
    messages.forEach((m, i) => {
      const send = () =>
        this.#call(psid, () => this.#o.emulator.send(this.appId, { ...m, messaging_type: m.messaging_type ?? messagingType, recipient: { id: psid } }));
      if (i === 0) send();
      else this.#o.scheduler.after(i * 700, `bot sends ${psid}`, send);
    });
  }

  #call(psid: string, call: () => unknown): void {
    try {
      call();
    } catch (e) {
      if (!(e instanceof GraphError)) throw e;
      this.refusals.push({ psid, code: e.code, subcode: e.subcode, at: this.#o.scheduler.now() });
      if (this.refusals.length > 200) this.refusals.shift();
    }
  }
}

function chip(title: string, payload: string): QuickReply {
  return { content_type: "text", title, payload };
}

export function humanChip(): QuickReply {
  return chip("🙋 " + TALK_TO_HUMAN_TITLE, PAYLOAD.talkToHuman);
}
