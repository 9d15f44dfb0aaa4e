import { createHash } from "node:crypto";
import { z } from "zod";
import type { Attachment, QuickReplyOption, TemplateButton } from "../../contract/timeline.ts";
import { PAGE_INBOX_APP_ID } from "../config.ts";
import { inspectJson, storableJson, wellFormed, wellFormedJson } from "./json-limits.ts";
import { rawEvent, rawMessage, webhookEnvelope, type RawAttachment } from "./webhook-payload.ts";

/** Where an event came: Meta's `messaging` or `standby` arrays, its `changes` format (App Dashboard tests), or Baton itself. */
export type Channel = "messaging" | "standby" | "changes" | "baton";
/** Which app sent a Page message, as far as the echo says. */
export type PageSender = "bot" | "baton" | "page_inbox" | "unknown";

interface Base {
  pageId: string;
  psid: string;
  /** Milliseconds since the epoch, Meta's `timestamp`. */
  at: number;
  channel: Channel;
  /** Identity used to drop re-deliveries. */
  dedupeKey: string;
}

/** What brought the customer to the thread (Meta's `referral`): an ad, an m.me link, a QR code, the chat plugin. */
export interface ReferralInfo {
  /** ADS, SHORTLINK, MESSENGER_CODE, CUSTOMER_CHAT_PLUGIN, DISCOVER_TAB, … */
  source: string;
  /** OPEN_THREAD, … */
  type: string | null;
  ref: string | null;
  adId: string | null;
  adTitle: string | null;
  /** The page the chat plugin ran on. */
  refererUri: string | null;
}

export interface CustomerMessage extends Base {
  kind: "customer_message";
  mid: string;
  text: string | null;
  /** The text was longer than MAX_TEXT_CHARS and is cut there. */
  textTruncated?: true;
  attachments: Attachment[];
  quickReplyPayload: string | null;
  replyToMid: string | null;
  /** A reply to the Page's story (`reply_to.story`). */
  storyReply?: { url: string | null; id: string | null };
  /** The message came with a referral (the first message after an ad or an m.me link). */
  referral?: ReferralInfo;
  /**
   * The customer's first message after the Page wrote to them through a plugin (Meta's `prior_message`): for the
   * checkbox plugin, `identifier` is the user_ref of the Page-level opt-in, which links that opt-in to this PSID.
   */
  priorMessage?: { source: string; identifier: string };
}
export interface CustomerPostback extends Base {
  kind: "customer_postback";
  mid: string | null;
  title: string;
  /** Meta leaves the payload out on the standby channel. */
  payload: string | null;
  /** "Get Started" and other postbacks that opened the thread from an ad or a link carry it. */
  referral?: ReferralInfo;
}
/** Meta's standalone `referral`: a customer who already talks with the Page came back through an ad or a link. */
export interface Referral extends Base {
  kind: "referral";
  referral: ReferralInfo;
}
/**
 * Meta's `optin`: Send to Messenger and the checkbox plugin (`ref`, and `user_ref` instead of a PSID for the
 * checkbox), recurring notifications (`notification_messages`: a token for a topic and frequency, or stopping and
 * resuming them) and one-time notification requests. A checkbox opt-in has no PSID: its psid is "" (a Page-level
 * event, in no conversation) and its `userRef` is kept for linking it to the customer's first reply.
 */
