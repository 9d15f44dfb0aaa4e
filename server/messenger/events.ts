import type { Attachment, QuickReplyOption, TemplateButton } from "../../contract/timeline.ts";
import { PAGE_INBOX_APP_ID } from "../config.ts";
import { rawEvent, type RawAttachment, type RawEvent, type WebhookEnvelope } from "./webhook-payload.ts";
import type { z } from "zod";

export type Channel = "messaging" | "standby" | "baton";
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

export interface CustomerMessage extends Base {
  kind: "customer_message";
  mid: string;
  text: string | null;
  attachments: Attachment[];
  quickReplyPayload: string | null;
  replyToMid: string | null;
}
export interface CustomerPostback extends Base {
  kind: "customer_postback";
  mid: string | null;
  title: string;
  /** Meta leaves the payload out on the standby channel. */
  payload: string | null;
}
export interface PageMessage extends Base {
  kind: "page_message";
  mid: string;
  appId: string | null;
  sender: PageSender;
  text: string | null;
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
  | UnknownEvent;

export interface AppIds {
  bot: string;
  baton: string;
}

const str = (v: string | number | null | undefined): string | null => (v === null || v === undefined ? null : String(v));

/** The app behind an echo: the bot, Baton itself, Meta's Page Inbox, or unknown (no app_id, or another app). */
export function pageSenderOf(appId: string | null, apps: AppIds): PageSender {
  if (appId === apps.bot) return "bot";
  if (appId === apps.baton) return "baton";
  if (appId === PAGE_INBOX_APP_ID) return "page_inbox";
  return "unknown";
}

function buttonsOf(buttons: readonly { type: string; title: string; payload: string | null; url: string | null }[] | null | undefined): TemplateButton[] {
  return (buttons ?? []).map((b) => ({ type: b.type, title: b.title, payload: b.payload, url: b.url }));
}

export function attachmentOf(a: RawAttachment): Attachment {
  const p = a.payload;
  switch (a.type) {
    case "image":
      return { type: "image", url: p?.url ?? null, stickerId: p?.sticker_id ?? null };
    case "video":
    case "audio":
      return { type: a.type, url: p?.url ?? null };
    case "file":
      return { type: "file", url: p?.url ?? null, name: p?.name ?? p?.title ?? a.title ?? null };
    case "location":
      return {
        type: "location",
        title: p?.title ?? a.title ?? null,
        url: p?.coordinates ? `https://maps.google.com/?q=${p.coordinates.lat},${p.coordinates.long}` : (p?.url ?? a.url ?? null),
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

function normalise(e: RawEvent, pageId: string, channel: Channel, apps: AppIds): MessengerEvent | null {
  const sender = e.sender?.id ?? null;
  const recipient = e.recipient?.id ?? null;
  const at = e.timestamp;
  const customer = sender === pageId ? recipient : sender;
  const base = { pageId, at, channel } as const;

  if (e.app_roles) {
    return { ...base, kind: "app_roles", psid: "", roles: e.app_roles, dedupeKey: `roles:${pageId}:${at}` };
  }
  if (!customer) return null;
  const psid = customer;

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
        quickReplies: m.quick_replies.map((q) => ({ title: q.title, payload: q.payload, imageUrl: q.image_url })),
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
      dedupeKey: p.mid ? `mid:${p.mid}` : `postback:${psid}:${at}:${p.title}`,
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
    return { ...base, kind: "read", psid, watermark: e.read.watermark, dedupeKey: `read:${psid}:${e.read.watermark}:${channel}` };
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

function unknownKey(raw: unknown): string {
  // Stable identity for an event we cannot read, so a re-delivery is still recognised.
  return `unknown:${JSON.stringify(raw)}`.slice(0, 500);
}

function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(event)"}: ${i.message}`).join("; ");
}

/** Turns a verified webhook batch into Baton's events, oldest first. Unknown or malformed events are kept raw. */
export function parseWebhookBatch(envelope: WebhookEnvelope, apps: AppIds): MessengerEvent[] {
  const out: MessengerEvent[] = [];
  for (const entry of envelope.entry) {
    const channels: [Channel, unknown[] | undefined][] = [
      ["messaging", entry.messaging],
      ["standby", entry.standby],
    ];
    for (const [channel, events] of channels) {
      for (const raw of events ?? []) {
        const parsed = rawEvent.safeParse(raw);
        const fallbackAt = entry.time ?? 0;
        if (!parsed.success) {
          out.push({
            kind: "unknown",
            pageId: entry.id,
            psid: "",
            at: fallbackAt,
            channel,
            reason: describeIssues(parsed.error),
            raw,
            dedupeKey: unknownKey(raw),
          });
          continue;
        }
        const event = normalise(parsed.data, entry.id, channel, apps);
        out.push(
          event ?? {
            kind: "unknown",
            pageId: entry.id,
            psid: parsed.data.sender?.id ?? "",
            at: parsed.data.timestamp,
            channel,
            reason: "no known event field",
            raw,
            dedupeKey: unknownKey(raw),
          },
        );
      }
    }
  }
  // Meta may deliver out of order: sort by timestamp; the sort is stable, so ties keep Meta's order.
  return out.sort((a, b) => a.at - b.at);
}
