import { expect, test, type APIRequestContext, type Page } from "@playwright/test";
import { DEV_APP_SECRET, loadConfig } from "../server/config.ts";
import { signBody } from "../server/messenger/signature.ts";
import { signIn } from "./support/simulator.ts";
import { fitsMessenger, XSS_MARKER, xssCorpus, type XssPayload } from "./support/xss-corpus.ts";

/**
 * The XSS corpus (e2e/support/xss-corpus.ts) through every way text and URLs reach an agent's screen: signed webhooks
 * from customers and the bot, customer profiles from the simulator, and replies and canned replies from an agent.
 * Then every conversation is opened in Chromium and every link and button in its transcript is clicked. No payload
 * may run (each calls window.__xss if it does), no dialog may open, and no link may be anything but http(s) opening in
 * a new tab without an opener. Rendering rules: React escapes text; src/lib/safe-url.ts decides what may be a link.
 */

const { BOT_APP_ID, BATON_APP_ID } = loadConfig({});
/** Messenger's sticker id for the thumbs-up; any sticker will do. */
const STICKER_ID = 369239263222822;

/** The injection points, each tried with every payload that fits it. */
const webhookVectors = [
  "customer text",
  "bot text offering quick replies",
  "quick-reply chip title",
  "quick-reply chip image_url",
  "customer tapping the chip (its title as text)",
  "postback title",
  "postback payload",
  "card title",
  "card subtitle",
  "card image_url",
  "card default_action url",
  "card web_url button (title and url)",
  "card postback button (title and payload)",
  "button template text",
  "button template web_url button url",
  "image url",
  "sticker url",
  "video url",
  "audio url",
  "file url",
  "file name",
  "shared link url",
  "shared link title",
  "location url",
  "location title",
  "handover metadata (bot passes to Baton)",
  "handover metadata (Baton passes to the bot)",
] as const;
const profileVectors = ["customer name (simulator profile)"] as const;
const agentVectors = [
  "agent reply (API, in the transcript)",
  "canned reply (API, in the composer's picker and the editor)",
] as const;

interface SimView {
  psid: string;
  name: string;
  conversationId: string;
}

interface Sweep {
  links: number;
  buttons: number;
  popups: string[];
}

// Baton's Content-Security-Policy (script-src 'self') would stop an injected handler or javascript: link from running,
// so the markers would stay silent even if rendering were unsafe. Bypass it: this spec tests the rendering itself.
test.use({ viewport: { width: 1440, height: 2400 }, bypassCSP: true });

