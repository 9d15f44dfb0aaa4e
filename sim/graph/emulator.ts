import { randomBytes } from "node:crypto";
import type { Scheduler } from "../scheduler.ts";
import { GraphError, metaErrors, type GraphErrorSpec } from "./meta-errors.ts";
import { describeInvalid, sendRequest, type SendRequest } from "./graph-requests.ts";
import {
  STANDARD_WINDOW_MS,
  defaultRoutingRules,
  effectiveOwner,
  isGraphErrorSpec,
  isIdle,
  passControl,
  refuseSend,
  releaseControl,
  requestControl,
  takeControl,
  type ControlChange,
  type PageApps,
  type RoutingRules,
  type ThreadState,
} from "./thread-control.ts";
import type {
  Channel,
  EventAttachment,
  FeedbackBody,
  MessagingEvent,
  OptinBody,
  QuickReply,
  ReferralBody,
  WebhookChange,
} from "./webhook-events.ts";

export const PAGE_INBOX_APP_ID = "263902037430900";

/** Webhook fields an app can subscribe to (messages stands for messages, echoes, postbacks, receipts and reactions). */
export type WebhookField =
  | "messages"
  | "messaging_optins"
  | "messaging_referrals"
  | "messaging_feedback"
  | "message_edits"
  | "messaging_policy_enforcement";
export const ALL_WEBHOOK_FIELDS: readonly WebhookField[] = [
  "messages",
  "messaging_optins",
  "messaging_referrals",
  "messaging_feedback",
  "message_edits",
  "messaging_policy_enforcement",
];

export interface ConnectedApp {
  appId: string;
  name: string;
  /** The Page access token this app calls the Graph API with; null for apps that never call (Page Inbox). */
  token: string | null;
  /** May take control without being asked (Conversation Routing's "full control"). */
  fullControl: boolean;
  /** Where this app's webhook events go; absent when nobody listens (Page Inbox). */
  receive?: (channel: Channel, event: MessagingEvent) => void;
  /** Where the App Dashboard's "Test" samples go (the `changes` format); absent for apps nobody tests. */
  receiveChange?: (change: WebhookChange) => void;
  fields?: readonly WebhookField[];
}

export interface CustomerProfile {
  firstName: string;
  lastName: string;
  locale?: string;
  timezone?: number;
}

export interface TranscriptEntry {
  mid: string;
  at: number;
  from: "customer" | "page";
  /** The app that sent a Page message; null for the customer. */
  appId: string | null;
  text: string | null;
  attachments: EventAttachment[];
  quickReplies: QuickReply[];
  quickReplyPayload: string | null;
  postback: { title: string; payload: string | null } | null;
  metadata: string | null;
  tag: string | null;
  /** Messenger's own automated response (instant reply, away message). */
  automated: boolean;
  reactions: { emoji: string; reaction: string }[];
  deliveredAt: number | null;
  readAt: number | null;
  /** The customer edited this message: how often, and what it said first (absent in older saved states). */
  edit?: { count: number; originalText: string | null } | null;
  /** A reply to the Page's story rather than to a message. */
  storyReply?: { url: string; id: string } | null;
}

/** Something the customer did that is not a message, shown on the simulator page (referrals, opt-ins, feedback). */
export interface SimSignal {
  at: number;
  kind: "referral" | "optin" | "feedback" | "edit";
  text: string;
}

/** A transcript entry with nothing set but what the caller gives: a new mid, no receipts yet. */
function transcriptEntry(
  fields: Pick<TranscriptEntry, "at" | "from" | "appId" | "text"> & Partial<TranscriptEntry>,
): TranscriptEntry {
  return {
    mid: newMid(),
    attachments: [],
    quickReplies: [],
    quickReplyPayload: null,
    postback: null,
    metadata: null,
    tag: null,
    automated: false,
    reactions: [],
    deliveredAt: null,
    readAt: null,
    ...fields,
  };
}

export interface SimCustomer {
  psid: string;
  profile: CustomerProfile;
  /** Blocked the Page or deleted the account: sends get error 551. */
  unavailable: boolean;
  thread: ThreadState;
  transcript: TranscriptEntry[];
  /** When set, the customer's phone reads new Page messages this long after they arrive. */
  readsAfterMs: number | null;
  /** A checkbox plugin opt-in: the Page may send one message to this user_ref within a day. */
  checkbox?: { userRef: string; ref: string; at: number; used: boolean } | null;
  /** Set when the Page wrote through the user_ref: the customer's next message says so (prior_message). */
  priorMessage?: { source: "checkbox_plugin"; identifier: string } | null;
  signals?: SimSignal[];
}