export interface OptIn extends Base {
  kind: "opt_in";
  /** checkbox (user_ref), notification_messages, one_time_notif_req, or send_to_messenger (a ref alone). */
  optinType: string;
  ref: string | null;
  userRef: string | null;
  /** Recurring notifications: the topic's title and payload, the frequency, and the opt-in's status. */
  topic: string | null;
  payload: string | null;
  frequency: string | null;
  /** STOP_NOTIFICATIONS / RESUME_NOTIFICATIONS when the customer stopped or resumed them. */
  status: string | null;
  tokenExpiresAt: number | null;
  /** Meta's `optin` object as it came (tokens included), for what is built on it later. */
  raw: unknown;
}
/** Meta's `policy-enforcement`: the Page's app was warned or blocked for a policy. Page-level (psid ""). */
export interface PolicyEnforcement extends Base {
  kind: "policy_enforcement";
  action: string;
  reason: string | null;
}
export interface FeedbackAnswer {
  /** The question's id in the form. */
  id: string;
  /** csat, nps, ces. */
  type: string;
  score: number | null;
  followUp: string | null;
}
/** Meta's `messaging_feedback`: the customer filled in the Page's feedback form. */
export interface Feedback extends Base {
  kind: "feedback";
  answers: FeedbackAnswer[];
}
/** Meta's `message_edit`: the customer edited a message (num_edit counts the edits). */
export interface MessageEdit extends Base {
  kind: "message_edit";
  mid: string;
  text: string | null;
  /** The text was longer than MAX_TEXT_CHARS and is cut there. */
  textTruncated?: true;
  numEdit: number;
}
/** A message unsent (deleted) by its author, where Meta reports it (`message.is_deleted`). */
export interface MessageDeleted extends Base {
  kind: "message_deleted";
  mid: string;
}
/** A sample from the App Dashboard's "Test" button (the `changes` format): answered and recorded, nothing else. */
export interface WebhookTest extends Base {
  kind: "webhook_test";
  field: string;
  value: unknown;
}
export interface PageMessage extends Base {
  kind: "page_message";
  mid: string;
  appId: string | null;
  sender: PageSender;
  text: string | null;
  /** The text was longer than MAX_TEXT_CHARS and is cut there. */
  textTruncated?: true;
  attachments: Attachment[];
  quickReplies: QuickReplyOption[];
  metadata: string | null;
}
export interface Delivery extends Base {
  kind: "delivery";
  mids: string[];
  watermark: number;
}
export interface Read extends Base {
  kind: "read";
  watermark: number;
}
export interface Reaction extends Base {
  kind: "reaction";
  mid: string;
  action: "react" | "unreact";
  reaction: string;
  emoji: string;
}
export interface PassThreadControl extends Base {
  kind: "pass_thread_control";
  newOwnerAppId: string;
  previousOwnerAppId: string | null;
  metadata: string | null;
}
export interface TakeThreadControl extends Base {
  kind: "take_thread_control";
  newOwnerAppId: string | null;
  previousOwnerAppId: string | null;
  metadata: string | null;
}
export interface RequestThreadControl extends Base {
  kind: "request_thread_control";
  requestedOwnerAppId: string;
  metadata: string | null;
}
export interface AppRoles extends Base {
  kind: "app_roles";
  roles: Record<string, string[]>;
}
export interface UnknownEvent extends Base {
  kind: "unknown";
  reason: string;
  raw: unknown;
}

export type MessengerEvent =
  | CustomerMessage
  | CustomerPostback
  | PageMessage
  | Delivery
  | Read
  | Reaction
  | PassThreadControl
  | TakeThreadControl
  | RequestThreadControl
  | AppRoles
  | Referral
  | OptIn
  | PolicyEnforcement
  | Feedback
  | MessageEdit
  | MessageDeleted
  | WebhookTest
  | UnknownEvent;

/** Events of a Page rather than of a conversation: stored in the event log with no conversation. */
export function isPageLevel(e: { kind: string; psid: string }): boolean {
  return (
    e.kind === "app_roles" || e.kind === "policy_enforcement" || e.kind === "webhook_test" || e.psid === ""
  );
}

export interface AppIds {
  bot: string;
  baton: string;
}

const str = (v: string | number | null | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

/*
 * The shapes of Messenger's other signals, on top of webhook-payload.ts's (which are kept as they were): referrals,
 * opt-ins, policy enforcement, feedback forms, edits, unsent messages, story replies, and the `changes` format of
 * the App Dashboard's Test button.
 */
const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);
const idLike = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => str(v));

const rawReferral = z.looseObject({
  ref: nullableString,
  source: z
    .string()
    .nullish()
    .transform((v) => v ?? "UNKNOWN"),
  type: nullableString,
  ad_id: idLike,
  ads_context_data: z.looseObject({ ad_title: nullableString }).nullish(),
  referer_uri: nullableString,
});
type RawReferral = z.infer<typeof rawReferral>;

