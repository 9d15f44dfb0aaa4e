/** The webhook events Meta sends, in Meta's field names, as the emulator produces them. */

export interface Party {
  id: string;
}

export interface QuickReply {
  content_type: "text" | "user_phone_number" | "user_email";
  title?: string;
  payload?: string;
  image_url?: string;
}

export interface TemplateButton {
  type: "postback" | "web_url" | "phone_number";
  title: string;
  payload?: string;
  url?: string;
}

export interface TemplateElement {
  title: string;
  subtitle?: string;
  image_url?: string;
  default_action?: { type: "web_url"; url: string };
  buttons?: TemplateButton[];
}

export type TemplatePayload =
  | { template_type: "generic"; elements: TemplateElement[] }
  | { template_type: "button"; text: string; buttons: TemplateButton[] }
  | { template_type: "media"; elements: { media_type: "image" | "video"; url: string; buttons?: TemplateButton[] }[] };

export type OutgoingAttachment =
  | { type: "image" | "video" | "audio" | "file"; payload: { url?: string; is_reusable?: boolean; attachment_id?: string } }
  | { type: "template"; payload: TemplatePayload };

/** An attachment as it appears in a webhook event (customer message or echo). */
export interface EventAttachment {
  type: string;
  title?: string;
  url?: string;
  payload: Record<string, unknown> | null;
}

export interface MessageBody {
  mid: string;
  text?: string;
  attachments?: EventAttachment[];
  quick_reply?: { payload: string };
  quick_replies?: QuickReply[];
  reply_to?: { mid: string };
  is_echo?: true;
  app_id?: number;
  metadata?: string;
}

export interface MessagingEvent {
  sender?: Party;
  recipient: Party;
  timestamp: number;
  message?: MessageBody;
  postback?: { title: string; payload?: string; mid: string };
  delivery?: { mids: string[]; watermark: number };
  read?: { watermark: number };
  reaction?: { mid: string; action: "react" | "unreact"; reaction: string; emoji: string };
  pass_thread_control?: { new_owner_app_id: string; previous_owner_app_id: string | null; metadata: string };
  take_thread_control?: { previous_owner_app_id: string | null; new_owner_app_id: string; metadata: string };
  request_thread_control?: { requested_owner_app_id: string; metadata: string };
  app_roles?: Record<string, string[]>;
}

export type Channel = "messaging" | "standby";

export interface WebhookEntry {
  id: string;
  time: number;
  messaging?: MessagingEvent[];
  standby?: MessagingEvent[];
}

export interface WebhookBody {
  object: "page";
  entry: WebhookEntry[];
}