export interface EmulatorOptions {
  scheduler: Scheduler;
  pageId: string;
  pageName: string;
  rules?: RoutingRules;
  /** How long after a Page message the customer's device reports delivery. */
  deliveryDelayMs?: number;
  /** The emulator's public base URL (its /graph mount): profile pictures and attachment files are served under it. */
  publicUrl?: string;
}

export interface SendResult {
  recipient_id: string;
  message_id?: string;
}

export type TranscriptListener = (psid: string, entry: TranscriptEntry) => void;

export interface CustomerMessageContent {
  text?: string;
  attachments?: EventAttachment[];
  quickReplyPayload?: string;
  replyToMid?: string;
  /** A reply to the Page's story (Meta's reply_to.story). */
  replyToStory?: { url: string; id: string };
}

/** What the control API asks for when a customer arrives from somewhere (Meta's referral, in plain words). */
export interface ReferralInput {
  source: "ads" | "shortlink" | "qr_code" | "chat_plugin";
  ref?: string;
  adId?: string;
  adTitle?: string;
}

/** A customer feedback form's answers: satisfaction 1–5, likelihood to recommend 0–10, effort 1–7, a comment. */
export interface FeedbackInput {
  csat?: number;
  nps?: number;
  ces?: number;
  text?: string;
}

interface ForcedError {
  spec: GraphErrorSpec;
  appId: string | null;
}

export interface EmulatorSnapshot {
  version: 1;
  nextPsid: number;
  customers: SimCustomer[];
}

const newMid = (): string => `m_${randomBytes(30).toString("base64url")}`;

/**
 * Meta, locally: a Page with connected apps, its customers and their threads. Every call follows
 * thread-control.ts; every change is fanned out to the apps as Meta would (owner on `messaging`, others on `standby`).
 */
export class GraphEmulator {
  readonly pageId: string;
  readonly pageName: string;
  readonly scheduler: Scheduler;
  readonly rules: RoutingRules;
  deliveryDelayMs: number;
  publicUrl: string;
  #apps = new Map<string, ConnectedApp>();
  #primaryAppId: string | null = null;
  #customers = new Map<string, SimCustomer>();
  #nextPsid = 1;
  #forced: ForcedError[] = [];
  #listeners = new Set<TranscriptListener>();

  constructor(options: EmulatorOptions) {
    this.scheduler = options.scheduler;
    this.pageId = options.pageId;
    this.pageName = options.pageName;
    this.rules = options.rules ?? defaultRoutingRules;
    this.deliveryDelayMs = options.deliveryDelayMs ?? 1200;
    this.publicUrl = options.publicUrl ?? "http://127.0.0.1/graph";
  }

  now(): number {
    return this.scheduler.now();
  }

  // ---- apps -------------------------------------------------------------------------------------------------

  connectApp(app: ConnectedApp, role: "primary" | "secondary"): void {
    this.#apps.set(app.appId, app);
    if (role === "primary") this.#primaryAppId = app.appId;
  }

  appName(appId: string): string {
    return this.#apps.get(appId)?.name ?? appId;
  }

