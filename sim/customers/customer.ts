import { PAYLOAD } from "../bot/catalog.ts";
import { BOT_TEXTS } from "../bot/variants.ts";
import type { ShopBot } from "../bot/shop-bot.ts";
import type { FeedbackInput, GraphEmulator, ReferralInput, TranscriptEntry } from "../graph/emulator.ts";
import type { EventAttachment, TemplateButton } from "../graph/webhook-events.ts";

/**
 * The part of the simulated world a customer acts through: Meta (the emulator) and the bot's wording. SimWorld is
 * one; this type lives here, not in world.ts, so that world.ts (which creates customers) and this file do not
 * import each other.
 */
export interface CustomerWorld {
  readonly emulator: GraphEmulator;
  readonly bot: Pick<ShopBot, "variantOf">;
}

export type AttachmentKind = "image" | "sticker" | "video" | "audio" | "file" | "location" | "fallback";

/** What a customer can attach from the Messenger app, as Meta delivers it. */
function customerAttachment(kind: AttachmentKind, publicUrl: string, n = 1): EventAttachment {
  const cdn = `${publicUrl}/cdn/uploads`;
  switch (kind) {
    case "image":
      return { type: "image", payload: { url: `${cdn}/photo-${n}.svg` } };
    case "sticker":
      return { type: "image", payload: { url: `${cdn}/sticker-thumbs-up.svg`, sticker_id: 369239263222822 } };
    case "video":
      return { type: "video", payload: { url: `${cdn}/unboxing-${n}.mp4` } };
    case "audio":
      return { type: "audio", payload: { url: `${cdn}/voice-message-${n}.mp4` } };
    case "file":
      return { type: "file", payload: { url: `${cdn}/receipt-${n}.pdf`, name: `receipt-${n}.pdf` } };
    case "location":
      return {
        type: "location",
        title: "Pinned Location",
        url: "https://maps.example/?q=52.52,13.405",
        payload: { coordinates: { lat: 52.52, long: 13.405 } },
      };
    case "fallback":
      return {
        type: "fallback",
        title: "Lumen & Loom – Walnut Desk Lamp",
        url: "https://lumen-and-loom.example/products/LL-1003",
        payload: null,
      };
  }
}

/**
 * One customer holding their phone: they see what the Page sent, tap chips and buttons, type, react and read.
 * Every action goes through the emulator, so the bot and Baton hear of it as from Meta.
 */
export class Customer {
  readonly psid: string;
  readonly #world: CustomerWorld;
  constructor(world: CustomerWorld, psid: string) {
    this.#world = world;
    this.psid = psid;
  }

  get name(): string {
    const p = this.#world.emulator.customer(this.psid)?.profile;
    return p ? `${p.firstName} ${p.lastName}`.trim() : this.psid;
  }

  /** Everything in the thread, both ways, oldest first. */
  transcript(): readonly TranscriptEntry[] {
    return this.#world.emulator.customer(this.psid)?.transcript ?? [];
  }

  lastPageMessage(): TranscriptEntry | undefined {
    return this.transcript().findLast((e) => e.from === "page");
  }

  /** The chips under the last Page message, if it offered any (Messenger shows only the latest ones). */
  offeredChips(): { title: string; payload: string }[] {
    const last = this.transcript().at(-1);
    if (!last || last.from !== "page") return [];
    return last.quickReplies.flatMap((q) =>
      q.title && q.payload ? [{ title: q.title, payload: q.payload }] : [],
    );
  }

  /** Buttons on the Page's recent templates (cards, carousels, button templates). */
  offeredButtons(): TemplateButton[] {
    const buttons: TemplateButton[] = [];
    for (const e of this.transcript()
      .filter((t) => t.from === "page")
      .slice(-4)) {
      for (const a of e.attachments) {
        if (a.type !== "template" || !a.payload) continue;
        const p = a.payload;
        if (Array.isArray(p.buttons)) buttons.push(...(p.buttons as TemplateButton[]));
        if (Array.isArray(p.elements))
          for (const el of p.elements as { buttons?: TemplateButton[] }[])
            buttons.push(...(el.buttons ?? []));
      }
    }
    return buttons;
  }

  /** Opts in from a checkout plugin or an ad: the bot may now message first. */
  optIn(ref = "checkout"): void {
    this.#world.emulator.customerOptsIn(this.psid, ref);
  }

  say(text: string, replyToMid?: string): TranscriptEntry {
    return this.#world.emulator.customerSends(this.psid, { text, ...(replyToMid ? { replyToMid } : {}) });
  }