test("no payload of the XSS corpus runs, opens a dialog or becomes a non-http(s) link, wherever it enters", async ({
  page,
  context,
  request,
  baseURL,
}) => {
  // About 2,100 payload × vector attempts and 75 conversations swept: more than one journey's 30 s. It took 80 s on a
  // shared 2-core machine under a load of 8; the limit leaves room for a slower runner.
  test.setTimeout(180_000);
  const started = Date.now();
  if (!baseURL) throw new Error("playwright.config.ts sets baseURL");
  const origin = new URL(baseURL).origin;
  const run = Date.now().toString(36).slice(-6);

  // --- the tripwires ---------------------------------------------------------------------------------------------
  const fired: string[] = [];
  const dialogs: string[] = [];
  await context.exposeFunction(XSS_MARKER, (id: unknown) => {
    fired.push(String(id));
  });
  const watchDialogs = (p: Page) =>
    p.on("dialog", (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void dialog.dismiss().catch(() => undefined);
    });
  watchDialogs(page);
  context.on("page", watchDialogs);
  // Links and pictures on other hosts (the corpus's https://shop.example/…) get an empty answer: no network here.
  await context.route(
    (url) => url.origin !== origin,
    (route) => route.fulfill({ status: 200, contentType: "text/plain", body: "offline" }),
  );

  await signIn(page);
  // The session cookie is all the setup needs: leave the SPA while it runs, or it refetches on every live update.
  await page.goto("about:blank");

  // --- customers with payload names, through the simulator (their profile is what Baton shows) ------------------
  const named = await pool(
    xssCorpus.map((payload) => async () => {
      const name = payload.value.slice(0, 120).trim();
      // "Get Started": the customer opens the messaging window and the bot greets them by their first name.
      const customer = await sim<SimView>(request, "/customers", {
        name,
        flow: "welcome",
        botMode: "well_behaved",
      });
      return { payload, customer };
    }),
  );
  const first = named[0]?.customer;
  if (!first) throw new Error("the corpus is empty");
  const pageId = first.conversationId.slice(0, -(first.psid.length + 1));
  expect(`${pageId}-${first.psid}`).toBe(first.conversationId);

  // --- the bot's and customers' payloads, as Meta delivers them: signed webhooks --------------------------------
  const { now } = await simGet<{ now: string }>(request, "/state");
  const t0 = new Date(now).getTime() - 30 * 60_000;
  const groups = {
    chat: `xss${run}chat`,
    cards: `xss${run}cards`,
    media: `xss${run}media`,
    handover: `xss${run}handover`,
  };
  const webhookBodies = xssCorpus.map((payload, i) => webhookBatch(pageId, groups, payload, t0 + i * 1000));
  await pool(
    webhookBodies.map((body) => async () => {
      const raw = JSON.stringify(body);
      const res = await request.post("/webhooks/messenger", {
        data: raw,
        headers: {
          "content-type": "application/json",
          "x-hub-signature-256": signBody(DEV_APP_SECRET, raw),
          connection: "close",
        },
      });
      expect(res.status(), await res.text()).toBe(200);
      expect(await res.json()).toMatchObject({ ok: true, unprocessable: 0 });
    }),
  );

  // --- the agent: replies through the API, canned replies created through the API -------------------------------
  const typed = named.filter(({ payload }) => fitsMessenger(payload));
  const sameOrigin = { Origin: origin };
  await pool(
    typed.map(({ payload, customer }) => async () => {
      const res = await page.request.post(
        `/api/conversations/${encodeURIComponent(customer.conversationId)}/messages`,
        {
          data: { text: payload.value, clientId: `xss-${run}-${payload.id}` },
          headers: { ...sameOrigin, connection: "close" },
        },
      );
      expect(res.status(), `reply ${payload.id}: ${await res.text()}`).toBe(201);
    }),
  );
  const shortcut = (p: XssPayload) => `x${run}-${p.id}`;
  const cannedIds = await pool(
    typed.map(({ payload }) => async () => {
      const res = await page.request.post("/api/canned-replies", {
        data: { shortcut: shortcut(payload), text: payload.value },
        headers: { ...sameOrigin, connection: "close" },
      });
      expect(res.status(), `canned ${payload.id}: ${await res.text()}`).toBe(201);
      return ((await res.json()) as { id: string }).id;
    }),
  );

  try {
    const setupSeconds = (Date.now() - started) / 1000;
    // A fresh load, so the SPA lists the new canned replies.
    await page.goto("/?view=all");
    await expect(page.getByRole("navigation", { name: "Views" })).toBeVisible();
    const totals: Sweep = { links: 0, buttons: 0, popups: [] };
    const add = (s: Sweep) => {
      totals.links += s.links;
      totals.buttons += s.buttons;
      totals.popups.push(...s.popups);
    };

    // The canned replies, in the first named customer's conversation.
    await openConversation(page, first.conversationId);
    await cannedReplies(
      page,
      run,
      typed.map(({ payload }) => payload),
      shortcut,
    );
    add(await sweepTranscript(page));

    // Every conversation, in a few tabs at once: the webhook ones, and the customers with payload names (the name in
    // the list, the header, the transcript and the bot's greeting; the agent's reply).
    const queue = [
      ...Object.values(groups).map((psid) => `${pageId}-${psid}`),
      ...named.slice(1).map(({ customer }) => customer.conversationId),
    ];
    const tabs = [page, ...(await Promise.all([1, 2].map(() => context.newPage())))];
    await Promise.all(
      tabs.map(async (tab) => {
        if (tab !== page) await tab.goto("/?view=all");
        for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
          await openConversation(tab, id);
          add(await sweepTranscript(tab));
        }
      }),
    );

    expect((await inspect(page, null)).problems).toEqual([]);
    const attempts =
      xssCorpus.length * (webhookVectors.length + profileVectors.length) + typed.length * agentVectors.length;
    console.log(
      [
        `XSS corpus: ${xssCorpus.length} payloads; ${webhookVectors.length + profileVectors.length + agentVectors.length} vectors ` +
          `(${webhookVectors.length} by signed webhook, ${profileVectors.length} by profile, ${agentVectors.length} by the agent; ` +
          `${typed.length} payloads fit Messenger's 2,000 characters for the agent's); ${attempts} payload × vector attempts.`,
        `Opened ${Object.keys(groups).length + named.length} conversations in ${tabs.length} tabs; clicked ${totals.links} links (all http(s), each in a new tab) and ${totals.buttons} buttons ` +
          `in ${((Date.now() - started) / 1000).toFixed(1)} s (${setupSeconds.toFixed(1)} s of it sending).`,
        `Markers fired: ${fired.length}; dialogs: ${dialogs.length}.`,
      ].join("\n"),
    );
    expect(
      totals.popups.filter((url) => !/^https?:\/\//.test(url)),
      "links that opened something else than an http(s) page",
    ).toEqual([]);
    expect(fired, "payloads that ran").toEqual([]);
    expect(dialogs, "dialogs that opened").toEqual([]);
  } finally {
    await Promise.all(
      cannedIds.map((id) => page.request.delete(`/api/canned-replies/${id}`, { headers: sameOrigin })),
    );
  }
});

