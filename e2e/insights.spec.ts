import AxeBuilder from "@axe-core/playwright";
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { signIn, simulator, uniqueName } from "./support/simulator.ts";

const MINUTE = 60_000;

/**
 * Moves the simulated clock (Baton's, in the demo) to 00:10 UTC of the next day: a day no conversation of the demo's
 * history touched, so its figures are exactly what the test makes there. Returns that day (YYYY-MM-DD).
 */
async function aFreshDay(request: APIRequestContext): Promise<string> {
  const now = await simulator.now(request);
  const next = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1, 0, 10);
  await simulator.advance(request, next - now.getTime());
  return new Date(next).toISOString().slice(0, 10);
}

/** A customer who asks the shop bot where their order is (the bot answers; the question stays open). */
async function asksWhereTheOrderIs(request: APIRequestContext, prefix: string) {
  const customer = await simulator.createCustomer(request, uniqueName(prefix));
  await simulator.say(request, customer.psid, "Where is my order?");
  return customer;
}

/** The rows of a chart's table, opened from its "Show table" button, as they read cell by cell. */
async function expectTable(page: Page, caption: string, rows: (string | RegExp)[][]) {
  await page.getByRole("button", { name: `Show table of ${caption}`, exact: true }).click();
  const table = page.getByRole("table", { name: caption, exact: true });
  await expect(table).toBeVisible();
  const bodyRows = table.locator("tbody tr");
  await expect(bodyRows).toHaveCount(rows.length);
  for (const [i, cells] of rows.entries()) await expect(bodyRows.nth(i).locator("th, td")).toHaveText(cells);
}

/** A figure's value and detail line, under its label (the page writes them as a description list). */
const stat = (page: Page, label: string) =>
  page
    .locator("div")
    .filter({ has: page.locator("dt", { hasText: new RegExp(`^${label}$`) }) })
    .last();

test("the Insights figures of a day are the numbers of the conversations made on it", async ({
  page,
  request,
}) => {
  // Seed a day of its own through the simulator: six conversations with the shop bot, each in one outcome class.
  const day = await aFreshDay(request);
  // Two handoffs: a typed phrase and the bot's "Talk to a human" chip. Each reopens the welcome's resolution.
  const typed = await simulator.createCustomer(request, uniqueName("Typed"));
  await simulator.say(request, typed.psid, "I want to talk to a human");
  const chip = await simulator.createCustomer(request, uniqueName("Chip"));
  await simulator.askForHuman(request, chip.psid);
  // Two the bot answers, then the customers go quiet for longer than the quiet time (60 minutes): assumed.
  await asksWhereTheOrderIs(request, "Quiet");
  await asksWhereTheOrderIs(request, "Quiet");
  await simulator.advance(request, 61 * MINUTE);
  // One the customer confirms ("Thanks, that helped!"), and one still within the quiet time: awaiting.
  const thanks = await asksWhereTheOrderIs(request, "Thanks");
  await simulator.say(request, thanks.psid, "Thanks, that helped!");
  await asksWhereTheOrderIs(request, "Waiting");
  // The page's figures may be 30 s old (the rollups are not a live view): let that pass on the server's clock.
  await simulator.advance(request, 31_000);

  // By hand: a cohort of 6 = 1 confirmed + 2 assumed + 1 awaiting + 2 handed off + 0 unresolved.
  // Shares of 6: 1/6 = 16.7%, 2/6 = 33.3%; reported resolution rate (1 + 2)/6 = 50%; handoff rate 2/6 = 33.3%.
  // One bot resolution per conversation (6), the two handed off reopened within 7 days: 2/6 = 33.3% reopened,
  // 4/6 = 66.7% durable. Handoffs by reason: 1 chip and 1 typed phrase, half each; nobody answered them yet.
  await signIn(page, "Maya Chen");
  await page.goto(`/insights?from=${day}&to=${day}`);
  await expect(page.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible();

  await expect(stat(page, "Conversations").locator("dd").first()).toHaveText("6");
  await expect(stat(page, "Broadcasts left out").locator("dd").first()).toHaveText("0");
  await expect(stat(page, "Reported bot resolution rate").locator("dd").first()).toHaveText("50%");
  await expect(stat(page, "Reported bot resolution rate").locator("dd").nth(1)).toHaveText(
    "16.7% confirmed · 33.3% assumed",
  );
  await expect(stat(page, "Handoff rate").locator("dd").first()).toHaveText("33.3%");
  await expect(stat(page, "Handoff rate").locator("dd").nth(1)).toHaveText("2 of 6 conversations");
  await expect(stat(page, "7-day reopen rate").locator("dd").first()).toHaveText("33.3%");
  await expect(stat(page, "7-day reopen rate").locator("dd").nth(1)).toHaveText("2 of 6 resolutions");
  await expect(stat(page, "Durable resolution rate").locator("dd").first()).toHaveText("66.7%");

  await expectTable(page, "Outcomes of the cohort's conversations", [
    ["Confirmed by the customer", "1", "16.7%"],
    ["Assumed (customer went quiet)", "2", "33.3%"],
    ["Awaiting the quiet time", "1", "16.7%"],
    ["Handed off", "2", "33.3%"],
    ["Unresolved", "0", "0%"],
  ]);
  await expectTable(page, "Handoffs by reason", [
    ["Chip or button tapped", "1", "50%"],
    ["Phrase typed", "1", "50%"],
    ["Bot's postback", "0", "0%"],
    ["No bot answer", "0", "0%"],
    ["Bot passed control", "0", "0%"],
    ["Other", "0", "0%"],
  ]);
  await expectTable(page, "Reported and verified bot resolution rate by day", [[/./, "6", "50%", "—"]]);
  await expectTable(page, "Bot misbehaviour by day", [[/./, "0", "0"]]);
  await expectTable(page, "Handoffs answered by a person, by when", [
    ["Within 24 hours", "0", "0%"],
    ["Within the HUMAN_AGENT window (7 days)", "0", "0%"],
    ["Never", "2", "100%"],
  ]);
  // Nobody reviewed this day's random sample yet: no false-resolution rate to correct the reported one with.
  await expectTable(page, "False-resolution rate on the random sample, with its Wilson 95% interval", [
    ["0", "0", "0", "—", "—", "—"],
  ]);
});

test("axe finds no violations on the Insights page", async ({ page }) => {
  await signIn(page, "Maya Chen");
  await page.goto("/insights");
  await expect(page.getByRole("heading", { level: 1, name: "Insights" })).toBeVisible();
  await expect(
    page.getByRole("button", { name: "Show table of Handoffs by reason", exact: true }),
  ).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
});
