/**
 * Browser figures for `npm run bench`, measured in headless Chromium (Debian's /usr/bin/chromium) against the
 * production build in dist/ (run `npm run build` first: this script builds nothing). The API is answered from
 * Node through Playwright's request routing with the SPA's own fixture builders (src/mocks), so no MSW is in the
 * page and the numbers are the real bundle's.
 *
 *   npx tsx e2e/bench/browser-bench.ts      prints the figures as JSON
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { extname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Page, type Route } from "@playwright/test";
import { listConversationsQuery, timelineQuery } from "../../contract/api.ts";
import type { AuthStatus, SessionResponse } from "../../contract/auth.ts";
import { MockDb } from "../../src/mocks/mock-db.ts";
import { initialJsGzipBytes } from "./initial-js.ts";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const dist = join(root, "dist");
const CONVERSATIONS = 50_000;
const LONG_THREAD_ID = "c-1"; // 5,000 messages in the fixture set

const types: Record<string, string> = {
  ".html": "text/html",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".json": "application/json",
};

function serveDist(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    let file = join(dist, path);
    if (!file.startsWith(dist) || !existsSync(file) || statSync(file).isDirectory())
      file = join(dist, "index.html");
    res.writeHead(200, { "content-type": types[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      done({ server, url: `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}` });
    }),
  );
}

async function answerApi(route: Route, db: MockDb): Promise<void> {
  const request = route.request();
  const url = new URL(request.url());
  // The bench is signed in as the fixtures' first agent, as a browser with a session cookie would be.
  const agentId = "agent-ana";
  const json = (body: unknown, status = 200) =>
    route.fulfill({ status, contentType: "application/json", body: JSON.stringify(body) });
  const p = url.pathname;
  if (p === "/api/live") return route.abort();
  if (p === "/api/auth/status")
    return json({
      pageName: db.settings.pageName,
      setupRequired: false,
      demoAgents: null,
    } satisfies AuthStatus);
  if (p === "/api/auth/session") {
    const session: SessionResponse = {
      agent: { id: agentId, name: "Ana Silva", email: "ana@example.com", role: "agent" },
      via: "cookie",
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    };
    return json(session);
  }
  if (p === "/api/settings") return json(db.settings);
  if (p === "/api/agents") return json({ agents: db.agents });
  if (p === "/api/canned-replies") return json({ replies: db.cannedReplies });
  if (p === "/api/conversations/counts") return json(db.counts(agentId));
  if (p === "/api/conversations") {
    const q = listConversationsQuery.parse(Object.fromEntries(url.searchParams));
    return json(db.list(q.view, q.q, q.cursor, q.limit, agentId));
  }
  const timeline = /^\/api\/conversations\/([^/]+)\/timeline$/.exec(p);
  if (timeline?.[1]) {
    const q = timelineQuery.parse(Object.fromEntries(url.searchParams));
    return json(db.olderPage(decodeURIComponent(timeline[1]), q.before, q.limit));
  }
  const detail = /^\/api\/conversations\/([^/]+)$/.exec(p);
  if (detail?.[1]) return json(db.detail(decodeURIComponent(detail[1])));
  const action = /^\/api\/conversations\/([^/]+)\/read$/.exec(p);
  if (action?.[1]) return json({ conversation: db.markRead(decodeURIComponent(action[1])) });
  return json({ error: { code: "not_found", message: `bench: no route for ${p}` } }, 404);
}

async function heapMb(page: Page): Promise<number> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("Performance.enable");
  const { metrics } = await cdp.send("Performance.getMetrics");
  const used = metrics.find((m) => m.name === "JSHeapUsedSize")?.value ?? 0;
  return Math.round((used / 1024 / 1024) * 10) / 10;
}

export async function runBrowserBench(): Promise<Record<string, number | string>> {
  if (!existsSync(join(dist, "index.html")))
    throw new Error("dist/ is missing: run `npm run build` before the browser bench.");
  const db = new MockDb({ conversations: CONVERSATIONS, deliveryDelayMs: null });
  // Build the long thread now so its generation is not counted as page time.
  db.timeline(LONG_THREAD_ID);
  const { server, url } = await serveDist();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--enable-precise-memory-info",
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // tsx (esbuild keepNames) wraps named functions in __name(); give the page a no-op so evaluated code runs.
    await context.addInitScript({ content: "window.__name = (f) => f;" });
    await context.addInitScript(() => {
      const w = window as unknown as { __longTasks: number[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push(e.duration);
      }).observe({ type: "longtask" as PerformanceObserverInit["type"], buffered: true });
    });
    await context.route("**/api/**", (route) => answerApi(route, db));
    const page = await context.newPage();
    await page.goto(`${url}/?view=all`);
    await page.waitForFunction(
      () => performance.getEntriesByName("baton:list-painted").length > 0,
      undefined,
      { timeout: 30_000 },
    );
    const paint = await page.evaluate(() => {
      const mark = performance.getEntriesByName("baton:list-painted")[0]?.startTime ?? 0;
      const list = performance
        .getEntriesByType("resource")
        .filter((e) => e.name.includes("/api/conversations?"))
        .sort((a, b) => a.startTime - b.startTime)[0] as PerformanceResourceTiming | undefined;
      return { mark, dataArrived: list?.responseEnd ?? 0 };
    });

    // Open the 5,000-message thread: from the click to its first painted frame.
    await page.evaluate(() => performance.clearMarks("baton:thread-painted"));
    const openStart = await page.evaluate(() => {
      const row = document.getElementById("row-c-1");
      const t = performance.now();
      row?.click();
      return t;
    });
    await page.waitForFunction(
      () => performance.getEntriesByName("baton:thread-painted").length > 0,
      undefined,
      { timeout: 30_000 },
    );
    const threadPainted = await page.evaluate(
      () => performance.getEntriesByName("baton:thread-painted")[0]?.startTime ?? 0,
    );
    const threadDataArrived = await page.evaluate(() => {
      const entry = performance
        .getEntriesByType("resource")
        .find((e) => /\/api\/conversations\/c-1$/.test(e.name)) as PerformanceResourceTiming | undefined;
      return entry?.responseEnd ?? 0;
    });

    // Scroll the list for 4 seconds, loading pages as it goes; record long tasks and the worst frame gap.
    await page.evaluate(() => ((window as unknown as { __longTasks: number[] }).__longTasks = []));
    const scroll = await page.evaluate(
      () =>
        new Promise<{ maxGap: number; rows: number; frames: number }>((done) => {
          const el = document.querySelector<HTMLElement>("[data-testid=thread-list-scroller]");
          if (!el) return done({ maxGap: -1, rows: 0, frames: 0 });
          const start = performance.now();
          let last = start;
          let maxGap = 0;
          let frames = 0;
          const step = (now: number) => {
            maxGap = Math.max(maxGap, now - last);
            last = now;
            frames++;
            el.scrollTop += 600;
            if (now - start < 4000) requestAnimationFrame(step);
            else done({ maxGap, rows: Math.round(el.scrollTop / 84), frames });
          };
          requestAnimationFrame(step);
        }),
    );
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks);
    const heap = await heapMb(page);
    return {
      conversations: CONVERSATIONS,
      listFirstPaintAfterDataMs: Math.round(paint.mark - paint.dataArrived),
      listFirstPaintFromNavigationMs: Math.round(paint.mark),
      scrollLongestTaskMs: Math.round(Math.max(0, ...longTasks)),
      scrollLongTasksOver50ms: longTasks.length,
      scrollWorstFrameGapMs: Math.round(scroll.maxGap),
      scrollRowsPassed: scroll.rows,
      threadOpen5000Ms: Math.round(threadPainted - openStart),
      threadOpen5000AfterDataMs: Math.round(threadPainted - threadDataArrived),
      jsHeapUsedMb: heap,
      initialJsGzipKb: Math.round((initialJsGzipBytes(dist) / 1024) * 10) / 10,
    };
  } finally {
    await browser.close();
    server.close();
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runBrowserBench().then(
    (figures) => console.log(JSON.stringify(figures, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