const rawOptin = z.looseObject({
  ref: nullableString,
  user_ref: nullableString,
  type: nullableString,
  title: nullableString,
  payload: nullableString,
  notification_messages_frequency: nullableString,
  notification_messages_status: nullableString,
  token_expiry_timestamp: z.number().nullish(),
});
type RawOptin = z.infer<typeof rawOptin>;

const rawFeedback = z.looseObject({
  feedback_screens: z
    .array(
      z.looseObject({
        questions: z
          .record(
            z.string(),
            z.looseObject({
              type: z.string().default("csat"),
              payload: idLike,
              follow_up: z.looseObject({ payload: nullableString }).nullish(),
            }),
          )
          .default({}),
      }),
    )
    .default([]),
});

const signalMessage = rawMessage.extend({
  reply_to: z
    .looseObject({ mid: nullableString, story: z.looseObject({ url: nullableString, id: idLike }).nullish() })
    .nullish(),
  is_deleted: z.boolean().optional(),
  referral: rawReferral.nullish(),
  prior_message: z.looseObject({ source: z.string(), identifier: z.string() }).nullish(),
});

const messengerRawEvent = rawEvent.extend({
  message: signalMessage.optional(),
  postback: rawEvent.shape.postback.unwrap().extend({ referral: rawReferral.nullish() }).optional(),
  referral: rawReferral.optional(),
  optin: rawOptin.optional(),
  "policy-enforcement": z.looseObject({ action: z.string(), reason: nullableString }).optional(),
  /** The same, as Meta's messaging_policy_enforcement field names it today. */
  policy_enforcement: z.looseObject({ action: z.string(), reason: nullableString }).optional(),
  messaging_feedback: rawFeedback.optional(),
  message_edit: z
    .looseObject({
      mid: z.string(),
      text: nullableString,
      num_edit: z.number().int().nonnegative().default(1),
    })
    .optional(),
});
type MessengerRawEvent = z.infer<typeof messengerRawEvent>;

const rawChange = z.looseObject({ field: z.string(), value: z.unknown() });

/** Meta's envelope with the `changes` format kept (webhook-payload.ts's drops it). */
export const batchEnvelope = webhookEnvelope.extend({
  entry: z.array(webhookEnvelope.shape.entry.element.extend({ changes: z.array(z.unknown()).optional() })),
});
export type BatchEnvelope = z.infer<typeof batchEnvelope>;

function referralOf(r: RawReferral): ReferralInfo {
  return {
    source: r.source,
    type: r.type,
    ref: r.ref,
    adId: r.ad_id,
    adTitle: r.ads_context_data?.ad_title ?? null,
    refererUri: r.referer_uri,
  };
}

function optInOf(o: RawOptin, psid: string): Omit<OptIn, keyof Base> & { psid: string } {
  const optinType = o.type ?? (o.user_ref ? "checkbox" : "send_to_messenger");
  return {
    kind: "opt_in",
    psid,
    optinType,
    ref: o.ref,
    userRef: o.user_ref,
    topic: o.title,
    payload: o.payload,
    frequency: o.notification_messages_frequency,
    status: o.notification_messages_status,
    tokenExpiresAt: o.token_expiry_timestamp ?? null,
    raw: o,
  };
}

function feedbackAnswers(f: z.infer<typeof rawFeedback>): FeedbackAnswer[] {
  return f.feedback_screens.flatMap((screen) =>
    Object.entries(screen.questions).map(([id, q]) => {
      const score = q.payload === null ? null : Number(q.payload);
      return {
        id,
        type: q.type,
        score: score !== null && Number.isFinite(score) ? score : null,
        followUp: q.follow_up?.payload ?? null,
      };
    }),
  );
}

/** The app behind an echo: the bot, Baton itself, Meta's Page Inbox, or unknown (no app_id, or another app). */
function pageSenderOf(appId: string | null, apps: AppIds): PageSender {
  if (appId === apps.bot) return "bot";
  if (appId === apps.baton) return "baton";
  if (appId === PAGE_INBOX_APP_ID) return "page_inbox";
  return "unknown";
}

function buttonsOf(
  buttons:
    readonly { type: string; title: string; payload: string | null; url: string | null }[] | null | undefined,
): TemplateButton[] {
  return (buttons ?? []).map((b) => ({ type: b.type, title: b.title, payload: b.payload, url: b.url }));
}

