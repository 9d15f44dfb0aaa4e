import { z } from "zod";
import type { GraphEmulator } from "../graph/emulator.ts";
import { GraphError } from "../graph/meta-errors.ts";
import type { SendRequest } from "../graph/graph-requests.ts";
import type {
  Channel,
  MessagingEvent,
  QuickReply,
  TemplateButton,
  TemplateElement,
} from "../graph/webhook-events.ts";
import type { Scheduler } from "../scheduler.ts";
import {
  PAYLOAD,
  PRODUCTS,
  SHOP_URL,
  formatPrice,
  lookupOrder,
  productBySku,
  productImageUrl,
  type Product,
} from "./catalog.ts";
import {
  ASKS_FOR_A_PERSON,
  BOT_TEXTS,
  CLASSIC_VARIANT,
  GREETING,
  HANDOFF_PAYLOADS,
  THANKS,
  resolveVariant,
  type BotOptions,
  type BotTexts,
  type BotVariant,
} from "./variants.ts";

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

export const AUTORESPONDER_TEXT = BOT_TEXTS.en.autoresponder;
export const MISCONFIGURED_HANDOFF_TEXT = BOT_TEXTS.en.okay;

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

type Outgoing = Omit<SendRequest, "recipient" | "messaging_type"> & {
  messaging_type?: SendRequest["messaging_type"];
};

/**
 * A scripted Recart-like shop bot, the Page's primary receiver. It hears its events by function call and
 * answers through the emulator's Send API with its own app, exactly like a bot on Meta's servers would.
 */
export class ShopBot {
  readonly appId: string;
  readonly #o: Required<ShopBotOptions>;
  #modes = new Map<string, BotMode>();
  #variants = new Map<string, BotVariant>();
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

  /** Which wording, language and handoff style the bot uses with this customer (see variants.ts). */
  setVariant(psid: string, options: BotOptions): BotVariant {
    const variant = resolveVariant(options);
    this.#variants.set(psid, variant);
    return variant;
  }

  variantOf(psid: string): BotVariant {
    return this.#variants.get(psid) ?? CLASSIC_VARIANT;
  }