// --- webhooks ---------------------------------------------------------------------------------------------------

/** One signed batch per payload: every webhook vector, in four conversations (chat, cards, media, handover). */
function webhookBatch(
  pageId: string,
  groups: Record<"chat" | "cards" | "media" | "handover", string>,
  { id, value }: XssPayload,
  at: number,
) {
  const fromCustomer = (psid: string, k: number, event: Record<string, unknown>) => ({
    sender: { id: psid },
    recipient: { id: pageId },
    timestamp: at + k,
    ...event,
  });
  const fromBot = (psid: string, k: number, message: Record<string, unknown>) => ({
    sender: { id: pageId },
    recipient: { id: psid },
    timestamp: at + k,
    message: { is_echo: true, app_id: Number(BOT_APP_ID), ...message },
  });
  const chip = `CHIP_${id}`;
  const web = { type: "web_url", title: value, url: value };
  const events = [
    fromBot(groups.chat, 1, {
      mid: `${groups.chat}-${id}-offer`,
      text: value,
      quick_replies: [{ content_type: "text", title: value, payload: chip, image_url: value }],
    }),
    fromCustomer(groups.chat, 2, {
      message: { mid: `${groups.chat}-${id}-tap`, text: value, quick_reply: { payload: chip } },
    }),
    fromCustomer(groups.chat, 3, { message: { mid: `${groups.chat}-${id}-text`, text: value } }),
    fromCustomer(groups.chat, 4, {
      postback: { mid: `${groups.chat}-${id}-postback`, title: value, payload: value },
    }),
    fromBot(groups.cards, 5, {
      mid: `${groups.cards}-${id}-card`,
      attachments: [
        {
          type: "template",
          payload: {
            template_type: "generic",
            elements: [
              {
                title: value,
                subtitle: value,
                image_url: value,
                default_action: { type: "web_url", url: value },
                buttons: [web, { type: "postback", title: value, payload: value }],
              },
            ],
          },
        },
      ],
    }),
    fromBot(groups.cards, 6, {
      mid: `${groups.cards}-${id}-buttons`,
      attachments: [{ type: "template", payload: { template_type: "button", text: value, buttons: [web] } }],
    }),
    fromCustomer(groups.media, 7, {
      message: {
        mid: `${groups.media}-${id}-media`,
        attachments: [
          { type: "image", payload: { url: value } },
          { type: "image", payload: { url: value, sticker_id: STICKER_ID } },
          { type: "video", payload: { url: value } },
          { type: "audio", payload: { url: value } },
          { type: "file", payload: { url: value, name: value } },
          { type: "fallback", payload: { url: value, title: value } },
          { type: "location", payload: { url: value, title: value } },
        ],
      },
    }),
    fromCustomer(groups.handover, 8, {
      pass_thread_control: {
        new_owner_app_id: BATON_APP_ID,
        previous_owner_app_id: BOT_APP_ID,
        metadata: value,
      },
    }),
    fromCustomer(groups.handover, 9, {
      pass_thread_control: {
        new_owner_app_id: BOT_APP_ID,
        previous_owner_app_id: BATON_APP_ID,
        metadata: value,
      },
    }),
  ];
  return { object: "page", entry: events.map((e) => ({ id: pageId, time: e.timestamp, messaging: [e] })) };
}