function attachmentOf(a: RawAttachment): Attachment {
  const p = a.payload;
  switch (a.type) {
    case "image":
      return { type: "image", url: p?.url ?? null, stickerId: p?.sticker_id ?? null };
    case "video":
    case "audio":
      return { type: a.type, url: p?.url ?? null };
    case "file":
      return { type: "file", url: p?.url ?? null, name: p?.name ?? p?.title ?? a.title ?? null };
    case "story_mention":
      return { type: "story_mention", url: p?.url ?? a.url ?? null };
    case "location":
      return {
        type: "location",
        title: p?.title ?? a.title ?? null,
        url: p?.coordinates
          ? `https://maps.google.com/?q=${p.coordinates.lat},${p.coordinates.long}`
          : (p?.url ?? a.url ?? null),
      };
    case "template":
      return {
        type: "template",
        templateType: p?.template_type ?? "generic",
        text: p?.text ?? null,
        elements: (p?.elements ?? []).map((e) => ({
          title: e.title,
          subtitle: e.subtitle,
          imageUrl: e.image_url,
          buttons: buttonsOf(e.buttons),
        })),
        buttons: buttonsOf(p?.buttons),
      };
    default:
      // "fallback" and anything newer Meta invents: show a link rather than lose it.
      return { type: "fallback", url: p?.url ?? a.url ?? null, title: p?.title ?? a.title ?? null };
  }
}