  /** Taps an offered chip, found by payload or by (part of) its title. */
  tap(chip: string): TranscriptEntry {
    const wanted = chip.toLowerCase();
    const found = this.offeredChips().find(
      (c) => c.payload === chip || c.title.toLowerCase().includes(wanted),
    );
    if (!found)
      throw new Error(
        `${this.name} sees no chip "${chip}" (offered: ${
          this.offeredChips()
            .map((c) => c.title)
            .join(", ") || "none"
        })`,
      );
    return this.#world.emulator.customerSends(this.psid, {
      text: found.title,
      quickReplyPayload: found.payload,
    });
  }

  /** Taps a template button by title: a postback goes to Meta; a web_url opens the shop (nothing for Meta). */
  tapButton(title: string): TranscriptEntry | null {
    const button = this.offeredButtons().findLast((b) => b.title.toLowerCase() === title.toLowerCase());
    if (!button) throw new Error(`${this.name} sees no button "${title}"`);
    if (button.type !== "postback") return null;
    return this.#world.emulator.customerTapsPostback(this.psid, {
      title: button.title,
      payload: button.payload ?? "",
    });
  }

  /** Taps the persistent menu's or Get Started button. */
  postback(title: string, payload: string): TranscriptEntry {
    return this.#world.emulator.customerTapsPostback(this.psid, { title, payload });
  }

  /**
   * Asks for a person the way the Page allows: the bot's handoff chip when offered, else its handoff button (a postback
   * from a button template or a card), otherwise in words, in the bot's language.
   */
  askForHuman(): TranscriptEntry {
    const variant = this.#world.bot.variantOf(this.psid);
    const handoff = new Set([variant.handoffPayload, PAYLOAD.talkToHuman]);
    const chip = this.offeredChips().find((c) => handoff.has(c.payload));
    if (chip) return this.tap(chip.payload);
    const button = this.offeredButtons().findLast(
      (b) => b.type === "postback" && b.payload !== undefined && handoff.has(b.payload),
    );
    if (button?.payload)
      return this.#world.emulator.customerTapsPostback(this.psid, {
        title: button.title,
        payload: button.payload,
      });
    return this.say(BOT_TEXTS[variant.language].askForHuman);
  }

  /** Comes to the thread from an ad, an m.me link, a QR code or the chat plugin (Get Started, for a new thread). */
  arriveFrom(referral: ReferralInput): void {
    this.#world.emulator.customerArrivesFrom(this.psid, referral);
  }

  /** Ticks the checkbox plugin on the shop's checkout (Meta names them by a user_ref; the bot confirms to it). */
  tickCheckbox(ref = "checkout"): string {
    return this.#world.emulator.customerTicksCheckbox(this.psid, ref);
  }

  /** Subscribes to the Page's recurring notifications on a topic. */
  subscribe(topic: string, frequency: "DAILY" | "WEEKLY" | "MONTHLY" = "WEEKLY"): void {
    this.#world.emulator.customerSubscribes(this.psid, topic, frequency);
  }

  /** Answers the Page's customer feedback form. */
  giveFeedback(feedback: FeedbackInput): void {
    this.#world.emulator.customerGivesFeedback(this.psid, feedback);
  }

  /** Edits a message they sent (the last one by default). */
  edit(text: string, mid?: string): TranscriptEntry {
    return this.#world.emulator.customerEdits(this.psid, text, mid);
  }

  replyToStory(text: string): TranscriptEntry {
    return this.#world.emulator.customerRepliesToStory(this.psid, text);
  }

  mentionInStory(): TranscriptEntry {
    return this.#world.emulator.customerMentionsInStory(this.psid);
  }

  attach(kind: AttachmentKind, text?: string): TranscriptEntry {
    const n = this.transcript().length;
    return this.#world.emulator.customerSends(this.psid, {
      attachments: [customerAttachment(kind, this.#world.emulator.publicUrl, n)],
      ...(text ? { text } : {}),
    });
  }

  /** Reacts to a message (the last Page message by default). */
  react(emoji: string, mid?: string, action: "react" | "unreact" = "react"): void {
    const target = mid ?? this.lastPageMessage()?.mid;
    if (!target) throw new Error(`${this.name} has nothing to react to`);
    this.#world.emulator.customerReacts(this.psid, target, emoji, action);
  }

  read(): void {
    this.#world.emulator.customerReads(this.psid);
  }
}
