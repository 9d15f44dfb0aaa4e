import { expect, test } from "@playwright/test";
import { signIn, simulator, uniqueName } from "./support/simulator.ts";

test("an escalation appears live; the agent reads the bot transcript, replies, sees it delivered and resolves", async ({ page, request }) => {
  await signIn(page);
  const list = page.getByRole("listbox", { name: /open conversations/i });
  await expect(list).toBeVisible();

  const customer = await simulator.createCustomer(request, uniqueName("Journey"));
  await simulator.say(request, customer.psid, "Hi, where is my order?");
  await simulator.askForHuman(request, customer.psid);
  await simulator.settle(request);

  // Live: no reload.
  const row = list.getByRole("option", { name: new RegExp(`^${customer.name}, Open`) });
  await expect(row).toBeVisible({ timeout: 5_000 });
  await row.click();

  const log = page.getByRole("log", { name: `Conversation with ${customer.name}` });
  await expect(log.getByRole("article", { name: /^Customer .*Hi, where is my order\?/ })).toBeVisible();
  await expect(log.getByRole("article", { name: /^Bot, / }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Jump to handoff" })).toBeVisible();

  const box = page.getByRole("textbox", { name: new RegExp(`reply to ${customer.name}`, "i") });
  await box.fill("Hi! I'm checking your order now.");
  await box.press("Enter");
  const reply = log.getByRole("article", { name: /^Agent Ana.*I'm checking your order now/ });
  await expect(reply).toBeVisible();
  await simulator.settle(request);
  await expect(log.getByText(/^(Delivered|Read)/).last()).toBeVisible();

  await page.getByRole("button", { name: /resolve/i }).click();
  await expect(page.getByRole("button", { name: "Reopen" })).toBeVisible();
  await expect(list.getByRole("option", { name: new RegExp(`^${customer.name}, Open`) })).toHaveCount(0);
});

test("a forged out-of-window reply shows the window error", async ({ page, request }) => {
  const customer = await simulator.createCustomer(request, uniqueName("Late"), "silent");
  await simulator.say(request, customer.psid, "Hello? Anyone?");
  await simulator.settle(request);
  await simulator.advance(request, 8 * 24 * 60 * 60 * 1000);
  await simulator.settle(request);

  // Forge what the SPA believes: the server says the window is closed, the page is told it is open.
  await page.route(/\/api\/conversations\/[^/?]+$/, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { conversation: { window: unknown } };
    body.conversation.window = { kind: "open", closesAt: new Date(Date.now() + 3_600_000).toISOString(), reason: null };
    await route.fulfill({ response, json: body });
  });
  await signIn(page);
  await page.goto(`/?view=all&q=${encodeURIComponent(customer.name)}`);
  await page.getByRole("option", { name: new RegExp(`^${customer.name}`) }).click();
  const box = page.getByRole("textbox", { name: new RegExp(`reply to ${customer.name}`, "i") });
  await box.fill("Sorry for the wait!");
  await box.press("Enter");
  await expect(page.getByRole("alert")).toContainText("the messaging window is closed");
});
