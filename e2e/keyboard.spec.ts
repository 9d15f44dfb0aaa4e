import { expect, test } from "@playwright/test";
import { demoAgent, signIn, simulator, uniqueName } from "./support/simulator.ts";

test("an agent works a conversation with the keyboard only", async ({ page, request }) => {
  const customer = await simulator.createCustomer(request, uniqueName("Keys"));
  await simulator.askForHuman(request, customer.psid);
  await simulator.settle(request);

  await signIn(page);
  await page.keyboard.press("g");
  await page.keyboard.press("o");
  await page.keyboard.press("/");
  await expect(page.getByRole("searchbox", { name: /search conversations/i })).toBeFocused();
  await page.keyboard.type(customer.name);
  await page.keyboard.press("Enter");
  await page.keyboard.press("Escape");
  const list = page.getByRole("listbox", { name: /search/i });
  await expect(list.getByRole("option")).toHaveCount(1);
  await page.keyboard.press("j");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("log", { name: `Conversation with ${customer.name}` })).toBeVisible();

  await page.keyboard.press("a");
  await expect(page.getByText(`Assigned to ${demoAgent.name}`).first()).toBeVisible();
  await page.keyboard.press("r");
  await expect(page.getByRole("textbox", { name: /reply to/i })).toBeFocused();
  await page.keyboard.type("Typed without a mouse.");
  await page.keyboard.press("Enter");
  await expect(page.getByRole("article", { name: /Typed without a mouse/ })).toBeVisible();
  await page.keyboard.press("Escape");
  await page.keyboard.press("e");
  await expect(page.getByRole("button", { name: "Reopen" })).toBeVisible();
  await page.keyboard.press("?");
  await expect(page.getByRole("heading", { name: "Keyboard shortcuts" })).toBeVisible();
});