  get primaryAppId(): string {
    if (this.#primaryAppId === null) throw new Error("no primary receiver connected");
    return this.#primaryAppId;
  }

  pageApps(): PageApps {
    const apps = [...this.#apps.values()];
    return {
      primaryAppId: this.primaryAppId,
      connectedAppIds: apps.map((a) => a.appId),
      fullControlAppIds: apps.filter((a) => a.fullControl).map((a) => a.appId),
    };
  }

  /** The app calling with this token, or Meta's error 190. */
  appForToken(token: string | null | undefined): string {
    if (token) {
      for (const app of this.#apps.values()) if (app.token === token) return app.appId;
    }
    throw new GraphError(metaErrors.invalidToken());
  }

  // ---- customers ----------------------------------------------------------------------------------------------

  createCustomer(
    profile: CustomerProfile,
    options: { readsAfterMs?: number | null; psid?: string } = {},
  ): SimCustomer {
    const psid = options.psid ?? this.#newPsid();
    const customer: SimCustomer = {
      psid,
      profile,
      unavailable: false,
      thread: { ownerAppId: null, lastCustomerActivityAt: null, controlSince: null },
      transcript: [],
      readsAfterMs: options.readsAfterMs ?? null,
    };
    this.#customers.set(psid, customer);
    return customer;
  }

  #newPsid(): string {
    // Page-scoped ids are long decimal strings.
    const n = this.#nextPsid++;
    return `${24_000_000_000_000_000n + BigInt(n) * 7919n}`;
  }

  customer(psid: string): SimCustomer | undefined {
    return this.#customers.get(psid);
  }

  customers(): SimCustomer[] {
    return [...this.#customers.values()];
  }

  #requireCustomer(psid: string): SimCustomer {
    const customer = this.#customers.get(psid);
    if (!customer) throw new GraphError(metaErrors.noMatchingUser());
    return customer;
  }

  onTranscript(listener: TranscriptListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Who owns the thread right now (an idle thread belongs to the primary receiver). */
  ownerOf(psid: string): string {
    return effectiveOwner(this.#requireCustomer(psid).thread, this.now(), this.pageApps(), this.rules);
  }

  profileOf(psid: string, fields: readonly string[]): Record<string, string | number> {
    const c = this.#requireCustomer(psid);
    const all: Record<string, string | number> = {
      id: c.psid,
      first_name: c.profile.firstName,
      last_name: c.profile.lastName,
      name: `${c.profile.firstName} ${c.profile.lastName}`.trim(),
      profile_pic: `${this.publicUrl}/avatars/${c.psid}.svg`,
      locale: c.profile.locale ?? "en_US",
      timezone: c.profile.timezone ?? 0,
    };
    const wanted = fields.length ? fields : ["first_name", "last_name", "profile_pic"];
    const out: Record<string, string | number> = { id: c.psid };
    for (const f of wanted) {
      const value = all[f];
      if (value !== undefined) out[f] = value;
    }
    return out;
  }

  // ---- faults -------------------------------------------------------------------------------------------------

  /** The next Send API call (by `appId`, or by anyone) fails with this error instead of going out. */
  forceNextSendError(spec: GraphErrorSpec, appId: string | null = null): void {
    this.#forced.push({ spec, appId });
  }

  #takeForcedError(appId: string): GraphErrorSpec | null {
    const i = this.#forced.findIndex((f) => f.appId === null || f.appId === appId);
    if (i < 0) return null;
    const [forced] = this.#forced.splice(i, 1);
    return forced?.spec ?? null;
  }

  // ---- Send API -----------------------------------------------------------------------------------------------

  /** POST /me/messages on behalf of `appId`. Throws GraphError with Meta's codes when refused. */
  send(appId: string, request: SendRequest): SendResult {
    const forced = this.#takeForcedError(appId);
    if (forced) throw new GraphError(forced);
    // Apps calling in-process (the shop bot) get Meta's checks too: a button title over 20 characters is refused.
    const valid = sendRequest.safeParse(request);
    if (!valid.success) throw new GraphError(metaErrors.invalidParameter(describeInvalid(valid.error)));
    const recipient = request.recipient;
    const userRef = typeof recipient.user_ref === "string" ? recipient.user_ref : null;
    const viaUserRef = userRef !== null;
    const customer =
      userRef !== null
        ? this.#customerForUserRef(userRef)
        : this.#requireCustomer(typeof recipient.id === "string" ? recipient.id : "");
    if (customer.unavailable) throw new GraphError(metaErrors.customerUnavailable());
    const now = this.now();
    // A checkbox opt-in lets the Page send one message to the user_ref within a day, as if the customer had written then.
    const checkbox = viaUserRef ? customer.checkbox : null;
    if (viaUserRef && (!checkbox || checkbox.used || now - checkbox.at > STANDARD_WINDOW_MS))
      throw new GraphError(metaErrors.outsideWindow());
    const refusal = refuseSend(
      checkbox
        ? {
            ...customer.thread,
            lastCustomerActivityAt: Math.max(customer.thread.lastCustomerActivityAt ?? 0, checkbox.at),
          }
        : customer.thread,
      {
        appId,
        messagingType: request.messaging_type,
        tag: request.tag ?? null,
        senderAction: request.sender_action !== undefined,
      },
      now,
      this.pageApps(),
      this.rules,
    );
    if (refusal) throw new GraphError(refusal);
    if (request.sender_action !== undefined || !request.message) return { recipient_id: customer.psid };

    const message = request.message;
    const entry = transcriptEntry({
      at: now,
      from: "page",
      appId,
      text: message.text ?? null,
      attachments: message.attachment ? [outgoingToEventAttachment(message.attachment)] : [],
      quickReplies: (message.quick_replies ?? []).map((q) => ({
        content_type: q.content_type,
        ...(q.title === undefined ? {} : { title: q.title }),
        ...(q.payload === undefined ? {} : { payload: q.payload }),
        ...(q.image_url === undefined ? {} : { image_url: q.image_url }),
      })),
      metadata: message.metadata ?? null,
      tag: request.tag ?? null,
    });
    this.#recordPageMessage(customer, entry);
    if (checkbox) {
      checkbox.used = true;
      customer.priorMessage = { source: "checkbox_plugin", identifier: checkbox.userRef };
    }

    // Conversation Routing lets a send carry a control change.
    const control = request.thread_control;
    if (control?.control_type === "pass" && control.app_id)
      this.passThreadControl(appId, customer.psid, control.app_id, "");
    if (control?.control_type === "release") this.releaseThreadControl(appId, customer.psid);
    return { recipient_id: customer.psid, message_id: entry.mid };
  }

  /**
   * A reply from Meta's own inbox. A person typing there makes Page Inbox take the thread (silently for the bot,
   * which only gets take_thread_control); Messenger's automated responses go out without touching control.
   */
  pageInboxReply(psid: string, text: string, options: { automated: boolean }): TranscriptEntry {
    const customer = this.#requireCustomer(psid);
    if (!options.automated)
      this.#applyControl(customer, { kind: "take", from: this.ownerOf(psid), to: PAGE_INBOX_APP_ID }, "");
    const entry = transcriptEntry({
      at: this.now(),
      from: "page",
      appId: PAGE_INBOX_APP_ID,
      text,
      automated: options.automated,
    });
    this.#recordPageMessage(customer, entry);
    return entry;
  }

  #recordPageMessage(customer: SimCustomer, entry: TranscriptEntry): void {
    customer.transcript.push(entry);
    this.#notify(customer.psid, entry);
    const echo: MessagingEvent = {
      sender: { id: this.pageId },
      recipient: { id: customer.psid },
      timestamp: entry.at,
      message: {
        mid: entry.mid,
        is_echo: true,
        app_id: Number(entry.appId),
        ...(entry.text === null ? {} : { text: entry.text }),
        ...(entry.attachments.length ? { attachments: entry.attachments } : {}),
        ...(entry.quickReplies.length ? { quick_replies: entry.quickReplies } : {}),
        ...(entry.metadata === null ? {} : { metadata: entry.metadata }),
      },
    };
    this.#fanOut(customer, echo, "messages");
    this.scheduler.after(this.deliveryDelayMs, `delivery ${entry.mid}`, () =>
      this.#deliverToPhone(customer, entry),
    );
  }

  #deliverToPhone(customer: SimCustomer, entry: TranscriptEntry): void {
    if (entry.deliveredAt !== null || customer.unavailable) return;
    const now = this.now();
    const undelivered = customer.transcript.filter(
      (e) => e.from === "page" && e.deliveredAt === null && e.at <= entry.at,
    );
    for (const e of undelivered) e.deliveredAt = now;
    this.#fanOut(
      customer,
      {
        sender: { id: customer.psid },
        recipient: { id: this.pageId },
        timestamp: now,
        delivery: { mids: undelivered.map((e) => e.mid), watermark: entry.at },
      },
      "messages",
    );
    if (customer.readsAfterMs !== null)
      this.scheduler.after(customer.readsAfterMs, `read ${customer.psid}`, () =>
        this.customerReads(customer.psid),
      );
  }