function normalise(
  e: MessengerRawEvent,
  pageId: string,
  channel: Channel,
  apps: AppIds,
): MessengerEvent | null {
  const sender = e.sender?.id ?? null;
  const recipient = e.recipient?.id ?? null;
  const at = e.timestamp;
  const customer = sender === pageId ? recipient : sender;
  const base = { pageId, at, channel } as const;

  if (e.app_roles) {
    return { ...base, kind: "app_roles", psid: "", roles: e.app_roles, dedupeKey: `roles:${pageId}:${at}` };
  }
  // Meta documents the key as policy_enforcement today and sent policy-enforcement before: read both.
  const enforcement = e.policy_enforcement ?? e["policy-enforcement"];
  if (enforcement) {
    return {
      ...base,
      kind: "policy_enforcement",
      psid: "",
      action: enforcement.action,
      reason: enforcement.reason,
      dedupeKey: `policy:${pageId}:${at}:${enforcement.action}`,
    };
  }
  if (e.optin && !customer && e.optin.user_ref) {
    // The checkbox plugin: no PSID yet, only the shop's user_ref. Page-level, keyed by that ref.
    return { ...base, ...optInOf(e.optin, ""), dedupeKey: `optin:user_ref:${e.optin.user_ref}:${at}` };
  }
  if (!customer) return null;
  const psid = customer;

  if (e.message_edit) {
    const m = e.message_edit;
    return {
      ...base,
      kind: "message_edit",
      psid,
      mid: m.mid,
      text: m.text,
      numEdit: m.num_edit,
      dedupeKey: `edit:${m.mid}:${m.num_edit}`,
    };
  }
  if (e.message?.is_deleted) {
    return {
      ...base,
      kind: "message_deleted",
      psid,
      mid: e.message.mid,
      dedupeKey: `deleted:${e.message.mid}`,
    };
  }
  if (e.message) {
    const m = e.message;
    const attachments = m.attachments.map(attachmentOf);
    if (m.is_echo) {
      const appId = str(m.app_id);
      return {
        ...base,
        kind: "page_message",
        psid,
        mid: m.mid,
        appId,
        sender: pageSenderOf(appId, apps),
        text: m.text,
        attachments,
        quickReplies: m.quick_replies.map((q) => ({
          title: q.title,
          payload: q.payload,
          imageUrl: q.image_url,
        })),
        metadata: m.metadata,
        dedupeKey: `mid:${m.mid}`,
      };
    }
    return {
      ...base,
      kind: "customer_message",
      psid,
      mid: m.mid,
      text: m.text,
      attachments,
      quickReplyPayload: m.quick_reply?.payload ?? null,
      replyToMid: m.reply_to?.mid ?? null,
      ...(m.reply_to?.story ? { storyReply: { url: m.reply_to.story.url, id: m.reply_to.story.id } } : {}),
      ...withReferral(m.referral ?? e.referral),
      ...(m.prior_message
        ? { priorMessage: { source: m.prior_message.source, identifier: m.prior_message.identifier } }
        : {}),
      dedupeKey: `mid:${m.mid}`,
    };
  }
  if (e.postback) {
    const p = e.postback;
    return {
      ...base,
      kind: "customer_postback",
      psid,
      mid: p.mid,
      title: p.title,
      payload: p.payload,
      ...withReferral(p.referral ?? e.referral),
      dedupeKey: p.mid ? `mid:${p.mid}` : `postback:${psid}:${at}:${p.title}`,
    };
  }
  if (e.referral) {
    const r = referralOf(e.referral);
    return {
      ...base,
      kind: "referral",
      psid,
      referral: r,
      dedupeKey: `referral:${psid}:${at}:${r.source}:${r.ref ?? ""}:${r.adId ?? ""}`,
    };
  }
  if (e.optin) {
    const o = optInOf(e.optin, psid);
    return { ...base, ...o, dedupeKey: `optin:${psid}:${at}:${o.optinType}:${o.status ?? ""}` };
  }
  if (e.messaging_feedback) {
    return {
      ...base,
      kind: "feedback",
      psid,
      answers: feedbackAnswers(e.messaging_feedback),
      dedupeKey: `feedback:${psid}:${at}`,
    };
  }
  if (e.delivery) {
    return {
      ...base,
      kind: "delivery",
      psid,
      mids: e.delivery.mids,
      watermark: e.delivery.watermark,
      dedupeKey: `delivery:${psid}:${e.delivery.watermark}:${channel}`,
    };
  }
  if (e.read) {
    return {
      ...base,
      kind: "read",
      psid,
      watermark: e.read.watermark,
      dedupeKey: `read:${psid}:${e.read.watermark}:${channel}`,
    };
  }
  if (e.reaction) {
    const r = e.reaction;
    return {
      ...base,
      kind: "reaction",
      psid,
      mid: r.mid,
      action: r.action,
      reaction: r.reaction,
      emoji: r.emoji,
      dedupeKey: `reaction:${r.mid}:${r.action}:${r.reaction}:${at}`,
    };
  }
  if (e.pass_thread_control) {
    const p = e.pass_thread_control;
    return {
      ...base,
      kind: "pass_thread_control",
      psid,
      newOwnerAppId: String(p.new_owner_app_id),
      previousOwnerAppId: str(p.previous_owner_app_id),
      metadata: p.metadata,
      dedupeKey: `pass:${psid}:${at}:${String(p.new_owner_app_id)}`,
    };
  }
  if (e.take_thread_control) {
    const t = e.take_thread_control;
    return {
      ...base,
      kind: "take_thread_control",
      psid,
      newOwnerAppId: str(t.new_owner_app_id),
      previousOwnerAppId: str(t.previous_owner_app_id),
      metadata: t.metadata,
      dedupeKey: `take:${psid}:${at}:${str(t.new_owner_app_id) ?? ""}`,
    };
  }
  if (e.request_thread_control) {
    const r = e.request_thread_control;
    return {
      ...base,
      kind: "request_thread_control",
      psid,
      requestedOwnerAppId: String(r.requested_owner_app_id),
      metadata: r.metadata,
      dedupeKey: `request:${psid}:${at}:${String(r.requested_owner_app_id)}`,
    };
  }
  return null;
}

const withReferral = (r: RawReferral | null | undefined): { referral?: ReferralInfo } =>
  r ? { referral: referralOf(r) } : {};

function unknownKey(raw: unknown): string {
  // Stable identity for an event we cannot read, so a re-delivery is still recognised.
  return `unknown:${JSON.stringify(raw)}`.slice(0, 500);
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(event)"}: ${i.message}`).join("; ");
}

/** A customer's text longer than this is stored cut, and marked so (Messenger itself caps texts far below). */
export const MAX_TEXT_CHARS = 20_000;
/** Page ids, PSIDs and mids are a few dozen characters; longer ones cannot be keys of PostgreSQL's indexes. */
export const MAX_ID_CHARS = 256;
/** Dedupe keys past this length end in a hash of the whole key, so they always fit the unique index. */
export const MAX_DEDUPE_KEY_CHARS = 500;
/** Meta's timestamps are milliseconds since the epoch: anything outside 2000..2100 is not one. */
const EARLIEST_AT = Date.UTC(2000, 0, 1);
const LATEST_AT = Date.UTC(2100, 0, 1);

