import { expect, test } from "@playwright/test";
import { signIn, simulator, uniqueName } from "./support/simulator.ts";

test("the Bot Resolved view lists a bot-closed thread with its flag and reopens it for a human", async ({
  page,
  request,
}) => {
  const customer = await simulator.createCustomer(request, uniqueName("Auto"), "autoresponder");
  await simulator.say(request, customer.psid, "Do you ship to Norway?");
  await simulator.settle(request);

  // Reviewing what the bot closed is a manager's job.
  await signIn(page, "Maya Chen");
  await page.keyboard.press("g");
  await page.keyboard.press("b");
  const list = page.getByRole("listbox", { name: /bot resolved conversations/i });
  const row = list.getByRole("option", {
    name: new RegExp(`^${customer.name}, Bot resolved.*Autoresponder suspected`),
  });
  await expect(row).toBeVisible();
  await row.click();

  await expect(page.getByText("The bot resolved this conversation. It is read-only.")).toBeVisible();
  await expect(page.getByRole("textbox", { name: /reply to/i })).toHaveCount(0);
  await page.getByRole("button", { name: /reopen for a human/i }).click();
  await expect(
    page.getByRole("textbox", { name: new RegExp(`reply to ${customer.name}`, "i") }),
  ).toBeVisible();
});
