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
  | {
      template_type: "media";
      elements: { media_type: "image" | "video"; url: string; buttons?: TemplateButton[] }[];
    };

export type OutgoingAttachment =
  | {
      type: "image" | "video" | "audio" | "file";
      payload: { url?: string; is_reusable?: boolean; attachment_id?: string };
    }
  | { type: "template"; payload: TemplatePayload };

/** An attachment as it appears in a webhook event (customer message or echo). */
export interface EventAttachment {
  type: string;
  title?: string;
  url?: string;
  payload: Record<string, unknown> | null;
}

/** What brought the customer to the thread (an m.me link, an ad, a QR code...), in Meta's field names. */
export interface ReferralBody {
  ref?: string;
  /** SHORTLINK (m.me), ADS, MESSENGER_CODE (QR code), CUSTOMER_CHAT_PLUGIN, DISCOVER_TAB... */
  source: string;
  type: "OPEN_THREAD";
  ad_id?: string;
  ads_context_data?: {
    ad_title?: string;
    photo_url?: string;
    video_url?: string;
    post_id?: string;
    product_id?: string;
  };
  referer_uri?: string;
}

export interface MessageBody {
  mid: string;
  text?: string;
  attachments?: EventAttachment[];
  quick_reply?: { payload: string };
  quick_replies?: QuickReply[];
  /** A reply to a message, or to the Page's story. */
  reply_to?: { mid: string } | { story: { url: string; id: string } };
  is_echo?: true;
  app_id?: number;
  metadata?: string;
  /** The customer's first message after the Page wrote to them through a plugin (checkbox: the user_ref). */
  prior_message?: { source: "checkbox_plugin"; identifier: string };
}

/** messaging_optins: the checkbox plugin (user_ref, no sender), Send to Messenger (ref), recurring notifications. */
export interface OptinBody {
  type?: "notification_messages" | "one_time_notif_req";
  ref?: string;
  user_ref?: string;
  payload?: string;
  title?: string;
  notification_messages_token?: string;
  notification_messages_frequency?: "DAILY" | "WEEKLY" | "MONTHLY";
  notification_messages_timezone?: string;
  token_expiry_timestamp?: number;
  user_token_status?: "NOT_REFRESHED" | "REFRESHED";
  notification_messages_status?: "STOP_NOTIFICATIONS" | "RESUME_NOTIFICATIONS";
}

/** messaging_feedback: the answers to Meta's customer feedback template, screen by screen. */
export interface FeedbackBody {
  feedback_screens: {
    screen_id: number;
    questions: Record<
      string,
      { type: "csat" | "nps" | "ces"; payload: string; follow_up?: { type: "free_form"; payload: string } }
    >;
  }[];
}

export interface MessagingEvent {
  sender?: Party;
  recipient: Party;
  timestamp: number;
  message?: MessageBody;
  postback?: { title: string; payload?: string; mid: string; referral?: ReferralBody };
  referral?: ReferralBody;
  optin?: OptinBody;
  messaging_feedback?: FeedbackBody;
  message_edit?: { mid: string; text: string; num_edit: number };
  /** Sent to the app Meta warned or blocked; no sender. */
  policy_enforcement?: { action: "warning" | "block" | "unblock"; reason?: string };
  delivery?: { mids: string[]; watermark: number };
  read?: { watermark: number };
  reaction?: { mid: string; action: "react" | "unreact"; reaction: string; emoji: string };
  pass_thread_control?: { new_owner_app_id: string; previous_owner_app_id: string | null; metadata: string };
  take_thread_control?: { previous_owner_app_id: string | null; new_owner_app_id: string; metadata: string };
  request_thread_control?: { requested_owner_app_id: string; metadata: string };
  app_roles?: Record<string, string[]>;
}

export type Channel = "messaging" | "standby";

/** The App Dashboard's "Test" button posts a sample in this older format: `changes` rather than `messaging`. */
export interface WebhookChange {
  field: string;
  value: Record<string, unknown>;
}

export interface WebhookEntry {
  id: string;
  time: number;
  messaging?: MessagingEvent[];
  standby?: MessagingEvent[];
  changes?: WebhookChange[];
}

export interface WebhookBody {
  object: "page";
  entry: WebhookEntry[];
}