/** A whole number of milliseconds between 2000 and 2100: what fits Baton's bigint columns and means a time. */
export const plausibleTime = (v: unknown): v is number =>
  typeof v === "number" && Number.isSafeInteger(v) && v >= EARLIEST_AT && v < LATEST_AT;

const timeProblem = (name: string, v: unknown): string | null =>
  plausibleTime(v) ? null : `${name} ${String(v)} is not a time between 2000 and 2100 in whole milliseconds`;

const idProblem = (name: string, v: string | null | undefined): string | null =>
  v && v.length > MAX_ID_CHARS ? `${name} is ${v.length} characters long (at most ${MAX_ID_CHARS})` : null;

/** The key unchanged when it is short (so stored keys still match), else its start and a hash of all of it. */
export function boundedKey(key: string): string {
  if (key.length <= MAX_DEDUPE_KEY_CHARS) return key;
  return `${wellFormed(key.slice(0, MAX_DEDUPE_KEY_CHARS - 80))}#${createHash("sha256").update(key).digest("hex")}`;
}

function cutText(text: string | null): { text: string | null; textTruncated?: true } {
  if (text === null || text.length <= MAX_TEXT_CHARS) return { text };
  // Do not leave half of a surrogate pair (an emoji) at the cut.
  const end = /[\uD800-\uDBFF]/.test(text.charAt(MAX_TEXT_CHARS - 1)) ? MAX_TEXT_CHARS - 1 : MAX_TEXT_CHARS;
  return { text: text.slice(0, end), textTruncated: true };
}

/** Why a normalised event cannot be stored as it is (a time that is not one, an id too long for an index); null when it can. */
function eventProblem(e: MessengerEvent): string | null {
  // A Test sample's time is the entry's (often seconds, or none): it is kept at 0 rather than refused.
  const problems = [
    e.kind === "webhook_test" ? null : timeProblem("timestamp", e.at),
    idProblem("the customer id", e.psid),
  ];
  switch (e.kind) {
    case "customer_message":
    case "page_message":
    case "reaction":
    case "message_edit":
    case "message_deleted":
      problems.push(idProblem("mid", e.mid));
      break;
    case "opt_in":
      problems.push(idProblem("user_ref", e.userRef));
      break;
    case "customer_postback":
      problems.push(idProblem("mid", e.mid));
      break;
    case "delivery":
    case "read":
      problems.push(timeProblem("watermark", e.watermark));
      break;
    default:
      break;
  }
  return problems.find((p) => p !== null) ?? null;
}

/** What Baton stores of a message: its text cut to MAX_TEXT_CHARS, and a dedupe key that fits the index. */
function bounded(e: MessengerEvent): MessengerEvent {
  const dedupeKey = boundedKey(e.dedupeKey);
  if (e.kind === "customer_message" || e.kind === "page_message" || e.kind === "message_edit")
    return { ...e, ...cutText(e.text), dedupeKey };
  return dedupeKey === e.dedupeKey ? e : { ...e, dedupeKey };
}

/** A webhook event Baton cannot store (a NUL character, a timestamp that is not a time, nesting too deep): kept raw instead. */
export interface RefusedEvent {
  /** The entry's page id, escaped and cut when it cannot be stored as it is. */
  pageId: string;
  channel: Channel;
  reason: string;
  /** The event's JSON text: NUL and unpaired surrogates escaped, anything nested too deep cut. */
  raw: string;
}

export interface ParsedBatch {
  /** Oldest first. */
  events: MessengerEvent[];
  refused: RefusedEvent[];
}

/** Text that PostgreSQL stores: NUL escaped as \u0000, cut to `max` characters. */
export function storableText(s: string, max: number): string {
  const escaped = s.replaceAll("\u0000", "\\u0000");
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped;
}