  // ---- thread control ------------------------------------------------------------------------------------------

  passThreadControl(appId: string, psid: string, targetAppId: string, metadata: string): void {
    const customer = this.#requireCustomer(psid);
    this.#applyControl(
      customer,
      this.#checked(
        passControl(customer.thread, appId, targetAppId, this.now(), this.pageApps(), this.rules),
      ),
      metadata,
    );
  }

  takeThreadControl(appId: string, psid: string, metadata: string): void {
    const customer = this.#requireCustomer(psid);
    this.#applyControl(
      customer,
      this.#checked(takeControl(customer.thread, appId, this.now(), this.pageApps(), this.rules)),
      metadata,
    );
  }

  requestThreadControl(appId: string, psid: string, metadata: string): void {
    const customer = this.#requireCustomer(psid);
    this.#applyControl(
      customer,
      this.#checked(requestControl(customer.thread, appId, this.now(), this.pageApps(), this.rules)),
      metadata,
    );
  }

  releaseThreadControl(appId: string, psid: string): void {
    const customer = this.#requireCustomer(psid);
    this.#applyControl(
      customer,
      this.#checked(releaseControl(customer.thread, appId, this.now(), this.pageApps(), this.rules)),
      "",
    );
  }

  /** extend_thread_control: only the owner may; the emulator treats it as activity that keeps the thread. */
  extendThreadControl(appId: string, psid: string): void {
    if (this.ownerOf(psid) !== appId) throw new GraphError(metaErrors.anotherAppControlsThread());
  }

  #checked(change: ControlChange | GraphErrorSpec): ControlChange {
    if (isGraphErrorSpec(change)) throw new GraphError(change);
    return change;
  }

  #applyControl(customer: SimCustomer, change: ControlChange, metadata: string): void {
    const base = { recipient: { id: this.pageId }, timestamp: this.now(), sender: { id: customer.psid } };
    switch (change.kind) {
      case "unchanged":
        return;
      case "pass":
        customer.thread.ownerAppId = change.to;
        customer.thread.controlSince = this.now();
        this.#sendTo(change.to, "messaging", {
          ...base,
          pass_thread_control: { new_owner_app_id: change.to, previous_owner_app_id: change.from, metadata },
        });
        return;
      case "release":
        customer.thread.ownerAppId = null;
        this.#sendTo(change.to, "messaging", {
          ...base,
          pass_thread_control: {
            new_owner_app_id: change.to,
            previous_owner_app_id: change.from,
            metadata: "released",
          },
        });
        return;
      case "take":
        customer.thread.ownerAppId = change.to;
        customer.thread.controlSince = this.now();
        if (change.from !== null && change.from !== change.to) {
          this.#sendTo(change.from, "messaging", {
            ...base,
            take_thread_control: {
              previous_owner_app_id: change.from,
              new_owner_app_id: change.to,
              metadata,
            },
          });
        }
        return;
      case "request":
        this.#sendTo(change.owner, "messaging", {
          ...base,
          request_thread_control: { requested_owner_app_id: change.requester, metadata },
        });
        return;
    }
  }

  // ---- the customer's side -------------------------------------------------------------------------------------

  /**
   * The customer opted in with the Send to Messenger plugin (ref: where): the window opens and the bot may write first.
   * Every app subscribed to messaging_optins hears of it (the bot, and Baton).
   */
  customerOptsIn(psid: string, ref: string): void {
    const customer = this.#requireCustomer(psid);
    this.#customerActivity(customer);
    this.#fanOut(
      customer,
      { sender: { id: psid }, recipient: { id: this.pageId }, timestamp: this.now(), optin: { ref } },
      "messaging_optins",
    );
  }

  customerSends(psid: string, content: CustomerMessageContent): TranscriptEntry {
    const customer = this.#requireCustomer(psid);
    this.#customerActivity(customer);
    const entry = transcriptEntry({
      at: this.now(),
      from: "customer",
      appId: null,
      text: content.text ?? null,
      attachments: content.attachments ?? [],
      quickReplyPayload: content.quickReplyPayload ?? null,
      storyReply: content.replyToStory ?? null,
    });
    customer.transcript.push(entry);
    this.#notify(psid, entry);
    const prior = customer.priorMessage ?? null;
    customer.priorMessage = null;
    const replyTo = content.replyToStory
      ? { story: content.replyToStory }
      : content.replyToMid === undefined
        ? null
        : { mid: content.replyToMid };
    this.#fanOut(
      customer,
      {
        sender: { id: psid },
        recipient: { id: this.pageId },
        timestamp: entry.at,
        message: {
          mid: entry.mid,
          ...(entry.text === null ? {} : { text: entry.text }),
          ...(entry.attachments.length ? { attachments: entry.attachments } : {}),
          ...(content.quickReplyPayload === undefined
            ? {}
            : { quick_reply: { payload: content.quickReplyPayload } }),
          ...(replyTo ? { reply_to: replyTo } : {}),
          ...(prior ? { prior_message: prior } : {}),
        },
      },
      "messages",
    );
    return entry;
  }

  /** A button tap. Only the owner hears the payload; standby apps get the title alone. */
  customerTapsPostback(
    psid: string,
    postback: { title: string; payload: string; referral?: ReferralBody },
  ): TranscriptEntry {
    const customer = this.#requireCustomer(psid);
    this.#customerActivity(customer);
    const entry = transcriptEntry({
      at: this.now(),
      from: "customer",
      appId: null,
      text: postback.title,
      postback: { title: postback.title, payload: postback.payload },
    });
    customer.transcript.push(entry);
    this.#notify(psid, entry);
    this.#fanOut(
      customer,
      {
        sender: { id: psid },
        recipient: { id: this.pageId },
        timestamp: entry.at,
        postback: {
          title: postback.title,
          payload: postback.payload,
          mid: entry.mid,
          ...(postback.referral ? { referral: postback.referral } : {}),
        },
      },
      "messages",
    );
    if (postback.referral) this.#signal(customer, "referral", describeReferral(postback.referral));
    return entry;
  }

  // ---- Messenger signals: referrals, opt-ins, feedback, edits, stories ---------------------------------------

  /**
   * The customer comes to the thread from an ad, an m.me link, a QR code or the chat plugin. Into a new thread Meta
   * puts the referral on the Get Started postback; into an existing one it sends a `referral` event of its own.
   */
  customerArrivesFrom(psid: string, input: ReferralInput): void {
    const customer = this.#requireCustomer(psid);
    const referral = referralBody(input, this.publicUrl);
    if (customer.transcript.length === 0) {
      this.customerTapsPostback(psid, { title: "Get Started", payload: "GET_STARTED", referral });
      return;
    }
    this.#customerActivity(customer);
    this.#fanOut(
      customer,
      { sender: { id: psid }, recipient: { id: this.pageId }, timestamp: this.now(), referral },
      "messaging_referrals",
    );
    this.#signal(customer, "referral", describeReferral(referral));
  }

  /**
   * The customer ticks the checkbox plugin on the shop's checkout: Meta names them by a user_ref only (no sender),
   * and the Page may send them one message to it.
   */
  customerTicksCheckbox(psid: string, ref = "checkout"): string {
    const customer = this.#requireCustomer(psid);
    const userRef = `ur_${psid.slice(-8)}_${this.now().toString(36)}`;
    customer.checkbox = { userRef, ref, at: this.now(), used: false };
    this.#fanOut(
      customer,
      { recipient: { id: this.pageId }, timestamp: this.now(), optin: { ref, user_ref: userRef } },
      "messaging_optins",
    );
    this.#signal(customer, "optin", `Ticked the checkbox plugin (ref ${ref})`);
    return userRef;
  }

  /** The PSID behind a checkbox user_ref, once the customer has one. */
  psidForUserRef(userRef: string): string | null {
    return this.customers().find((c) => c.checkbox?.userRef === userRef)?.psid ?? null;
  }

  #customerForUserRef(userRef: string): SimCustomer {
    const psid = this.psidForUserRef(userRef);
    if (!psid) throw new GraphError(metaErrors.noMatchingUser());
    return this.#requireCustomer(psid);
  }

  /** The customer subscribes to recurring notifications (marketing messages) on a topic, at a frequency. */
  customerSubscribes(
    psid: string,
    topic: string,
    frequency: "DAILY" | "WEEKLY" | "MONTHLY" = "WEEKLY",
  ): void {
    const customer = this.#requireCustomer(psid);
    const now = this.now();
    const optin: OptinBody = {
      type: "notification_messages",
      title: topic,
      payload: topic.toUpperCase().replace(/\W+/g, "_"),
      notification_messages_token: randomBytes(24).toString("base64url"),
      notification_messages_frequency: frequency,
      notification_messages_timezone: "Europe/Berlin",
      token_expiry_timestamp: now + 180 * 24 * 3_600_000,
      user_token_status: "NOT_REFRESHED",
    };
    this.#customerActivity(customer);
    this.#fanOut(
      customer,
      { sender: { id: psid }, recipient: { id: this.pageId }, timestamp: now, optin },
      "messaging_optins",
    );
    this.#signal(customer, "optin", `Subscribed to “${topic}”, ${frequency.toLowerCase()}`);
  }

  /** The customer answers the Page's feedback form (Meta's customer feedback template). */
  customerGivesFeedback(psid: string, input: FeedbackInput): void {
    const customer = this.#requireCustomer(psid);
    const questions: FeedbackBody["feedback_screens"][number]["questions"] = {};
    const comment = input.text ? { follow_up: { type: "free_form" as const, payload: input.text } } : {};
    if (input.csat !== undefined)
      questions.satisfaction = { type: "csat", payload: String(input.csat), ...comment };
    if (input.nps !== undefined)
      questions.recommend = {
        type: "nps",
        payload: String(input.nps),
        ...(input.csat === undefined ? comment : {}),
      };
    if (input.ces !== undefined)
      questions.effort = {
        type: "ces",
        payload: String(input.ces),
        ...(input.csat === undefined && input.nps === undefined ? comment : {}),
      };
    this.#customerActivity(customer);
    this.#fanOut(
      customer,
      {
        sender: { id: psid },
        recipient: { id: this.pageId },
        timestamp: this.now(),
        messaging_feedback: { feedback_screens: [{ screen_id: 0, questions }] },
      },
      "messaging_feedback",
    );
    const scores = Object.values(questions)
      .map((q) => `${q.type.toUpperCase()} ${q.payload}`)
      .join(", ");
    this.#signal(customer, "feedback", `Feedback: ${scores}${input.text ? ` · “${input.text}”` : ""}`);
  }

  /** The customer edits one of their messages (the last one with text by default); Messenger allows five edits. */
  customerEdits(psid: string, text: string, mid?: string): TranscriptEntry {
    const customer = this.#requireCustomer(psid);
    const target = mid
      ? customer.transcript.find((e) => e.mid === mid && e.from === "customer")
      : customer.transcript.findLast((e) => e.from === "customer" && e.text !== null && e.postback === null);
    if (!target)
      throw new Error(
        mid ? `no customer message ${mid} in this thread` : "the customer has no message to edit",
      );
    const count = (target.edit?.count ?? 0) + 1;
    if (count > 5) throw new Error("Messenger lets a message be edited five times at most");
    target.edit = { count, originalText: target.edit ? target.edit.originalText : target.text };
    target.text = text;
    this.#notify(psid, target);
    this.#fanOut(
      customer,
      {
        sender: { id: psid },
        recipient: { id: this.pageId },
        timestamp: this.now(),
        message_edit: { mid: target.mid, text, num_edit: count },
      },
      "message_edits",
    );
    return target;
  }

  /** The customer mentions the Page in their story: a message with a story_mention attachment. */
  customerMentionsInStory(psid: string): TranscriptEntry {
    const story = `${this.publicUrl}/cdn/stories/mention-${psid.slice(-6)}-${this.now().toString(36)}.svg`;
    return this.customerSends(psid, { attachments: [{ type: "story_mention", payload: { url: story } }] });
  }

  /** The customer replies to the Page's story. */
  customerRepliesToStory(psid: string, text: string): TranscriptEntry {
    const id = `story_${this.now().toString(36)}`;
    return this.customerSends(psid, {
      text,
      replyToStory: { url: `${this.publicUrl}/cdn/stories/${id}.svg`, id },
    });
  }

  #signal(customer: SimCustomer, kind: SimSignal["kind"], text: string): void {
    (customer.signals ??= []).push({ at: this.now(), kind, text });
  }

  // ---- the Page and the app: policy enforcement, the App Dashboard's test ------------------------------------

  /** Meta warns, blocks or unblocks an app on this Page: only that app hears of it, with no sender. */
  enforcePolicy(appId: string, action: "warning" | "block" | "unblock", reason?: string): void {
    const event: MessagingEvent = {
      recipient: { id: this.pageId },
      timestamp: this.now(),
      policy_enforcement: { action, ...(action === "unblock" ? {} : { reason: reason ?? POLICY_REASON }) },
    };
    const app = this.#apps.get(appId);
    if (app?.receive && (app.fields ?? ["messages"]).includes("messaging_policy_enforcement"))
      app.receive("messaging", event);
  }

  /** The App Dashboard's "Test" button for a webhook field: a sample in the `changes` format, to that app only. */
  sendTestSample(appId: string, field: string): void {
    const app = this.#apps.get(appId);
    if (!app?.receiveChange) throw new Error(`${this.appName(appId)} has no webhook to test`);
    app.receiveChange({ field, value: testSample(field) });
  }

  customerReacts(psid: string, mid: string, emoji: string, action: "react" | "unreact" = "react"): void {
    const customer = this.#requireCustomer(psid);
    const target = customer.transcript.find((e) => e.mid === mid);
    if (!target) throw new Error(`no message ${mid} in this thread`);
    const reaction = reactionName(emoji);
    target.reactions = action === "react" ? [{ emoji, reaction }] : [];
    this.#customerActivity(customer);
    this.#notify(psid, target);
    this.#fanOut(
      customer,
      {
        sender: { id: psid },
        recipient: { id: this.pageId },
        timestamp: this.now(),
        reaction: { mid, action, reaction, emoji },
      },
      "messages",
    );
  }

  /** The customer opens the thread: everything the Page sent so far is read. */
  customerReads(psid: string): void {
    const customer = this.#requireCustomer(psid);
    const now = this.now();
    const unread = customer.transcript.filter((e) => e.from === "page" && e.readAt === null);
    if (!unread.length) return;
    for (const e of unread) {
      e.readAt = now;
      e.deliveredAt ??= now;
    }
    this.#fanOut(
      customer,
      { sender: { id: psid }, recipient: { id: this.pageId }, timestamp: now, read: { watermark: now } },
      "messages",
    );
  }

  #customerActivity(customer: SimCustomer): void {
    const now = this.now();
    const apps = this.pageApps();
    // A message into an idle thread goes to the default app, which now owns it.
    if (isIdle(customer.thread, now, this.rules)) {
      const previous = customer.thread.ownerAppId;
      customer.thread.ownerAppId = apps.primaryAppId;
      customer.thread.controlSince = now;
      if (previous !== null && previous !== apps.primaryAppId) {
        this.#sendTo(apps.primaryAppId, "messaging", {
          sender: { id: customer.psid },
          recipient: { id: this.pageId },
          timestamp: now,
          pass_thread_control: {
            new_owner_app_id: apps.primaryAppId,
            previous_owner_app_id: null,
            metadata: "idle thread returned to the default app",
          },
        });
      }
    }
    customer.thread.lastCustomerActivityAt = now;
  }

  // ---- fan-out ------------------------------------------------------------------------------------------------

  #fanOut(customer: SimCustomer, event: MessagingEvent, field: WebhookField): void {
    const owner = effectiveOwner(customer.thread, this.now(), this.pageApps(), this.rules);
    for (const app of this.#apps.values()) {
      if (!app.receive) continue;
      if (!(app.fields ?? ["messages"]).includes(field)) continue;
      const channel: Channel = app.appId === owner ? "messaging" : "standby";
      app.receive(channel, channel === "standby" ? forStandby(event) : structuredClone(event));
    }
  }

  #sendTo(appId: string, channel: Channel, event: MessagingEvent): void {
    this.#apps.get(appId)?.receive?.(channel, event);
  }

  #notify(psid: string, entry: TranscriptEntry): void {
    for (const listener of this.#listeners) listener(psid, entry);
  }

  // ---- persistence --------------------------------------------------------------------------------------------

  snapshot(): EmulatorSnapshot {
    return { version: 1, nextPsid: this.#nextPsid, customers: this.customers() };
  }

  restore(snapshot: EmulatorSnapshot): void {
    this.#nextPsid = snapshot.nextPsid;
    this.#customers = new Map(snapshot.customers.map((c) => [c.psid, c]));
  }
}

