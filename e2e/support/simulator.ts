import { expect, type APIRequestContext, type Page } from "@playwright/test";

/**
 * The simulator's customer-driving API (sim/, under /simulator/api). Every e2e spec talks to it through this file
 * only, so a change in the simulator's routes is one edit here.
 */
export interface SimCustomer {
  psid: string;
  name: string;
}

export type BotMode = "well_behaved" | "misconfigured" | "autoresponder" | "silent";

/** How the shop bot words and offers its handoff for one customer (sim/bot/variants.ts). */
export interface BotOptions {
  variant?:
    "classic" | "chat_with_an_agent" | "talk_to_human" | "customer_service" | "spanish" | "french" | "german";
  language?: "en" | "es" | "fr" | "de";
  handoffTitle?: string;
  handoffPayload?: string;
  handoffStyle?: "quick_reply" | "button_template" | "carousel";
}

/** Where a customer comes from: an ad (with its title), an m.me link, a QR code, the chat plugin. */
export interface Referral {
  source: "ads" | "shortlink" | "qr_code" | "chat_plugin";
  ref?: string;
  adId?: string;
  adTitle?: string;
}

/** What the customer sees, as the simulator answers it (the parts the specs read). */
export interface SimCustomerView extends SimCustomer {
  owner: string;
  messages: {
    mid: string;
    author: "customer" | "bot" | "baton" | "page_inbox" | "page";
    text: string | null;
  }[];
}

async function post<T>(request: APIRequestContext, path: string, data: unknown = {}): Promise<T> {
  const response = await request.post(`/simulator/api${path}`, { data });
  expect(response.ok(), `${path} answered ${response.status()}: ${await response.text()}`).toBeTruthy();
  const text = await response.text();
  return (text ? JSON.parse(text) : {}) as T;
}

export const simulator = {
  /** A new customer with a unique name, talking to the shop bot in the given mode. */
  createCustomer: (
    request: APIRequestContext,
    name: string,
    botMode: BotMode = "well_behaved",
    options: BotOptions & { referral?: Referral } = {},
  ) => post<SimCustomerView>(request, "/customers", { name, botMode, ...options }),
  say: (request: APIRequestContext, psid: string, text: string) =>
    post(request, `/customers/${psid}/say`, { text }),
  tap: (request: APIRequestContext, psid: string, chip: string) =>
    post(request, `/customers/${psid}/tap`, { chip }),
  askForHuman: (request: APIRequestContext, psid: string) =>
    post(request, `/customers/${psid}/ask-for-human`),
  /** Taps a button the bot sent (a button template's or a card's) by its title. */
  tapButton: (request: APIRequestContext, psid: string, title: string) =>
    post<SimCustomerView>(request, `/customers/${psid}/postbacks`, { title }),
  /** The customer comes back through an ad, an m.me link, a QR code or the chat plugin. */
  arriveFrom: (request: APIRequestContext, psid: string, referral: Referral) =>
    post<SimCustomerView>(request, `/customers/${psid}/referrals`, referral),
  /** Edits the customer's last message (or `mid`). */
  edit: (request: APIRequestContext, psid: string, text: string, mid?: string) =>
    post<SimCustomerView>(request, `/customers/${psid}/edits`, { text, ...(mid ? { mid } : {}) }),
  replyToStory: (request: APIRequestContext, psid: string, text: string) =>
    post<SimCustomerView>(request, `/customers/${psid}/story-replies`, { text }),
  mentionInStory: (request: APIRequestContext, psid: string) =>
    post<SimCustomerView>(request, `/customers/${psid}/story-mentions`),
  /** The checkbox plugin (ref) or recurring notifications (topic, frequency). */
  optIn: (
    request: APIRequestContext,
    psid: string,
    optin:
      | { kind: "checkbox"; ref?: string }
      | { kind: "recurring"; topic?: string; frequency?: "DAILY" | "WEEKLY" | "MONTHLY" },
  ) => post<SimCustomerView>(request, `/customers/${psid}/optins`, optin),
  feedback: (
    request: APIRequestContext,
    psid: string,
    answers: { csat?: number; nps?: number; ces?: number; text?: string },
  ) => post<SimCustomerView>(request, `/customers/${psid}/feedback`, answers),
  /** Meta warns, blocks or unblocks Baton's app on the Page (a policy alert for managers). */
  policyEnforcement: (request: APIRequestContext, action: "warning" | "block" | "unblock", reason?: string) =>
    post(request, "/policy-enforcement", { action, ...(reason ? { reason } : {}) }),
  /** The App Dashboard's "Test" button for a webhook field. */
  webhookTest: (request: APIRequestContext, field = "messages") => post(request, "/webhook-test", { field }),
  /** Moves the simulated clock (and Baton's, in the demo) forward. */
  advance: (request: APIRequestContext, ms: number) => post(request, "/clock/advance", { ms }),
  /** Waits until every scheduled delivery (webhooks, bot replies, receipts) has happened. */
  settle: (request: APIRequestContext) => post(request, "/settle"),
  /** The simulated clock's time (Baton's too, in the demo), once everything scheduled has happened. */
  now: async (request: APIRequestContext) => new Date((await post<{ now: string }>(request, "/settle")).now),
};

/** The demo agent the specs sign in as (sim/customers/journeys.ts DEMO_AGENTS). */
export const demoAgent = { id: "sam", name: "Sam Okafor" } as const;

/** Signs in through the "Sign in as" picker. */
export async function signIn(page: Page, agentName: string = demoAgent.name): Promise<void> {
  await page.goto("/?view=open");
  await page
    .getByRole("button", { name: new RegExp(`sign in as ${agentName}`, "i") })
    .first()
    .click();
  await expect(page.getByRole("navigation", { name: "Views" })).toBeVisible();
}

export const uniqueName = (prefix: string) => `${prefix} ${Date.now().toString(36).slice(-5)}`;
