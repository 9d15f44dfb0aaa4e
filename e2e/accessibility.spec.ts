import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { signIn, simulator, uniqueName } from "./support/simulator.ts";

const views = ["open", "mine", "unassigned", "pending", "bot_resolved", "resolved", "all"] as const;

test("axe finds no violations on the sign-in page", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Sign in to Baton" })).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
});

for (const view of views) {
  test(`axe finds no violations in the ${view} view`, async ({ page }) => {
    await signIn(page);
    await page.goto(`/?view=${view}`);
    // Wait for the view to be complete, not for "networkidle": the live stream keeps a request open for good.
    const column = page.getByRole("region", { name: "Conversation list" });
    await expect(column.getByRole("heading", { level: 1 })).toBeVisible();
    await expect(column.getByText(/^\d[\d,]* conversations$/)).toBeVisible();
    await expect(column.getByRole("listbox").or(column.getByText("Nothing here"))).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations).toEqual([]);
  });
}

test("axe finds no violations in an open conversation", async ({ page, request }) => {
  const customer = await simulator.createCustomer(request, uniqueName("Axe"));
  await simulator.askForHuman(request, customer.psid);
  await simulator.settle(request);
  await signIn(page);
  await page.getByRole("option", { name: new RegExp(`^${customer.name}`) }).click();
  await expect(page.getByRole("log")).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
});
