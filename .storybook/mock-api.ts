import { delay, getResponse, http, HttpResponse, type HttpHandler } from "msw";
import type { ConversationSummary, MessagingWindow } from "@contract/conversation.ts";
import { messagingWindowAt } from "@contract/messaging-window.ts";
import type { TimelineItem } from "@contract/timeline.ts";
import { createHandlers } from "@/mocks/handlers.ts";
import { MockDb, type MockDbOptions } from "@/mocks/mock-db.ts";
import type { MockScenario } from "@/mocks/scenario.ts";
import { offline } from "./offline-media.ts";

/**
 * The mock Baton API for stories: src/mocks' MockDb behind src/mocks' handlers, exactly as in the unit tests, with
 * remote media swapped for local data (offline-media.ts). Every story render gets a fresh database (see
 * preview.tsx's beforeEach), so sending, resolving or assigning in one story never leaks into another.
 */
export class StoryDb extends MockDb {
  private localised = new Set<string>();

  constructor(options: MockDbOptions = {}) {
    super({ conversations: 60, ...options });
    for (const c of this.list("all", undefined, undefined, 10_000, null).items)
      if (c.customer.avatarUrl) this.put(offline(c));
  }

  /** Adds or replaces a conversation with an exact state; its timeline is made offline too. */
  override put(
    summary: ConversationSummary,
    timeline?: TimelineItem[],
    handoffItemId: string | null = null,
  ): void {
    super.put(offline(summary), timeline ? offline(timeline) : undefined, handoffItemId);
  }

  override timeline(id: string): TimelineItem[] {
    const items = super.timeline(id);
    if (!this.localised.has(id)) {
      this.localised.add(id);
      items.splice(0, items.length, ...offline(items));
    }
    return items;
  }
}

let db: MockDb = new StoryDb();
let handlers: HttpHandler[] = createHandlers(db);

/** The database behind the current story (play functions may read it to check what the agent did). */
export function currentDb(): MockDb {
  return db;
}

/**
 * Gives the next story render a fresh database, its session signed in as `agentId` (null: signed out), then shaped by
 * the story's `parameters.baton.db` when it has one (which may change the session: `db.auth.requireSetup()`, ...).
 */
export function resetApi(make?: (db: StoryDb) => void, agentId: string | null = "agent-ana"): MockDb {
  const next = new StoryDb({ auth: { signedInAs: agentId } });
  make?.(next);
  db = next;
  handlers = createHandlers(db);
  return db;
}

/** One MSW handler that forwards every /api call to the current database's handlers. */
export const apiHandler = http.all(/\/api\//, ({ request }) => getResponse(handlers, request));

// --- per-story overrides for the states a designer must see -----------------------------------------------

/** Several `parameters.baton.db` steps, in order: `shapeDb(withConversation(…), failing({ sendFails: "rate_limited" }))`. */
export const shapeDb =
  (...steps: ((db: StoryDb) => void)[]) =>
  (db: StoryDb): void => {
    for (const step of steps) step(db);
  };

/**
 * Meta refuses what the scenario names (src/mocks/scenario.ts): a reply stored as failed with Meta's reason, a take
 * control or hand back refused. The mock server answers as Baton's server does; nothing depends on the message text.
 */
export const failing =
  (scenario: MockScenario) =>
  (db: StoryDb): void => {
    db.scenario = scenario;
  };

/** An endpoint that never answers: the component stays in its loading state. */
export const neverAnswers = (method: "get" | "post", path: string) =>
  http[method](path, async () => {
    await delay("infinite");
    return HttpResponse.json({});
  });

/** An endpoint that fails the way Baton's API fails (apiError shape). */
export const fails = (
  method: "get" | "post",
  path: string,
  status = 500,
  message = "The server is having a moment. Try again shortly.",
  code = "internal",
) => http[method](path, () => HttpResponse.json({ error: { code, message } }, { status }));

// --- windows relative to the real clock (components count down against Date.now) ---------------------------

const HOUR = 3_600_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

export type WindowState =
  "open" | "closing" | "human_agent" | "human_agent_closing" | "closed_no_tag" | "closed" | "never_wrote";

/** How long ago the customer last wrote, for each state, and whether the Page may use the HUMAN_AGENT tag. */
const customerWroteAgo: Record<WindowState, { hours: number | null; humanAgentTag: boolean }> = {
  open: { hours: 4, humanAgentTag: true },
  closing: { hours: 23.25, humanAgentTag: true },
  human_agent: { hours: 2 * 24, humanAgentTag: true },
  human_agent_closing: { hours: 7 * 24 - 1, humanAgentTag: true },
  closed_no_tag: { hours: 30, humanAgentTag: false },
  closed: { hours: 9 * 24, humanAgentTag: true },
  never_wrote: { hours: null, humanAgentTag: true },
};

/** The window the server would report for each state, by the same rule (contract/messaging-window.ts). */
export function windowFor(state: WindowState): {
  window: MessagingWindow;
  lastCustomerMessageAt: string | null;
} {
  const { hours, humanAgentTag } = customerWroteAgo[state];
  const lastCustomerMessageAt = hours === null ? null : at(-hours * HOUR);
  const window = messagingWindowAt(
    lastCustomerMessageAt ? new Date(lastCustomerMessageAt) : null,
    new Date(),
    { humanAgentTagEnabled: humanAgentTag },
  );
  return { window, lastCustomerMessageAt };
}

/** A moment `minutesAgo` before now, as ISO (fixtures' times relative to the real clock). */
export const ago = (minutes: number) => at(-minutes * 60_000);