/**
 * Runs the tasks a few at a time, as Meta and a busy simulator would, and each on a fresh connection: a socket the
 * server is closing after its keep-alive timeout must not be picked up again (that answers ECONNRESET).
 */
async function pool<T>(tasks: (() => Promise<T>)[], size = 12): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < tasks.length; i = next++) {
      const task = tasks[i];
      if (task) results[i] = await task();
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, tasks.length) }, worker));
  return results;
}

// --- the simulator's control API ----------------------------------------------------------------------------------

async function sim<T>(request: APIRequestContext, path: string, data: unknown = {}): Promise<T> {
  const res = await request.post(`/simulator/api${path}`, { data, headers: { connection: "close" } });
  expect(res.ok(), `${path} answered ${res.status()}: ${await res.text()}`).toBeTruthy();
  return (await res.json()) as T;
}

async function simGet<T>(request: APIRequestContext, path: string): Promise<T> {
  const res = await request.get(`/simulator/api${path}`);
  expect(res.ok(), `${path} answered ${res.status()}`).toBeTruthy();
  return (await res.json()) as T;
}

// --- the browser ---------------------------------------------------------------------------------------------------

/** All of this run's canned replies in the composer's picker, then in the editor; the first picked and sent. */
async function cannedReplies(
  page: Page,
  run: string,
  payloads: XssPayload[],
  shortcut: (p: XssPayload) => string,
): Promise<void> {
  const box = page.locator("textarea[data-reply-box]");
  const picker = page.getByRole("listbox", { name: "Canned replies" });
  await box.fill(`/x${run}`);
  await expect(picker.getByRole("option")).toHaveCount(payloads.length);
  expect((await inspect(page, null)).problems).toEqual([]);
  await page.getByRole("button", { name: "Edit replies" }).click();
  const editor = page.getByRole("dialog", { name: "Canned replies" });
  for (const payload of payloads)
    await expect(editor.getByRole("button", { name: `Edit /${shortcut(payload)}` })).toHaveCount(1);
  expect((await inspect(page, null)).problems).toEqual([]);
  await page.keyboard.press("Escape");
  await expect(editor).toBeHidden();
  const sample = payloads[0];
  if (!sample) throw new Error("no payload fits a reply");
  const agentMessages = page.locator('[role="log"] article[data-author="agent"]');
  const before = await agentMessages.count();
  await box.fill(`/${shortcut(sample)}`);
  await expect(picker.getByRole("option")).toHaveCount(1);
  await box.press("Enter");
  await expect(box).toHaveValue(sample.value.trim());
  await box.press("Enter");
  await expect(box).toHaveValue("");
  await expect(agentMessages).toHaveCount(before + 1);
}

/** Opens a conversation the way a shared link does (the URL's `c`), without reloading the SPA. */
async function openConversation(page: Page, conversationId: string): Promise<void> {
  const detail = page.waitForResponse(
    (r) =>
      r.request().method() === "GET" &&
      new URL(r.url()).pathname.endsWith(`/api/conversations/${encodeURIComponent(conversationId)}`),
  );
  await page.evaluate((id) => {
    window.history.pushState(null, "", `${window.location.pathname}?view=all&c=${encodeURIComponent(id)}`);
    window.dispatchEvent(new Event("baton:navigate"));
  }, conversationId);
  const body = (await (await detail).json()) as { conversation: { customer: { name: string } } };
  const log = page.locator('[role="log"]');
  // The label is the customer's name as the API gave it, compared raw (accessible names collapse whitespace).
  await expect(log).toHaveAttribute("aria-label", `Conversation with ${body.conversation.customer.name}`);
  await expect(log.locator("article").first()).toBeVisible();
}

/**
 * Loads the whole transcript (scrolling to the top until its start), then walks it top to bottom a screen at a time:
 * at each step it checks the markup and clicks every link and button not clicked yet. Links must open a new page.
 */