const POLICY_REASON =
  "The bot violated our Platform Policies (https://developers.facebook.com/devpolicy/#messengerplatform). Common violations include sending out excessive spammy messages or being non-functional.";

function referralBody(input: ReferralInput, publicUrl: string): ReferralBody {
  const ref = input.ref === undefined ? {} : { ref: input.ref };
  switch (input.source) {
    case "ads":
      return {
        ...ref,
        source: "ADS",
        type: "OPEN_THREAD",
        ad_id: input.adId ?? "120210000000000001",
        ads_context_data: {
          ad_title: input.adTitle ?? "Spring Sale",
          photo_url: `${publicUrl}/cdn/products/LL-1003.svg`,
          post_id: "104857600123456_900000000001",
        },
      };
    case "shortlink":
      return { ...ref, source: "SHORTLINK", type: "OPEN_THREAD" };
    case "qr_code":
      return { ...ref, source: "MESSENGER_CODE", type: "OPEN_THREAD" };
    case "chat_plugin":
      return {
        ...ref,
        source: "CUSTOMER_CHAT_PLUGIN",
        type: "OPEN_THREAD",
        referer_uri: "https://lumen-and-loom.example/products/LL-1003",
      };
  }
}

function describeReferral(r: ReferralBody): string {
  const from =
    r.source === "ADS"
      ? `the ad “${r.ads_context_data?.ad_title ?? r.ad_id ?? "?"}”`
      : r.source === "SHORTLINK"
        ? "an m.me link"
        : r.source === "MESSENGER_CODE"
          ? "a QR code"
          : r.source;
  return `Came from ${from}${r.ref ? ` (ref ${r.ref})` : ""}`;
}

