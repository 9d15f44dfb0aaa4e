import { expect, test } from "@playwright/test";
import { signIn, simulator, uniqueName } from "./support/simulator.ts";

/** The demo's manager (sim/customers/journeys.ts DEMO_AGENTS). */
const manager = "Maya Chen";

test("a tap on the bot's 'Chat with an agent' button reaches Baton on standby without its payload: the misconfigured bot's 'Okay' is flagged, the conversation is open, and the header says where the customer came from", async ({
  page,
  request,
}) => {
  const customer = await simulator.createCustomer(request, uniqueName("Standby"), "misconfigured", {
    variant: "chat_with_an_agent",
    handoffStyle: "button_template",
    referral: { source: "ads", adTitle: "Spring Sale", ref: "spring-sale-25" },
  });
  const view = await simulator.tapButton(request, customer.psid, "Chat with an agent");
  // The bot owned the thread, got the payload, answered "Okay" and kept the thread.
  expect(view.messages.at(-1)).toMatchObject({ author: "bot", text: "Okay" });
  expect(view.owner).toBe("1001");
  await simulator.settle(request);

  await signIn(page);
  const list = page.getByRole("listbox", { name: /open conversations/i });
  const row = list.getByRole("option", {
    name: new RegExp(`^${customer.name}, Open.*Bot replied after handoff`),
  });
  await expect(row).toBeVisible();
  await row.click();

  const log = page.getByRole("log", { name: `Conversation with ${customer.name}` });
  await expect(
    log.getByRole("article", { name: /^Customer .*tapped the button “Chat with an agent”/ }),
  ).toBeVisible();
  await expect(log.getByRole("article", { name: /^Bot, .*: Okay$/ })).toBeVisible();
  await expect(page.getByRole("main").locator("header")).toContainText(
    "Came from the “Spring Sale” ad · ref spring-sale-25",
  );
});

test("a manager sees Meta's policy alert above the inbox until they acknowledge it; agents never see it", async ({
  page,
  browser,
  request,
}) => {
  const reason = `Your app sent promotional messages with the HUMAN_AGENT tag (${uniqueName("case")}).`;
  await simulator.policyEnforcement(request, "block", reason);

  const agentContext = await browser.newContext();
  const agentPage = await agentContext.newPage();
  await signIn(agentPage);
  await expect(agentPage.getByRole("listbox", { name: /open conversations/i })).toBeVisible();
  await expect(agentPage.getByText(reason)).toHaveCount(0);
  await agentContext.close();

  await signIn(page, manager);
  const alert = page.getByRole("alert").filter({ hasText: reason });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText("Meta blocked this Page's app: replies may fail.");
  await alert.getByRole("button", { name: "Acknowledge" }).click();
  await expect(alert).toHaveCount(0);

  // Acknowledged for everyone: it does not come back.
  await page.reload();
  await expect(page.getByRole("navigation", { name: "Views" })).toBeVisible();
  await expect(page.getByText(reason)).toHaveCount(0);
});
