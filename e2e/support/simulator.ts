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

async function post<T>(request: APIRequestContext, path: string, data: unknown = {}): Promise<T> {
  const response = await request.post(`/simulator/api${path}`, { data });
  expect(response.ok(), `${path} answered ${response.status()}: ${await response.text()}`).toBeTruthy();
  const text = await response.text();
  return (text ? JSON.parse(text) : {}) as T;
}

export const simulator = {
  /** A new customer with a unique name, talking to the shop bot in the given mode. */
  createCustomer: (request: APIRequestContext, name: string, botMode: BotMode = "well_behaved") =>
    post<SimCustomer>(request, "/customers", { name, botMode }),
  say: (request: APIRequestContext, psid: string, text: string) => post(request, `/customers/${psid}/say`, { text }),
  tap: (request: APIRequestContext, psid: string, chip: string) => post(request, `/customers/${psid}/tap`, { chip }),
  askForHuman: (request: APIRequestContext, psid: string) => post(request, `/customers/${psid}/ask-for-human`),
  /** Moves the simulated clock (and Baton's, in the demo) forward. */
  advance: (request: APIRequestContext, ms: number) => post(request, "/clock/advance", { ms }),
  /** Waits until every scheduled delivery (webhooks, bot replies, receipts) has happened. */
  settle: (request: APIRequestContext) => post(request, "/settle"),
};

/** The demo agent the specs sign in as (sim/customers/journeys.ts DEMO_AGENTS). */
export const demoAgent = { id: "sam", name: "Sam Okafor" } as const;

/** Signs in through the "Sign in as" picker. */
export async function signIn(page: Page, agentName: string = demoAgent.name): Promise<void> {
  await page.goto("/?view=open");
  await page.getByRole("button", { name: new RegExp(`sign in as ${agentName}`, "i") }).first().click();
  await expect(page.getByRole("navigation", { name: "Views" })).toBeVisible();
}

export const uniqueName = (prefix: string) => `${prefix} ${Date.now().toString(36).slice(-5)}`;
