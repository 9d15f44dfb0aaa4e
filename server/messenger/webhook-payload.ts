import { z } from "zod";

/**
 * Meta's webhook envelope. The envelope is strict (a body that is not a Page batch is refused);
 * the events inside are parsed one by one and kept raw when unknown, so one odd event never sinks a batch.
 */
export const webhookEnvelope = z.object({
  object: z.literal("page"),
  entry: z.array(
    z.object({
      id: z.string(),
      time: z.number().optional(),
      messaging: z.array(z.unknown()).optional(),
      standby: z.array(z.unknown()).optional(),
    }),
  ),
});
export type WebhookEnvelope = z.infer<typeof webhookEnvelope>;

const id = z.object({ id: z.string() });
const nullableString = z
  .string()
  .nullish()
  .transform((v) => v ?? null);

const rawButton = z.looseObject({
  type: z.string().default("postback"),
  title: z.string().default(""),
  payload: nullableString,
  url: nullableString,
});

const rawElement = z.looseObject({
  title: z.string().default(""),
  subtitle: nullableString,
  image_url: nullableString,
  buttons: z.array(rawButton).default([]),
});

export const rawAttachment = z.looseObject({
  type: z.string(),
  title: nullableString,
  url: nullableString,
  payload: z
    .looseObject({
      url: nullableString,
      sticker_id: z.number().nullish(),
      title: nullableString,
      name: nullableString,
      template_type: nullableString,
      text: nullableString,
      elements: z.array(rawElement).nullish(),
      buttons: z.array(rawButton).nullish(),
      coordinates: z.object({ lat: z.number(), long: z.number() }).nullish(),
    })
    .nullish(),
});
export type RawAttachment = z.infer<typeof rawAttachment>;

const rawQuickReply = z.looseObject({
  content_type: z.string().default("text"),
  title: z.string().default(""),
  payload: z.string().default(""),
  image_url: nullableString,
});

export const rawMessage = z.looseObject({
  mid: z.string(),
  text: nullableString,
  is_echo: z.boolean().optional(),
  app_id: z.union([z.number(), z.string()]).nullish(),
  metadata: nullableString,
  attachments: z.array(rawAttachment).default([]),
  quick_reply: z.object({ payload: z.string() }).nullish(),
  quick_replies: z.array(rawQuickReply).default([]),
  reply_to: z.object({ mid: z.string() }).nullish(),
});

export const rawEvent = z.looseObject({
  sender: id.optional(),
  recipient: id.optional(),
  timestamp: z.number(),
  message: rawMessage.optional(),
  postback: z
    .looseObject({ title: z.string().default(""), payload: nullableString, mid: nullableString })
    .optional(),
  delivery: z.looseObject({ mids: z.array(z.string()).default([]), watermark: z.number() }).optional(),
  read: z.looseObject({ watermark: z.number() }).optional(),
  reaction: z
    .looseObject({
      mid: z.string(),
      action: z.enum(["react", "unreact"]),
      reaction: z.string().default("other"),
      emoji: z.string().default(""),
    })
    .optional(),
  pass_thread_control: z
    .looseObject({
      new_owner_app_id: z.union([z.number(), z.string()]),
      previous_owner_app_id: z.union([z.number(), z.string()]).nullish(),
      metadata: nullableString,
    })
    .optional(),
  take_thread_control: z
    .looseObject({
      previous_owner_app_id: z.union([z.number(), z.string()]).nullish(),
      new_owner_app_id: z.union([z.number(), z.string()]).nullish(),
      metadata: nullableString,
    })
    .optional(),
  request_thread_control: z
    .looseObject({
      requested_owner_app_id: z.union([z.number(), z.string()]),
      metadata: nullableString,
    })
    .optional(),
  app_roles: z.record(z.string(), z.array(z.string())).optional(),
});
export type RawEvent = z.infer<typeof rawEvent>;
