import { Hono, type Context } from "hono";
import { z } from "zod";
import { botFlow, botMode } from "../bot/shop-bot.ts";
import { botLanguage, botOptions, handoffStyle, variantOptions } from "../bot/variants.ts";
import { randomProfile } from "../customers/names.ts";
import type { Customer } from "../customers/customer.ts";
import { ALL_WEBHOOK_FIELDS, PAGE_INBOX_APP_ID, type TranscriptEntry } from "../graph/emulator.ts";
import { forcibleErrorNames, forcibleErrors } from "../graph/meta-errors.ts";
import { Random } from "../random.ts";
import { isSteerable } from "../sim-clock.ts";
import type { SimWorld } from "../world.ts";

/** The simulator's control API, for the simulator page and for end-to-end tests. Documented in sim/README.md. */

/** Where a customer comes from: an ad (with its title), an m.me link or a QR code (with a ref), the chat plugin. */
const referralBody = z.object({
  source: z.enum(["ads", "shortlink", "qr_code", "chat_plugin"]),
  ref: z.string().trim().min(1).max(250).optional(),
  adId: z
    .string()
    .regex(/^\d{1,20}$/, "an ad id is digits")
    .optional(),
  adTitle: z.string().trim().min(1).max(200).optional(),
});

const createCustomerBody = z.object({
  name: z.string().trim().min(1).max(120).optional(),
  /** Which bot flow the customer starts with; "none" leaves the thread empty. */
  flow: z.union([botFlow, z.literal("none")]).default("welcome"),
  botMode: botMode.optional(),
  /** Milliseconds until the customer's phone reads Page messages; null never reads. */
  readsAfterMs: z.number().int().min(0).max(86_400_000).nullable().default(2000),
  /** How the bot talks to this customer: a named variant (wording, language), or its parts (see bot/variants.ts). */
  ...botOptions.shape,
  /** The customer arrives from an ad, an m.me link, a QR code or the chat plugin (the referral rides on Get Started). */
  referral: referralBody.optional(),
});
const sayBody = z.object({ text: z.string().min(1).max(2000), replyToMid: z.string().optional() });
const tapBody = z.object({ payload: z.string().min(1) });
/** A chip by payload or by (part of) its title. */
const tapChipBody = z.object({ chip: z.string().min(1) });
const buttonBody = z.object({ title: z.string().min(1), payload: z.string().optional() });
const reactBody = z.object({
  emoji: z.string().min(1).default("❤️"),
  mid: z.string().optional(),
  action: z.enum(["react", "unreact"]).default("react"),
});
const attachBody = z.object({
  kind: z.enum(["image", "sticker", "video", "audio", "file", "location", "fallback"]),
  text: z.string().optional(),
});
const flowBody = z.object({ flow: botFlow });
const botModeBody = z.object({ mode: botMode });
const pageInboxBody = z.object({
  text: z.string().min(1).max(2000),
  automated: z.boolean().default(false),
});
const advanceClockBody = z
  .object({ ms: z.number().int().min(0).optional(), hours: z.number().min(0).optional() })
  .refine((b) => b.ms !== undefined || b.hours !== undefined, "give ms or hours");
const graphErrorBody = z.object({
  error: z.enum(forcibleErrorNames),
  app: z.enum(["baton", "bot", "any"]).default("baton"),
});
const optinBody = z.discriminatedUnion("kind", [
  /** The checkbox plugin on the shop's checkout: Meta names the customer by a user_ref; the bot confirms to it. */
  z.object({ kind: z.literal("checkbox"), ref: z.string().trim().min(1).max(250).default("checkout") }),
  /** Recurring notifications (marketing messages) on a topic, at a frequency. */
  z.object({
    kind: z.literal("recurring"),
    topic: z.string().trim().min(1).max(65).default("Restock alerts"),
    frequency: z.enum(["DAILY", "WEEKLY", "MONTHLY"]).default("WEEKLY"),
  }),
]);
const feedbackBody = z
  .object({
    csat: z.number().int().min(1).max(5).optional(),
    nps: z.number().int().min(0).max(10).optional(),
    ces: z.number().int().min(1).max(7).optional(),
    text: z.string().trim().min(1).max(400).optional(),
  })
  .refine(
    (b) => b.csat !== undefined || b.nps !== undefined || b.ces !== undefined,
    "give at least one score: csat, nps or ces",
  );
const editBody = z.object({ text: z.string().min(1).max(2000), mid: z.string().min(1).optional() });
const storyReplyBody = z.object({ text: z.string().min(1).max(2000) });
const policyEnforcementBody = z.object({
  action: z.enum(["warning", "block", "unblock"]).default("warning"),
  reason: z.string().trim().min(1).max(1000).optional(),
  /** Which app Meta acts on; Baton by default (its alert banner), the bot's alerts go to the bot. */
  app: z.enum(["baton", "bot"]).default("baton"),
});
const webhookTestBody = z.object({
  field: z
    .enum(["messages", "messaging_postbacks", ...ALL_WEBHOOK_FIELDS.filter((f) => f !== "messages")])
    .default("messages"),
});
const webhookFaultsBody = z.object({
  redeliver: z.number().int().min(0).max(100).optional(),
  reorder: z.number().int().min(0).max(100).optional(),
  delayMs: z.number().int().min(0).optional(),
});