/** The samples Meta's App Dashboard posts for its "Test" button: ids "0"-ish, timestamps as strings. */
function testSample(field: string): Record<string, unknown> {
  const base = { sender: { id: "12334" }, recipient: { id: "23245" }, timestamp: "1527459824" };
  switch (field) {
    case "messaging_postbacks":
      return {
        ...base,
        postback: {
          mid: "m_test_message_id",
          title: "TITLE-FOR-THE-CTA",
          payload: "USER-DEFINED-PAYLOAD",
          referral: { ref: "USER-DEFINED-REFERRAL-PARAM", source: "SHORT-URL", type: "OPEN_THREAD" },
        },
      };
    case "messaging_optins":
      return { ...base, optin: { ref: "optin_ref", user_ref: "optin_user_ref" } };
    case "messaging_referrals":
      return { ...base, referral: { ref: "referral_ref", source: "SHORTLINK", type: "OPEN_THREAD" } };
    case "message_edits":
      return {
        ...base,
        message_edit: { mid: "m_test_message_id", text: "test_message_edited", num_edit: 1 },
      };
    case "messaging_policy_enforcement":
      return {
        recipient: base.recipient,
        timestamp: base.timestamp,
        policy_enforcement: { action: "warning", reason: "test_reason" },
      };
    default:
      return {
        ...base,
        message: {
          mid: "test_message_id",
          text: "test_message",
          commands: [{ name: "command123" }, { name: "command456" }],
        },
      };
  }
}

/** Standby apps see a postback's title but not its payload (only the app that sent the button gets it). */
function forStandby(event: MessagingEvent): MessagingEvent {
  const copy = structuredClone(event);
  if (copy.postback) delete copy.postback.payload;
  return copy;
}

function outgoingToEventAttachment(
  a: NonNullable<NonNullable<SendRequest["message"]>["attachment"]>,
): EventAttachment {
  if (a.type === "template")
    return { type: "template", payload: structuredClone(a.payload) as Record<string, unknown> };
  return {
    type: a.type,
    payload: { url: a.payload.url ?? `attachment:${a.payload.attachment_id ?? "upload"}` },
  };
}

const REACTION_NAMES: Record<string, string> = {
  "😆": "smile",
  "😍": "love",
  "❤": "love",
  "❤️": "love",
  "😮": "wow",
  "😠": "angry",
  "😢": "sad",
  "👍": "like",
  "👎": "dislike",
};

function reactionName(emoji: string): string {
  return REACTION_NAMES[emoji] ?? "other";
}
