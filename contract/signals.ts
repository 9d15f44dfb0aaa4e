import { z } from "zod/mini";

/**
 * Messenger signals beyond messages and handovers (the single definition for the server and the SPA): where a
 * conversation came from, the handoff buttons Baton learned from the bot, Meta's policy alerts, webhook tests.
 */

/** An m.me link, an ad, a QR code, a customer-chat plugin: what brought the customer to the thread. */
export const referral = z.object({
  /** Meta's `source`: ADS, SHORTLINK, CUSTOMER_CHAT_PLUGIN, … */
  source: z.string(),
  /** Meta's `type`: OPEN_THREAD, … */
  type: z.nullable(z.string()),
  /** The `ref` parameter the shop put on the link or ad. */
  ref: z.nullable(z.string()),
  adId: z.nullable(z.string()),
  /** The ad's title when Meta sends ads_context_data. */
  adTitle: z.nullable(z.string()),
  at: z.string(),
});
export type Referral = z.infer<typeof referral>;

/** A handoff button title learned from the bot's own messages: its payload is a handoff payload. */
export const learnedHandoffButton = z.object({
  pageId: z.string(),
  title: z.string(),
  payload: z.string(),
  /** Where it was seen: quick_reply, button_template, generic_template (a card or carousel button), persistent_menu. */
  source: z.string(),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
});
export type LearnedHandoffButton = z.infer<typeof learnedHandoffButton>;

/** GET /api/admin/messenger: what Baton learned and last heard from Meta. */
export const messengerSettings = z.object({
  learnedHandoffButtons: z.array(learnedHandoffButton),
  /** The last sample Meta's App Dashboard "Test" button posted (`changes` format), or null. */
  lastWebhookTestAt: z.nullable(z.string()),
  lastWebhookTestField: z.nullable(z.string()),
  handoffPayloads: z.array(z.string()),
  handoffPhrases: z.array(z.string()),
});
export type MessengerSettings = z.infer<typeof messengerSettings>;

/** Meta's policy-enforcement webhook: the Page's app was warned or blocked; replies may start failing. */
export const policyAlert = z.object({
  id: z.string(),
  pageId: z.string(),
  /** Meta's action: warning, block, unblock. */
  action: z.string(),
  reason: z.nullable(z.string()),
  at: z.string(),
  /** The name of the agent who acknowledged it (their id if the account is gone). */
  acknowledgedBy: z.nullable(z.string()),
  acknowledgedAt: z.nullable(z.string()),
});
export type PolicyAlert = z.infer<typeof policyAlert>;
/** GET /api/alerts (managers and admins): the alerts nobody acknowledged yet. */
export const policyAlertsResponse = z.object({ alerts: z.array(policyAlert) });
export type PolicyAlertsResponse = z.infer<typeof policyAlertsResponse>;
/** POST /api/alerts/:id/acknowledge (managers and admins): the alert, acknowledged. */
export const policyAlertResult = z.object({ alert: policyAlert });
export type PolicyAlertResult = z.infer<typeof policyAlertResult>;