async function sweepTranscript(page: Page): Promise<Sweep> {
  const log = page.locator('[role="log"]');
  // At the top, the transcript fetches the next older page and keeps the scroll position: go to the top again.
  let atTop: View | null = null;
  await expect
    .poll(
      async () => {
        atTop = await inspect(page, 0);
        return atTop.atStart;
      },
      { timeout: 15_000 },
    )
    .toBe(true);

  const sweep: Sweep = { links: 0, buttons: 0, popups: [] };
  const clicked = new Set<string>();
  for (let top = 0, step = 0; step < 400; step++) {
    const view: View = (step === 0 ? atTop : null) ?? (await inspect(page, top));
    expect(view.problems).toEqual([]);
    for (const target of view.targets) {
      if (clicked.has(target.key)) continue;
      clicked.add(target.key);
      const element = log.locator(`[data-index="${target.index}"]`).locator("a, button").nth(target.within);
      if (target.link) {
        const opened = page.waitForEvent("popup", { timeout: 5_000 });
        await element.click();
        const popup = await opened;
        // A new tab starts at about:blank; what matters is where it goes.
        await popup.waitForURL((url) => url.href !== "about:blank", { waitUntil: "commit" });
        sweep.popups.push(popup.url());
        await popup.close();
        sweep.links++;
      } else {
        await element.click();
        sweep.buttons++;
      }
    }
    if (top + view.clientHeight >= view.scrollHeight) break;
    top += Math.floor(view.clientHeight * 0.9);
  }
  return sweep;
}

interface View {
  /** What a payload could have injected (see `inspect`); empty when the page is clean. */
  problems: string[];
  /** The links and buttons the transcript renders now, by row (data-index) and position in the row. */
  targets: { key: string; index: string; within: number; link: boolean }[];
  atStart: boolean;
  scrollHeight: number;
  clientHeight: number;
}

/**
 * Scrolls the transcript (when `scrollTop` is given), lets it render, and reports in one round trip. A clean page has
 * no inline handler attribute anywhere (React never renders one), no script, frame, object or embed in the body, and
 * in the transcript only http(s) links that open in a new tab without an opener or a referrer, and only http(s) media.
 */
async function inspect(page: Page, scrollTop: number | null): Promise<View> {
  return page.evaluate(async (y) => {
    const scroller = document.querySelector<HTMLElement>('[data-testid="transcript-scroller"]');
    const log = document.querySelector<HTMLElement>('[role="log"]');
    if (scroller && y !== null) scroller.scrollTop = y;
    await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())));
    const problems: string[] = [];
    const describe = (el: Element) => el.outerHTML.slice(0, 200);
    for (const el of document.body.querySelectorAll("*")) {
      for (const attr of el.getAttributeNames())
        if (/^on/i.test(attr)) problems.push(`handler attribute ${attr}: ${describe(el)}`);
    }
    for (const el of document.body.querySelectorAll(
      "script, iframe, frame, frameset, object, embed, base, meta, [srcdoc], [formaction]",
    ))
      problems.push(`element: ${describe(el)}`);
    const targets: View["targets"] = [];
    if (log) {
      for (const a of log.querySelectorAll("a")) {
        const rel = (a.getAttribute("rel") ?? "").split(/\s+/);
        if (!/^https?:\/\//.test(a.getAttribute("href") ?? ""))
          problems.push(`a link that is not http(s): ${describe(a)}`);
        if (a.getAttribute("target") !== "_blank" || !rel.includes("noopener") || !rel.includes("noreferrer"))
          problems.push(`a link without target/rel: ${describe(a)}`);
      }
      for (const el of log.querySelectorAll("[src], [srcset], [poster], [data], [action], [background]")) {
        if (
          !/^https?:\/\//.test(el.getAttribute("src") ?? "") ||
          el.matches("[srcset], [poster], [data], [action], [background]")
        )
          problems.push(`a source that is not http(s): ${describe(el)}`);
      }
      for (const el of log.querySelectorAll<HTMLElement>("a, button")) {
        if (el.getClientRects().length === 0) continue;
        const row = el.closest("[data-index]");
        const index = row?.getAttribute("data-index") ?? "?";
        const within = row ? [...row.querySelectorAll("a, button")].indexOf(el) : -1;
        targets.push({ key: `${index}:${within}`, index, within, link: el.tagName === "A" });
      }
    }
    return {
      problems,
      targets,
      atStart: log?.textContent?.includes("Start of the conversation") ?? false,
      scrollHeight: scroller?.scrollHeight ?? 0,
      clientHeight: scroller?.clientHeight ?? 0,
    };
  }, scrollTop);
}
