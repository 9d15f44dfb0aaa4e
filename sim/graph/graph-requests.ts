import { z } from "zod";

/** Request bodies the emulator accepts, as Meta documents them. Unknown fields are tolerated, like Graph does. */

const recipient = z.looseObject({ id: z.string().min(1) });
/** A PSID, or the user_ref a checkbox plugin opt-in gave (one message may go to it). */
const sendRecipient = z.union([recipient, z.looseObject({ user_ref: z.string().min(1) })]);

const quickReply = z.looseObject({
  content_type: z.enum(["text", "user_phone_number", "user_email"]).default("text"),
  title: z.string().max(20, "quick reply titles are limited to 20 characters").optional(),
  payload: z.string().max(1000).optional(),
  image_url: z.string().optional(),
});

const button = z.looseObject({
  type: z.enum(["postback", "web_url", "phone_number"]),
  title: z.string().min(1).max(20, "button titles are limited to 20 characters"),
  payload: z.string().max(1000).optional(),
  url: z.string().optional(),
});

const element = z.looseObject({
  title: z.string().min(1).max(80),
  subtitle: z.string().max(80).optional(),
  image_url: z.string().optional(),
  default_action: z.looseObject({ type: z.literal("web_url"), url: z.string() }).optional(),
  buttons: z.array(button).max(3).optional(),
});

const templatePayload = z.discriminatedUnion("template_type", [
  z.looseObject({ template_type: z.literal("generic"), elements: z.array(element).min(1).max(10) }),
  z.looseObject({
    template_type: z.literal("button"),
    text: z.string().min(1).max(640),
    buttons: z.array(button).min(1).max(3),
  }),
  z.looseObject({
    template_type: z.literal("media"),
    elements: z
      .array(
        z.looseObject({
          media_type: z.enum(["image", "video"]),
          url: z.string(),
          buttons: z.array(button).max(1).optional(),
        }),
      )
      .length(1),
  }),
]);

const attachment = z.discriminatedUnion("type", [
  z.looseObject({
    type: z.enum(["image", "video", "audio", "file"]),
    payload: z.looseObject({
      url: z.string().optional(),
      is_reusable: z.boolean().optional(),
      attachment_id: z.string().optional(),
    }),
  }),
  z.looseObject({ type: z.literal("template"), payload: templatePayload }),
]);

export const sendRequest = z
  .looseObject({
    recipient: sendRecipient,
    messaging_type: z.enum(["RESPONSE", "UPDATE", "MESSAGE_TAG"]).default("RESPONSE"),
    tag: z.string().optional(),
    notification_type: z.enum(["REGULAR", "SILENT_PUSH", "NO_PUSH"]).optional(),
    sender_action: z.enum(["typing_on", "typing_off", "mark_seen"]).optional(),
    message: z
      .looseObject({
        text: z.string().min(1).max(2000, "text must be UTF-8 and under 2000 characters").optional(),
        attachment: attachment.optional(),
        quick_replies: z.array(quickReply).max(13, "at most 13 quick replies").optional(),
        metadata: z.string().max(1000, "metadata is limited to 1000 characters").optional(),
      })
      .refine(
        (m) => (m.text === undefined) !== (m.attachment === undefined),
        "message must have exactly one of text or attachment",
      )
      .optional(),
    thread_control: z
      .looseObject({ control_type: z.enum(["pass", "release"]), app_id: z.string().optional() })
      .optional(),
  })
  .refine(
    (r) => (r.message === undefined) !== (r.sender_action === undefined),
    "send either a message or a sender_action",
  );
export type SendRequest = z.infer<typeof sendRequest>;

export const passThreadControlRequest = z.looseObject({
  recipient,
  target_app_id: z.union([z.string(), z.number()]).transform(String),
  metadata: z.string().max(1000).optional(),
});
export const takeThreadControlRequest = z.looseObject({
  recipient,
  metadata: z.string().max(1000).optional(),
});
export const requestThreadControlRequest = takeThreadControlRequest;
export const releaseThreadControlRequest = z.looseObject({ recipient });
export const extendThreadControlRequest = z.looseObject({
  recipient,
  duration: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .optional(),
});

/** The first problem in a zod error, worded like Graph's `(#100)` messages. */
export function describeInvalid(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "Invalid parameter";
  const path = issue.path.join(".");
  return path ? `Param ${path}: ${issue.message}` : issue.message;
}