  #texts(psid: string): BotTexts {
    return BOT_TEXTS[this.variantOf(psid).language];
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
    // The checkbox plugin's opt-in names the customer by user_ref only: the bot confirms to that user_ref.
    const userRef = event.optin?.user_ref;
    if (userRef && !event.sender) {
      this.#o.scheduler.after(this.#o.typingDelayMs, `bot confirms opt-in ${userRef}`, () =>
        this.#confirmCheckboxOptIn(userRef),
      );
      return;
    }
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
      this.#o.scheduler.after(this.#o.typingDelayMs, `bot answers ${psid}`, () =>
        this.#answer(psid, text, payload, event.message?.attachments?.length ?? 0),
      );
    }
  };

  /** Starts a flow proactively (a broadcast, an abandoned-cart reminder...). The customer must have opted in. */
  startFlow(psid: string, flow: BotFlow): void {
    const profile = this.#o.emulator.customer(psid)?.profile;
    const first = profile?.firstName ?? "there";
    switch (flow) {
      case "welcome":
        return this.#sendAll(psid, this.#welcome(psid, first), "UPDATE");
      case "abandoned_cart":
        return this.#sendAll(psid, this.#abandonedCart(psid, first), "UPDATE");
      case "shipping":
        this.#mem(psid).awaitingOrderNumber = true;
        return this.#sendAll(psid, [{ message: { text: this.#texts(psid).shippingIntro(first) } }], "UPDATE");
      case "review":
        return this.#sendAll(psid, this.#reviewRequest(psid, first), "UPDATE");
      case "promotion":
        return this.#sendAll(psid, this.#promotion(psid), "UPDATE");
    }
  }

  #confirmCheckboxOptIn(userRef: string): void {
    const psid = this.#o.emulator.psidForUserRef(userRef);
    const t = psid ? this.#texts(psid) : BOT_TEXTS.en;
    this.#call(psid ?? userRef, () =>
      this.#o.emulator.send(this.appId, {
        recipient: { user_ref: userRef },
        messaging_type: "UPDATE",
        message: { text: t.checkboxThanks },
      }),
    );
  }

  #answer(psid: string, text: string | null, payload: string | null, attachmentCount: number): void {
    const mode = this.modeOf(psid);
    const mem = this.#mem(psid);
    const t = this.#texts(psid);
    const first = this.#o.emulator.customer(psid)?.profile.firstName ?? "there";
    const lower = (text ?? "").toLowerCase();

    if (
      (payload !== null &&
        (payload === this.variantOf(psid).handoffPayload || HANDOFF_PAYLOADS.has(payload))) ||
      (!payload && ASKS_FOR_A_PERSON.test(lower))
    ) {
      return this.#handoff(psid, mode);
    }
    if (payload === PAYLOAD.getStarted || (!payload && GREETING.test(lower))) {
      return this.#sendAll(psid, this.#welcome(psid, first));
    }
    if (
      payload === PAYLOAD.trackOrder ||
      (!payload &&
        !mem.awaitingOrderNumber &&
        /\b(track|where is|shipping|delivery|delivered|order status)\b/.test(lower))
    ) {
      mem.awaitingOrderNumber = true;
      return this.#sendAll(psid, this.#offer(psid, t.askOrderNumber, []));
    }
    const orderNumber = /#?\b(\d{4,6})\b/.exec(text ?? "")?.[1];
    if (
      !payload &&
      orderNumber &&
      (mem.awaitingOrderNumber || lower.includes("#") || lower.includes("order"))
    ) {
      mem.awaitingOrderNumber = false;
      return this.#sendAll(psid, this.#orderStatus(psid, orderNumber));
    }
    if (payload === PAYLOAD.browse || payload === PAYLOAD.shopSale)
      return this.#sendAll(psid, this.#carousel(psid, PRODUCTS.slice(0, 5), t.favourites));
    if (payload === PAYLOAD.checkout) {
      return this.#sendAll(
        psid,
        this.#offer(psid, t.checkoutLink(`${SHOP_URL}/checkout/${psid.slice(-6)}`), [
          chip(t.thanksChip, PAYLOAD.thanks),
        ]),
      );
    }
    if (payload === PAYLOAD.cartQuestion) return this.#sendAll(psid, this.#offer(psid, t.cartQuestion, []));
    if (payload === PAYLOAD.thanks || (!payload && THANKS.test(lower))) {
      return this.#sendAll(psid, [{ message: { text: t.youreWelcome } }]);
    }
    const stars = /^REVIEW_([1-5])$/.exec(payload ?? "")?.[1];
    if (stars) {
      const n = Number(stars);
      return this.#sendAll(
        psid,
        n >= 4 ? [{ message: { text: t.reviewThanks(n) } }] : this.#offer(psid, t.reviewSorry, []),
      );
    }
    const sku = /^MORE_INFO_(.+)$/.exec(payload ?? "")?.[1];
    const product = sku ? productBySku(sku) : undefined;
    if (product) return this.#sendAll(psid, [this.#productDetails(psid, product)]);

    // Something the bot does not understand: free text, a photo, a question.
    if (mode === "silent") return;
    if (mode === "autoresponder") return this.#sendAll(psid, [{ message: { text: t.autoresponder } }]);
    const what = attachmentCount > 0 ? t.gotAttachment : t.didNotGetIt;
    return this.#sendAll(
      psid,
      this.#offer(psid, `${what} ${t.canHelpWith}`, [
        chip(t.trackOrder, PAYLOAD.trackOrder),
        chip(t.browse, PAYLOAD.browse),
      ]),
    );
  }

  /**
   * A text with chips and the handoff, offered the variant's way: the handoff as one more chip, as a button template's
   * postback button (the other chips stay under it), or as a button on a "Need a hand?" card sent after the text.
   */
  #offer(psid: string, text: string, chips: QuickReply[]): Outgoing[] {
    const v = this.variantOf(psid);
    const handoff: TemplateButton = { type: "postback", title: v.handoffTitle, payload: v.handoffPayload };
    const quick = (extra: QuickReply[]) => (extra.length ? { quick_replies: extra } : {});
    switch (v.handoffStyle) {
      case "quick_reply":
        return [{ message: { text, quick_replies: [...chips, chip(v.handoffTitle, v.handoffPayload)] } }];
      case "button_template":
        return [
          {
            message: {
              attachment: {
                type: "template",
                payload: { template_type: "button", text, buttons: [handoff] },
              },
              ...quick(chips),
            },
          },
        ];
      case "carousel": {
        const t = this.#texts(psid);
        // The card first: quick replies show under the latest message only, so the text with its chips comes last.
        return [
          {
            message: {
              attachment: {
                type: "template",
                payload: {
                  template_type: "generic",
                  elements: [{ title: t.needAHand, subtitle: t.teamAnswers, buttons: [handoff] }],
                },
              },
            },
          },
          { message: { text, ...quick(chips) } },
        ];
      }
    }
  }

  #handoff(psid: string, mode: BotMode): void {
    switch (mode) {
      case "well_behaved":
        // It hands over without a word: any bot message after the tap would look like the "Okay" pitfall.
        this.#call(psid, () =>
          this.#o.emulator.passThreadControl(
            this.appId,
            psid,
            this.#o.humanInboxAppId,
            "customer asked for a human",
          ),
        );
        return;
      case "misconfigured":
        return this.#sendAll(psid, [{ message: { text: this.#texts(psid).okay } }]);
      case "autoresponder":
        return this.#sendAll(psid, [{ message: { text: this.#texts(psid).autoresponder } }]);
      case "silent":
        return;
    }
  }

  #welcome(psid: string, first: string): Outgoing[] {
    const t = this.#texts(psid);
    return this.#offer(psid, t.welcome(first), [
      chip(t.trackOrder, PAYLOAD.trackOrder),
      chip(t.browse, PAYLOAD.browse),
    ]);
  }

  #abandonedCart(psid: string, first: string): Outgoing[] {
    const t = this.#texts(psid);
    const start = Number(psid.slice(-3)) % PRODUCTS.length;
    const items = [PRODUCTS[start], PRODUCTS[(start + 3) % PRODUCTS.length]].filter(
      (p): p is Product => p !== undefined,
    );
    const total = items.reduce((sum, p) => sum + p.price, 0);
    const checkout: TemplateButton = {
      type: "web_url",
      title: t.checkout,
      url: `${SHOP_URL}/cart/${psid.slice(-6)}`,
    };
    const elements: TemplateElement[] = items.map((p) => ({
      title: p.name,
      subtitle: `${formatPrice(p.price)} · ${t.qty}`,
      image_url: productImageUrl(this.#o.emulator.publicUrl, p.sku),
      buttons: [checkout],
    }));
    return [
      { message: { text: t.cartReminder(first, formatPrice(total)) } },
      { message: { attachment: { type: "template", payload: { template_type: "generic", elements } } } },
      ...this.#offer(psid, t.cartDiscount, [
        chip(t.completeOrder, PAYLOAD.checkout),
        chip(t.cartQuestionChip, PAYLOAD.cartQuestion),
      ]),
    ];
  }

  #reviewRequest(psid: string, first: string): Outgoing[] {
    const product = PRODUCTS[Number(psid.slice(-2)) % PRODUCTS.length] ?? PRODUCTS[0];
    const t = this.#texts(psid);
    return this.#offer(
      psid,
      t.reviewRequest(first, product?.name ?? "order"),
      [1, 2, 3, 4, 5].map((n) => chip("⭐".repeat(n), PAYLOAD.review(n))),
    );
  }

  #promotion(psid: string): Outgoing[] {
    const t = this.#texts(psid);
    return [{ message: { text: t.sale } }, ...this.#carousel(psid, PRODUCTS.slice(2, 7), t.catchYourEye)];
  }

  /** Product cards; with the carousel handoff style each card also carries the handoff button (a third button). */
  #carousel(psid: string, products: readonly Product[], question: string): Outgoing[] {
    const t = this.#texts(psid);
    const v = this.variantOf(psid);
    const handoff: TemplateButton[] =
      v.handoffStyle === "carousel"
        ? [{ type: "postback", title: v.handoffTitle, payload: v.handoffPayload }]
        : [];
    const elements: TemplateElement[] = products.map((p) => ({
      title: p.name,
      subtitle: `${formatPrice(p.price)} · ${p.blurb}`.slice(0, 80),
      image_url: productImageUrl(this.#o.emulator.publicUrl, p.sku),
      default_action: { type: "web_url", url: `${SHOP_URL}/products/${p.sku}` },
      buttons: [
        { type: "web_url", title: t.shopNow, url: `${SHOP_URL}/products/${p.sku}` },
        { type: "postback", title: t.tellMeMore, payload: PAYLOAD.moreInfo(p.sku) },
        ...handoff,
      ],
    }));
    const cards: Outgoing = {
      message: { attachment: { type: "template", payload: { template_type: "generic", elements } } },
    };
    // The cards carry the handoff already: the question under them offers the sale chip alone.
    const after =
      v.handoffStyle === "carousel"
        ? [{ message: { text: question, quick_replies: [chip(t.shopSale, PAYLOAD.shopSale)] } }]
        : this.#offer(psid, question, [chip(t.shopSale, PAYLOAD.shopSale)]);
    return [cards, ...after];
  }

  #productDetails(psid: string, p: Product): Outgoing {
    const t = this.#texts(psid);
    const v = this.variantOf(psid);
    return {
      message: {
        attachment: {
          type: "template",
          payload: {
            template_type: "button",
            text: t.productDetails(p.name, p.blurb, formatPrice(p.price)),
            buttons: [
              { type: "web_url", title: t.buyNow, url: `${SHOP_URL}/products/${p.sku}` },
              { type: "postback", title: v.handoffTitle, payload: v.handoffPayload },
            ],
          },
        },
      },
    };
  }

  #orderStatus(psid: string, orderNumber: string): Outgoing[] {
    const o = lookupOrder(orderNumber);
    const t = this.#texts(psid).order;
    const text = {
      processing: t.processing(orderNumber),
      shipped: t.shipped(orderNumber, o.carrier, o.tracking, o.eta),
      out_for_delivery: t.out_for_delivery(orderNumber, o.carrier),
      delivered: t.delivered(orderNumber, o.eta),
      not_found: t.not_found(orderNumber),
    }[o.status];
    return this.#offer(psid, text, [chip(this.#texts(psid).thanksChip, PAYLOAD.thanks)]);
  }

  #sendAll(
    psid: string,
    messages: Outgoing[],
    messagingType: SendRequest["messaging_type"] = "RESPONSE",
  ): void {
    this.#call(psid, () =>
      this.#o.emulator.send(this.appId, {
        recipient: { id: psid },
        messaging_type: "RESPONSE",
        sender_action: "typing_on",
      }),
    );
    messages.forEach((m, i) => {
      const send = () =>
        this.#call(psid, () =>
          this.#o.emulator.send(this.appId, {
            ...m,
            messaging_type: m.messaging_type ?? messagingType,
            recipient: { id: psid },
          }),
        );
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