export interface ControlApiOptions {
  world: SimWorld;
  botAppId: string;
  batonAppId: string;
  pageId: string;
  /** Runs all due work and delivers the webhooks before answering, so callers see a settled world. */
  settle?: () => Promise<void>;
}

function viewOf(c: Customer, world: SimWorld, o: ControlApiOptions) {
  const author = (e: TranscriptEntry) =>
    e.from === "customer"
      ? "customer"
      : e.appId === o.botAppId
        ? "bot"
        : e.appId === o.batonAppId
          ? "baton"
          : e.appId === PAGE_INBOX_APP_ID
            ? "page_inbox"
            : "page";
  return {
    psid: c.psid,
    name: c.name,
    conversationId: `${o.pageId}-${c.psid}`,
    batonUrl: `/?view=all&c=${encodeURIComponent(`${o.pageId}-${c.psid}`)}`,
    owner: world.emulator.ownerOf(c.psid),
    botMode: world.bot.modeOf(c.psid),
    bot: world.bot.variantOf(c.psid),
    /** What the customer did besides messages: referrals, opt-ins, feedback. */
    signals: (world.emulator.customer(c.psid)?.signals ?? []).map((x) => ({
      at: new Date(x.at).toISOString(),
      kind: x.kind,
      text: x.text,
    })),
    messages: c.transcript().map((e) => ({
      mid: e.mid,
      at: new Date(e.at).toISOString(),
      author: author(e),
      text: e.text,
      attachments: e.attachments,
      quickReplies: e.quickReplies,
      postback: e.postback,
      reactions: e.reactions,
      delivered: e.deliveredAt !== null,
      read: e.readAt !== null,
      automated: e.automated,
      edited: e.edit?.count ?? 0,
      storyReply: e.storyReply ?? null,
    })),
    chips: c.offeredChips(),
    buttons: c.offeredButtons(),
  };
}

