import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { signIn, simulator, uniqueName } from "./support/simulator.ts";

interface QueueAnswer {
  items: { source: string; conversation: { customer: { name: string } } }[];
  progress: { reviewedToday: number };
}

/** The review queue as the signed-in manager's page reads it. */
async function readQueue(page: Page): Promise<QueueAnswer> {
  const response = await page.request.get("/api/review/queue");
  expect(response.ok(), `GET /api/review/queue answered ${response.status()}`).toBeTruthy();
  return (await response.json()) as QueueAnswer;
}

/** The customers' names in the order the page shows them: the targeted sources, then the random sample. */
const pageOrder = (queue: QueueAnswer) =>
  [
    ...queue.items.filter((i) => i.source !== "sample"),
    ...queue.items.filter((i) => i.source === "sample"),
  ].map((i) => i.conversation.customer.name);

test("a manager reviews five threads with the keyboard, and the false resolution she reopens for Sam waits in Open with its window", async ({
  page,
  request,
}) => {
  // Five conversations the bot closed with an autoresponder's answer: each is flagged into the review queue.
  const questions = [
    "Do you ship to Norway?",
    "Is the linen shirt true to size?",
    "Do you ship to Iceland?",
    "Do you have gift cards?",
    "Are your candles vegan?",
  ];
  const names: string[] = [];
  for (const [i, question] of questions.entries()) {
    const customer = await simulator.createCustomer(request, uniqueName(`Review ${i + 1}`), "autoresponder");
    await simulator.say(request, customer.psid, question);
    names.push(customer.name);
  }
  await simulator.settle(request);
  const [first, second, third, fourth, fifth] = names;
  if (!first || !second || !third || !fourth || !fifth) throw new Error("five customers");

  // The page counts the reply window down on its own clock: start it at Baton's (the simulator moves the demo's).
  await page.clock.install({ time: await simulator.now(request) });
  await signIn(page, "Maya Chen");
  const before = await readQueue(page);
  expect(pageOrder(before)).toEqual(expect.arrayContaining(names));

  await page.goto("/?view=bot_resolved&tab=review");
  const queue = page.getByRole("region", { name: "Review queue" });
  // The item under review's heading comes first; the read-only conversation pane below has its own.
  const current = (name: string) => queue.getByRole("heading", { level: 2, name, exact: true }).first();
  const entries = queue.getByRole("navigation", { name: "Items to review" }).getByRole("button");
  await expect(entries).toHaveCount(before.items.length);
  /** j or k, one item at a time, until `name` is the one under review (the list beside shows where each is). */
  const goTo = async (name: string) => {
    for (;;) {
      const labels = await entries.allTextContents();
      const target = labels.findIndex((label) => label.startsWith(name));
      expect(target, `${name} is in the queue`).toBeGreaterThanOrEqual(0);
      const here = await entries.evaluateAll((buttons) =>
        buttons.findIndex((b) => b.getAttribute("aria-current") === "true"),
      );
      if (here === target) break;
      await page.keyboard.press(target > here ? "j" : "k");
      await expect(entries.nth(target > here ? here + 1 : here - 1)).toHaveAttribute("aria-current", "true");
    }
    await expect(current(name)).toBeVisible();
  };
  await goTo(first);
  const saved = (verdict: string, name: string, reopened = false) =>
    expect(
      page.getByText(`Saved “${verdict}” for ${name}${reopened ? ", reopened for a human" : ""}.`),
    ).toBeAttached();

  // 1: correctly resolved needs no reason, so Save has the focus; Enter saves and the next one comes.
  await page.keyboard.press("1");
  await expect(queue.getByRole("button", { name: "Correctly resolved" })).toHaveAttribute(
    "aria-pressed",
    "true",
  );
  await expect(queue.getByRole("button", { name: "Save verdict" })).toBeFocused();
  await page.keyboard.press("Enter");
  await saved("Correctly resolved", first);
  await goTo(second);

  // 4: abandoned (cannot tell); the reasons take the focus, none is needed: Enter saves.
  await page.keyboard.press("4");
  await expect(queue.getByRole("radio", { name: "Wrong answer" })).toBeFocused();
  await page.keyboard.press("Enter");
  await saved("Abandoned (cannot tell)", second);
  await goTo(third);

  // j and k look ahead and come back; 5: not a request.
  await goTo(fourth);
  await goTo(third);
  await page.keyboard.press("5");
  await page.keyboard.press("Enter");
  await saved("Not a request", third);
  await goTo(fourth);

  // 3: should have escalated, because of a failed handoff; not reopened this time (Space unticks it).
  await page.keyboard.press("3");
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowDown");
  await expect(queue.getByRole("radio", { name: "Failed handoff" })).toBeChecked();
  await page.keyboard.press("Tab");
  const reopen = queue.getByRole("checkbox", { name: "Reopen for a human" });
  await expect(reopen).toBeFocused();
  await expect(reopen).toBeChecked();
  await page.keyboard.press("Space");
  await expect(reopen).not.toBeChecked();
  await expect(queue.getByRole("button", { name: "Save verdict" })).toBeVisible();
  await page.keyboard.press("Enter");
  await saved("Should have escalated", fourth);
  await goTo(fifth);

  // 2: a false resolution (the autoresponder answered a question), reopened and assigned to Sam in the same step.
  await page.keyboard.press("2");
  await expect(queue.getByRole("radio", { name: "Wrong answer" })).toBeFocused();
  for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowDown");
  await expect(queue.getByRole("radio", { name: "Autoresponder" })).toBeChecked();
  // The customer wrote minutes ago: the 24-hour window is open, so reopening is offered and ticked.
  await expect(
    queue.getByText(/^The customer can still be answered: (1d|\d+h( \d+m)?) left in the 24-hour window\.$/),
  ).toBeVisible();
  await page.keyboard.press("Tab");
  await expect(reopen).toBeFocused();
  await expect(reopen).toBeChecked();
  await page.keyboard.press("Tab");
  const assignee = queue.getByRole("combobox", { name: "Assign to" });
  await expect(assignee).toBeFocused();
  await page.keyboard.type("Sam");
  await expect(assignee).toHaveValue("sam");
  await page.keyboard.press("Tab");
  await expect(queue.getByRole("textbox", { name: "Note (optional)" })).toBeFocused();
  await page.keyboard.type("The autoresponder answered a question about Norway.");
  await page.keyboard.press("Tab");
  await expect(queue.getByRole("button", { name: "Save and reopen" })).toBeFocused();
  await page.keyboard.press("Enter");
  await saved("False resolution", fifth, true);

  // Five more reviewed today, and none of the five is in the queue again.
  await expect
    .poll(async () => (await readQueue(page)).progress.reviewedToday)
    .toBe(before.progress.reviewedToday + 5);
  expect(pageOrder(await readQueue(page)).filter((n) => names.includes(n))).toEqual([]);

  // The reopened one is in Open, assigned to Sam, and can be answered in its 24-hour window.
  await page.keyboard.press("Escape");
  await page.keyboard.press("g");
  await page.keyboard.press("o");
  const list = page.getByRole("listbox", { name: /open conversations/i });
  const row = list.getByRole("option", { name: new RegExp(`^${fifth}, Open, .*assigned to Sam Okafor`) });
  await expect(row).toBeVisible();
  await row.click();
  await expect(page.getByText(/^Messaging window open · (1d|\d+h( \d+m)?) left\.$/)).toBeVisible();
  await expect(page.getByRole("textbox", { name: new RegExp(`reply to ${fifth}`, "i") })).toBeEnabled();
});

test("axe finds no violations in the review queue", async ({ page, request }) => {
  const customer = await simulator.createCustomer(request, uniqueName("Axe review"), "autoresponder");
  await simulator.say(request, customer.psid, "Do you ship to Norway?");
  await simulator.settle(request);
  await signIn(page, "Maya Chen");
  await page.goto("/?view=bot_resolved&tab=review");
  const queue = page.getByRole("region", { name: "Review queue" });
  await expect(queue.getByRole("button", { name: "False resolution" })).toBeVisible();
  await expect(page.getByRole("region", { name: /^Conversation with / })).toBeVisible();
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations).toEqual([]);
});