function readEvent(
  raw: unknown,
  pageId: string,
  channel: Channel,
  fallbackAt: number,
  apps: AppIds,
): MessengerEvent | { refused: string } {
  const inspection = inspectJson(raw);
  if (inspection.problem) return { refused: inspection.problem };
  const value = inspection.loneSurrogates ? wellFormedJson(raw) : raw;
  // A number that is no time (1e999 parses to Infinity, which the schema would call merely malformed) is refused.
  const timestamp =
    typeof value === "object" && value !== null && "timestamp" in value ? value.timestamp : undefined;
  if (typeof timestamp === "number" && !plausibleTime(timestamp))
    return { refused: timeProblem("timestamp", timestamp) ?? "" };
  const parsed = messengerRawEvent.safeParse(value);
  if (!parsed.success) {
    const reason = describeIssues(parsed.error);
    return {
      kind: "unknown",
      pageId,
      psid: "",
      at: fallbackAt,
      channel,
      reason,
      raw: value,
      dedupeKey: unknownKey(value),
    };
  }
  const event = normalise(parsed.data, pageId, channel, apps) ?? {
    kind: "unknown",
    pageId,
    psid: parsed.data.sender?.id ?? "",
    at: parsed.data.timestamp,
    channel,
    reason: "no known event field",
    raw: value,
    dedupeKey: unknownKey(value),
  };
  const problem = eventProblem(event);
  return problem ? { refused: problem } : bounded(event);
}

/** One item of an entry's `changes` (the App Dashboard's Test samples): a webhook_test, checked like any event. */
function readChange(raw: unknown, pageId: string, fallbackAt: number): MessengerEvent | { refused: string } {
  const inspection = inspectJson(raw);
  if (inspection.problem) return { refused: inspection.problem };
  const value = inspection.loneSurrogates ? wellFormedJson(raw) : raw;
  const base = { pageId, psid: "", at: fallbackAt, channel: "changes" } as const;
  const parsed = rawChange.safeParse(value);
  if (!parsed.success)
    return {
      ...base,
      kind: "unknown",
      reason: describeIssues(parsed.error),
      raw: value,
      dedupeKey: unknownKey(value),
    };
  const hash = createHash("sha256")
    .update(JSON.stringify(parsed.data.value) ?? "")
    .digest("hex")
    .slice(0, 32);
  const event: MessengerEvent = {
    ...base,
    kind: "webhook_test",
    field: parsed.data.field,
    value: parsed.data.value,
    dedupeKey: `webhook_test:${pageId}:${parsed.data.field}:${fallbackAt}:${hash}`,
  };
  const problem = eventProblem(event);
  return problem ? { refused: problem } : bounded(event);
}

/**
 * Turns a verified webhook batch into Baton's events, oldest first. Unknown or malformed events are kept raw as
 * `unknown` events; events that cannot be stored at all (see RefusedEvent) are returned apart, so one poisoned
 * event never sinks the batch it came in.
 */
export function parseWebhookBatch(envelope: BatchEnvelope, apps: AppIds): ParsedBatch {
  const events: MessengerEvent[] = [];
  const refused: RefusedEvent[] = [];
  for (const entry of envelope.entry) {
    const channels: [Channel, unknown[] | undefined][] = [
      ["messaging", entry.messaging],
      ["standby", entry.standby],
      ["changes", entry.changes],
    ];
    const pageProblem = inspectJson(entry.id).problem
      ? "the entry's page id contains a NUL character"
      : idProblem("the entry's page id", entry.id);
    const pageId = pageProblem ? storableText(entry.id, MAX_ID_CHARS) : wellFormed(entry.id);
    const fallbackAt = plausibleTime(entry.time) ? entry.time : 0;
    for (const [channel, list] of channels) {
      for (const raw of list ?? []) {
        const read = pageProblem
          ? { refused: pageProblem }
          : channel === "changes"
            ? readChange(raw, pageId, fallbackAt)
            : readEvent(raw, pageId, channel, fallbackAt, apps);
        if ("refused" in read)
          refused.push({ pageId, channel, reason: read.refused, raw: storableJson(raw) });
        else events.push(read);
      }
    }
  }
  // Meta may deliver out of order: sort by timestamp; the sort is stable, so ties keep Meta's order.
  return { events: events.sort((a, b) => a.at - b.at), refused };
}
