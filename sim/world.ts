import type { Hono } from "hono";
import type { Clock } from "../server/clock.ts";
import { ShopBot, type BotMode } from "./bot/shop-bot.ts";
import type { BotOptions } from "./bot/variants.ts";
import {
  ALL_WEBHOOK_FIELDS,
  GraphEmulator,
  PAGE_INBOX_APP_ID,
  type CustomerProfile,
} from "./graph/emulator.ts";
import { graphRoutes } from "./graph/graph-routes.ts";
import type { RoutingRules } from "./graph/thread-control.ts";
import { WebhookDelivery, type Deliver } from "./graph/webhook-delivery.ts";
import { Scheduler } from "./scheduler.ts";
import { isSteerable } from "./sim-clock.ts";
import { Customer } from "./customers/customer.ts";

const BOT_PAGE_TOKEN = "sim-shop-bot-page-token";

export interface SimWorldOptions {
  clock: Clock;
  pageId: string;
  pageName: string;
  /** The app secret webhooks are signed with (Baton's META_APP_SECRET). */
  appSecret: string;
  botAppId: string;
  batonAppId: string;
  /** The Page token Baton calls the Graph API with (its META_PAGE_TOKEN). */
  batonToken: string;
  botToken?: string;
  /** Where Baton's webhook events go. */
  deliver: Deliver;
  /** The emulator's public base URL (profile pictures, product images). */
  publicUrl?: string;
  botMode?: BotMode;
  rules?: RoutingRules;
  /** The longest simulated time an event waits to be batched with others while time is jumping (seeding). */
  batchLagMs?: number;
  deliveryDelayMs?: number;
  botTypingDelayMs?: number;
}

/**
 * The simulated Messenger world: the Graph API emulator, the shop bot as primary receiver, Baton as a secondary
 * receiver reached by webhook, Meta's Page Inbox, and a scheduler that moves time for all of them.
 */
export class SimWorld {
  readonly scheduler: Scheduler;
  readonly emulator: GraphEmulator;
  readonly bot: ShopBot;
  readonly webhook: WebhookDelivery;
  readonly graph: Hono;
  readonly batchLagMs: number;
  #live: ReturnType<typeof setInterval> | null = null;
  #ticking: Promise<void> | null = null;

  constructor(o: SimWorldOptions) {
    this.scheduler = new Scheduler(o.clock);
    this.emulator = new GraphEmulator({
      scheduler: this.scheduler,
      pageId: o.pageId,
      pageName: o.pageName,
      ...(o.rules ? { rules: o.rules } : {}),
      ...(o.publicUrl ? { publicUrl: o.publicUrl } : {}),
      ...(o.deliveryDelayMs === undefined ? {} : { deliveryDelayMs: o.deliveryDelayMs }),
    });
    this.webhook = new WebhookDelivery({
      scheduler: this.scheduler,
      pageId: o.pageId,
      appSecret: o.appSecret,
      deliver: o.deliver,
    });
    this.bot = new ShopBot({
      emulator: this.emulator,
      scheduler: this.scheduler,
      appId: o.botAppId,
      humanInboxAppId: o.batonAppId,
      defaultMode: o.botMode ?? "well_behaved",
      ...(o.botTypingDelayMs === undefined ? {} : { typingDelayMs: o.botTypingDelayMs }),
    });
    this.emulator.connectApp(
      {
        appId: o.botAppId,
        name: "Shop Bot",
        token: o.botToken ?? BOT_PAGE_TOKEN,
        fullControl: true,
        receive: this.bot.receive,
        fields: ["messages", "messaging_optins", "messaging_referrals"],
      },
      "primary",
    );
    // Baton subscribes to every messaging field, as Meta asks of every app on the Page, and is the app tested from the App Dashboard.
    this.emulator.connectApp(
      {
        appId: o.batonAppId,
        name: "Baton",
        token: o.batonToken,
        fullControl: true,
        receive: this.webhook.enqueue,
        receiveChange: this.webhook.enqueueChange,
        fields: ALL_WEBHOOK_FIELDS,
      },
      "secondary",
    );
    this.emulator.connectApp(
      { appId: PAGE_INBOX_APP_ID, name: "Page Inbox", token: null, fullControl: true },
      "secondary",
    );
    this.graph = graphRoutes(this.emulator);
    this.batchLagMs = o.batchLagMs ?? 0;
  }

