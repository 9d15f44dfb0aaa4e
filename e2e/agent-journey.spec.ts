import { expect, test } from "@playwright/test";
import { demoAgent, signIn, simulator, uniqueName } from "./support/simulator.ts";

test("an escalation appears live; the agent reads the bot transcript, replies, sees it delivered and resolves", async ({
  page,
  request,
}) => {
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
  const reply = log.getByRole("article", {
    name: new RegExp(`^Agent ${demoAgent.name}, .*I'm checking your order now`),
  });
  await expect(reply).toBeVisible();
  await simulator.settle(request);
  await expect(log.getByText(/^(Delivered|Read)/).last()).toBeVisible();

  await page.getByRole("button", { name: /resolve/i }).click();
  await expect(page.getByRole("button", { name: "Reopen" })).toBeVisible();
  await expect(list.getByRole("option", { name: new RegExp(`^${customer.name}, Open`) })).toHaveCount(0);
});

test("a forged out-of-window reply shows the window error", async ({ page, request }) => {
  const customer = await simulator.createCustomer(request, uniqueName("Late"), "silent");
  // A question the bot does not know (a greeting would get its welcome, and a bot answer resolves the thread).
  await simulator.say(request, customer.psid, "Is the linen throw machine washable?");
  await simulator.settle(request);
  await simulator.advance(request, 8 * 24 * 60 * 60 * 1000);
  await simulator.settle(request);

  // Forge what the SPA believes: the server says the window is closed, the page is told it is open. Only the
  // conversation's own detail (GET /api/conversations/:id) is forged, not GET /api/conversations/counts beside it;
  // its version is put far ahead, so the SPA keeps the forged state when opening the thread brings the real one back
  // (the mark-read answer and its live update: the SPA drops conversation states older than the one it holds).
  const isDetail = (url: URL) =>
    /^\/api\/conversations\/[^/]+$/.test(url.pathname) && !url.pathname.endsWith("/counts");
  await page.route(isDetail, async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { conversation: { window: unknown; version: number } };
    body.conversation.window = {
      kind: "open",
      closesAt: new Date(Date.now() + 3_600_000).toISOString(),
      reason: null,
    };
    body.conversation.version += 1_000_000;
    await route.fulfill({ response, json: body });
  });
  await signIn(page);
  await page.goto(`/?view=all&q=${encodeURIComponent(customer.name)}`);
  await page.getByRole("option", { name: new RegExp(`^${customer.name}`) }).click();
  const box = page.getByRole("textbox", { name: new RegExp(`reply to ${customer.name}`, "i") });
  await box.fill("Sorry for the wait!");
  await box.press("Enter");
  await expect(page.getByRole("alert")).toContainText("Not sent — the messaging window is closed");
});