export function controlApi(o: ControlApiOptions): Hono {
  const { world } = o;
  const app = new Hono();
  const rng = new Random(Date.now() % 2 ** 31);
  const settle = o.settle ?? (() => world.settleSoon());

  app.onError((error, c) =>
    c.json(
      { error: { code: "simulator_error", message: error instanceof Error ? error.message : String(error) } },
      400,
    ),
  );

  async function body<T extends z.ZodType>(c: Context, schema: T): Promise<z.infer<T>> {
    const raw: unknown = await c.req.json().catch(() => ({}));
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
      throw new Error(
        parsed.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`).join("; "),
      );
    return parsed.data;
  }
  const customerOf = (c: Context): Customer => {
    const customer = world.customer(c.req.param("psid") ?? "");
    if (!customer) throw new Error("There is no such simulated customer.");
    return customer;
  };
  const act = (path: string, run: (customer: Customer, c: Context) => Promise<void> | void) =>
    app.post(`/customers/:psid/${path}`, async (c) => {
      const customer = customerOf(c);
      await run(customer, c);
      await settle();
      return c.json(viewOf(customer, world, o));
    });

  app.get("/state", (c) =>
    c.json({
      now: new Date(world.now()).toISOString(),
      defaultBotMode: world.bot.defaultMode,
      botModes: botMode.options,
      flows: botFlow.options,
      botVariants: variantOptions(),
      languages: botLanguage.options,
      handoffStyles: handoffStyle.options,
      referralSources: referralBody.shape.source.options,
      webhookTestFields: webhookTestBody.shape.field.unwrap().options,
      graphErrors: forcibleErrorNames,
      customers: world.emulator
        .customers()
        .slice(-50)
        .reverse()
        .map((c) => ({ psid: c.psid, name: `${c.profile.firstName} ${c.profile.lastName}` })),
    }),
  );

  app.post("/customers", async (c) => {
    const b = await body(c, createCustomerBody);
    const profile = b.name
      ? { firstName: b.name.split(/\s+/)[0] ?? b.name, lastName: b.name.split(/\s+/).slice(1).join(" ") }
      : randomProfile(rng);
    const bot = botOptions.parse({
      variant: b.variant,
      language: b.language,
      handoffTitle: b.handoffTitle,
      handoffPayload: b.handoffPayload,
      handoffStyle: b.handoffStyle,
    });
    const customer = world.createCustomer(profile, {
      ...(b.botMode ? { botMode: b.botMode } : {}),
      bot,
      readsAfterMs: b.readsAfterMs,
    });
    // A referral opens a new thread through Get Started, which starts the welcome flow.
    if (b.referral) customer.arriveFrom(b.referral);
    if (b.flow === "welcome" && !b.referral) customer.postback("Get Started", "GET_STARTED");
    else if (b.flow !== "none" && b.flow !== "welcome") {
      customer.optIn(b.flow);
      world.bot.startFlow(customer.psid, b.flow);
    }
    await settle();
    return c.json(viewOf(customer, world, o), 201);
  });

  app.get("/customers/:psid", (c) => c.json(viewOf(customerOf(c), world, o)));
  act("messages", async (customer, c) => {
    const b = await body(c, sayBody);
    customer.say(b.text, b.replyToMid);
  });
  act("quick-replies", async (customer, c) => {
    customer.tap((await body(c, tapBody)).payload);
  });
  // Short names, as e2e/support/simulator.ts calls them.
  act("say", async (customer, c) => {
    const b = await body(c, sayBody);
    customer.say(b.text, b.replyToMid);
  });
  act("tap", async (customer, c) => {
    customer.tap((await body(c, tapChipBody)).chip);
  });
  act("ask-for-human", (customer) => {
    customer.askForHuman();
  });
  act("postbacks", async (customer, c) => {
    const b = await body(c, buttonBody);
    if (b.payload) customer.postback(b.title, b.payload);
    else customer.tapButton(b.title);
  });
  act("human", (customer) => {
    customer.askForHuman();
  });
  act("attachments", async (customer, c) => {
    const b = await body(c, attachBody);
    customer.attach(b.kind, b.text);
  });
  act("reactions", async (customer, c) => {
    const b = await body(c, reactBody);
    customer.react(b.emoji, b.mid, b.action);
  });
  act("read", (customer) => customer.read());
  act("flows", async (customer, c) => {
    const b = await body(c, flowBody);
    customer.optIn(b.flow);
    world.bot.startFlow(customer.psid, b.flow);
  });
  act("bot-mode", async (customer, c) => {
    world.bot.setMode(customer.psid, (await body(c, botModeBody)).mode);
  });
  act("bot-variant", async (customer, c) => {
    world.bot.setVariant(customer.psid, await body(c, botOptions));
  });
  // --- Messenger signals ---
  act("referrals", async (customer, c) => {
    customer.arriveFrom(await body(c, referralBody));
  });
  act("optins", async (customer, c) => {
    const b = await body(c, optinBody);
    if (b.kind === "checkbox") customer.tickCheckbox(b.ref);
    else customer.subscribe(b.topic, b.frequency);
  });
  act("feedback", async (customer, c) => {
    customer.giveFeedback(await body(c, feedbackBody));
  });
  act("edits", async (customer, c) => {
    const b = await body(c, editBody);
    customer.edit(b.text, b.mid);
  });
  act("story-replies", async (customer, c) => {
    customer.replyToStory((await body(c, storyReplyBody)).text);
  });
  act("story-mentions", (customer) => {
    customer.mentionInStory();
  });
  act("page-inbox", async (customer, c) => {
    const b = await body(c, pageInboxBody);
    world.emulator.pageInboxReply(customer.psid, b.text, { automated: b.automated });
  });
  act("block", (customer) => {
    const record = world.emulator.customer(customer.psid);
    if (record) record.unavailable = true;
  });

  app.post("/settle", async (c) => {
    await settle();
    return c.json({ now: new Date(world.now()).toISOString(), pending: world.scheduler.pending });
  });

  app.post("/clock/advance", async (c) => {
    const b = await body(c, advanceClockBody);
    const ms = b.ms ?? Math.round((b.hours ?? 0) * 3_600_000);
    if (!isSteerable(world.scheduler.clock)) throw new Error("This clock cannot be moved.");
    await world.advance(ms);
    await settle();
    return c.json({ now: new Date(world.now()).toISOString() });
  });

  app.post("/graph-errors", async (c) => {
    const b = await body(c, graphErrorBody);
    const appId = b.app === "baton" ? o.batonAppId : b.app === "bot" ? o.botAppId : null;
    world.emulator.forceNextSendError(forcibleErrors[b.error](), appId);
    return c.json({ armed: b.error, app: b.app });
  });

  /** Meta warns, blocks or unblocks the Page's app (Baton's by default): Baton shows a policy alert. */
  app.post("/policy-enforcement", async (c) => {
    const b = await body(c, policyEnforcementBody);
    world.emulator.enforcePolicy(b.app === "baton" ? o.batonAppId : o.botAppId, b.action, b.reason);
    await settle();
    return c.json({ sent: b.action, app: b.app });
  });

  /** The App Dashboard's "Test" button: a sample for one webhook field, in the `changes` format, to Baton. */
  app.post("/webhook-test", async (c) => {
    const b = await body(c, webhookTestBody);
    world.emulator.sendTestSample(o.batonAppId, b.field);
    await settle();
    return c.json({ sent: b.field });
  });

  app.post("/webhook-faults", async (c) => {
    const b = await body(c, webhookFaultsBody);
    if (b.redeliver) world.webhook.redeliverNext(b.redeliver);
    if (b.reorder) world.webhook.reorderNext(b.reorder);
    if (b.delayMs !== undefined) world.webhook.delayBy(b.delayMs);
    return c.json({ ok: true });
  });

  app.get("/webhook-log", (c) =>
    c.json({ attempts: world.webhook.attempts.slice(-100), dropped: world.webhook.dropped.length }),
  );

  return app;
}