  now(): number {
    return this.scheduler.now();
  }

  createCustomer(
    profile: CustomerProfile,
    options: { botMode?: BotMode; bot?: BotOptions; readsAfterMs?: number | null } = {},
  ): Customer {
    const record = this.emulator.createCustomer(profile, { readsAfterMs: options.readsAfterMs ?? null });
    if (options.botMode) this.bot.setMode(record.psid, options.botMode);
    if (options.bot) this.bot.setVariant(record.psid, options.bot);
    return new Customer(this, record.psid);
  }

  customer(psid: string): Customer | null {
    return this.emulator.customer(psid) ? new Customer(this, psid) : null;
  }

  /**
   * Moves a steerable clock forward to `target`, running every task on the way at its own time. Webhook events
   * are batched while time jumps, but never held longer than `batchLagMs` of simulated time.
   */
  async advanceTo(target: number, options: { flush?: boolean } = {}): Promise<void> {
    if (!isSteerable(this.scheduler.clock)) throw new Error("advancing time needs a steerable clock");
    for (;;) {
      const due = this.scheduler.nextDue();
      if (due === null || due > target) break;
      const oldest = this.webhook.oldestQueuedAt();
      if (oldest !== null && due - oldest > this.batchLagMs) await this.webhook.flush();
      await this.scheduler.runNext(target);
    }
    if (target > this.now()) this.scheduler.clock.set(target);
    if (options.flush ?? true) await this.webhook.flush();
  }

  advance(ms: number, options: { flush?: boolean } = {}): Promise<void> {
    return this.advanceTo(this.now() + ms, options);
  }

  /** Runs what is due now and delivers everything queued, waiting for Baton's answers. */
  async settle(): Promise<void> {
    while (await this.scheduler.runNext(this.now()));
    await this.webhook.settle();
  }

  /**
   * Waits (in real time, at most `maxWaitMs`) until nothing is due within `horizonMs`: the bot's typing delay,
   * delivery receipts and quick reads have happened and their webhooks are answered. For a live world.
   * With `fastForward`, a live steerable clock jumps to each of those steps instead of waiting for it in real time
   * (the shared clock then stays that much ahead of the wall clock): what happens is the same, only sooner.
   */
  async settleSoon(
    horizonMs = 3_000,
    maxWaitMs = 10_000,
    options: { fastForward?: boolean } = {},
  ): Promise<void> {
    const deadline = Date.now() + maxWaitMs;
    for (;;) {
      await this.settle();
      const next = this.scheduler.nextDue();
      if (next === null || next > this.now() + horizonMs || Date.now() > deadline) return;
      const live = "isLive" in this.scheduler.clock && this.scheduler.clock.isLive === true;
      if (isSteerable(this.scheduler.clock) && (options.fastForward || !live)) {
        await this.advanceTo(next);
        continue;
      }
      await new Promise((r) => setTimeout(r, Math.min(100, Math.max(5, next - this.now()))));
    }
  }

  /** Real time: polls the scheduler and posts webhooks as soon as events are queued. */
  startLive(tickMs = 100): void {
    if (this.#live) return;
    this.webhook.autoFlushMs = 15;
    this.#live = setInterval(() => {
      if (this.#ticking) return;
      this.#ticking = this.#tick().finally(() => {
        this.#ticking = null;
      });
    }, tickMs);
  }

  async #tick(): Promise<void> {
    try {
      while (await this.scheduler.runNext(this.now()));
      await this.webhook.flush();
    } catch (error) {
      console.error("simulator tick failed:", error);
    }
  }

  async stopLive(): Promise<void> {
    if (this.#live) clearInterval(this.#live);
    this.#live = null;
    this.webhook.autoFlushMs = null;
    await this.#ticking;
    await this.webhook.settle();
  }
}
