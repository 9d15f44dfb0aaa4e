import { setImmediate as toEventLoop } from "node:timers/promises";
import pLimit, { type LimitFunction } from "p-limit";
import type { Database, Queryable } from "../db/database.ts";
import { AppError } from "../errors.ts";
import type { InboxView } from "../../contract/conversation.ts";
import type { SearchPlan } from "../../contract/search.ts";
import {
  binder,
  viewAfterSql,
  viewOrderSql,
  viewWhereSql,
  type Bind,
  type ViewPosition,
} from "./view-sql.ts";

/**
 * Search in the inbox list (issue 12): what a query looks for, and how its cost stays bounded.
 *
 * Text is compared folded: lower case and without accents (`baton_search_fold`, migration 0012), on both sides, so
 * "creme" finds "Crème" and "CRÈME" finds "creme". Trigram indexes on the folded text keep a search from reading
 * every message; `searchPlan` decides which of them a query can use.
 */

/** The folded text a conversation is found by: the customer's name, and the ref and ad title they came from. */
const CONVERSATION_TEXT = `baton_search_fold(c.customer_name || ' ' || coalesce(c.referral->>'ref', '') || ' ' || coalesce(c.referral->>'adTitle', ''))`;
/** The timeline items searched (the predicate of the partial index timeline_search: keep them identical). */
const SEARCHED_ITEMS = `(t.kind = 'message' or (t.kind = 'system' and t.item->>'event' = 'referral'))`;
const MESSAGE_TEXT = "baton_search_fold(t.text)";

/**
 * A search first tests the view's first conversations after the cursor, one page's worth, in order: a common word
 * fills its page there and never touches the trigram indexes, whose posting lists for common trigrams are long.
 * Otherwise it asks the indexes for at most MESSAGE_CANDIDATES matching messages and CONVERSATION_CANDIDATES
 * conversations by name: under both, those are all the matches, which the page orders as its view does. Over
 * either, the word is common after all, and the search walks on, WALK_CHUNK conversations a query, until it has a
 * page. Every way gives the same conversations in the same order, and each query reads a bounded number of rows
 * (the indexes' posting lists aside).
 */
const MESSAGE_CANDIDATES = 2_000;
const CONVERSATION_CANDIDATES = 500;
const WALK_CHUNK = 250;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);
const nameMatches = (patterns: readonly string[], bind: Bind) =>
  patterns.map((p) => `${CONVERSATION_TEXT} like ${bind(p)}`).join(" or ");

/** The page a search fills: its view, for whom, after which conversation, how many (one more than shown). */
interface SearchScope {
  view: InboxView;
  agentId: string | null;
  after: ViewPosition | null;
  rows: number;
}

/**
 * The ids of the conversations a search finds, at least the first `scope.rows` of the view after `scope.after`
 * (all of them when they are few). Run it inside `withSearchBudget`: it throws SearchTimeoutError when `deadline`
 * (a performance.now() time) passes before it has its page.
 */
export async function searchConversationIds(
  db: Queryable,
  plan: SearchPlan,
  scope: SearchScope,
  deadline: number,
): Promise<string[]> {
  if (plan.kind === "nothing") return [];
  const [folded] = await db.query<{ q: string }>("select baton_search_fold($1) as q", [plan.q]);
  const q = escapeLike(folded?.q ?? "");
  const patterns = plan.kind === "text" ? [`%${q}%`] : [`${q}%`, `% ${q}%`];
  const walk = new ViewWalk(db, patterns, plan.kind === "text", scope, deadline);
  await walk.next(scope.rows);
  if (walk.done) return walk.found;

  const params: unknown[] = [];
  const names = await db.query<{ id: string }>(
    `select c.id from conversations c where ${nameMatches(patterns, binder(params))}
     limit ${CONVERSATION_CANDIDATES + 1}`,
    params,
  );
  const messages =
    plan.kind === "text"
      ? await db.query<{ conversation_id: string }>(
          `select t.conversation_id from timeline_items t where ${SEARCHED_ITEMS} and ${MESSAGE_TEXT} like $1
           limit ${MESSAGE_CANDIDATES + 1}`,
          patterns,
        )
      : [];
  if (names.length <= CONVERSATION_CANDIDATES && messages.length <= MESSAGE_CANDIDATES) {
    return [...new Set([...names.map((r) => r.id), ...messages.map((r) => r.conversation_id)])];
  }
  // A common name but few messages: the walk knows every message match already and only tests names.
  if (messages.length <= MESSAGE_CANDIDATES)
    walk.messageHits = new Set(messages.map((r) => r.conversation_id));
  while (!walk.done) await walk.next(WALK_CHUNK);
  return walk.found;
}

/** The view in its order, a chunk a query: each conversation whose name or (`inMessages`) a message matches. */
class ViewWalk {
  readonly found: string[] = [];
  /** Every conversation a message matches, when the indexes gave them all: no need to probe messages then. */
  messageHits: ReadonlySet<string> | null = null;
  #after: ViewPosition | null;
  #ended = false;

  constructor(
    private readonly db: Queryable,
    private readonly patterns: readonly string[],
    private readonly inMessages: boolean,
    private readonly scope: SearchScope,
    private readonly deadline: number,
  ) {
    this.#after = scope.after;
  }

  /** It has a page, or has reached the end of the view. */
  get done(): boolean {
    return this.#ended || this.found.length >= this.scope.rows;
  }

  async next(size: number): Promise<void> {
    if (performance.now() >= this.deadline) throw new SearchTimeoutError();
    const { view, agentId } = this.scope;
    const params: unknown[] = [];
    const bind = binder(params);
    const where = [viewWhereSql(view, agentId, bind)];
    if (this.#after) where.push(viewAfterSql(view, this.#after, bind));
    const chunk = await this.db.query<{
      id: string;
      flagged: boolean;
      last_activity_at: number;
      by_name: boolean;
    }>(
      `select c.id, c.flagged, c.last_activity_at, (${nameMatches(this.patterns, bind)}) as by_name
       from conversations c where ${where.join(" and ")}
       order by ${viewOrderSql(view)} limit ${bind(size)}`,
      params,
    );
    const known = this.messageHits;
    const hits = new Set(chunk.filter((r) => r.by_name || known?.has(r.id)).map((r) => r.id));
    const rest = chunk.filter((r) => !hits.has(r.id)).map((r) => r.id);
    if (this.inMessages && !known && rest.length > 0) {
      // One probe per conversation through its timeline index, which stops at its first matching message (the
      // lateral limit keeps PostgreSQL from turning it into a join over every message the word is in).
      const byMessage = await this.db.query<{ id: string }>(
        `select u.id from unnest($1::text[]) as u(id) cross join lateral (select 1 from timeline_items t
           where t.conversation_id = u.id and ${SEARCHED_ITEMS} and ${MESSAGE_TEXT} like $2 limit 1) m`,
        [rest, this.patterns[0]],
      );
      for (const r of byMessage) hits.add(r.id);
    }
    for (const r of chunk) {
      if (hits.has(r.id) && this.found.length < this.scope.rows) this.found.push(r.id);
    }
    const last = chunk.at(-1);
    if (!last || chunk.length < size) this.#ended = true;
    else this.#after = { flagged: last.flagged, lastActivityAt: last.last_activity_at, id: last.id };
  }
}

/**
 * The longest a search may take: on PostgreSQL each statement is stopped past it, and on both databases a search
 * still walking the view when it has passed stops between two queries.
 */
export const SEARCH_TIMEOUT_MS = 3_000;

/** Answered when a search ran past its time: a client error, so the SPA shows it and does not retry the same search. */
class SearchTimeoutError extends AppError {
  constructor() {
    super(
      422,
      "search_timeout",
      "This search took too long and was stopped. Try a longer or more specific word.",
    );
  }
}

const QUERY_CANCELED = "57014";
const isQueryCanceled = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error && error.code === QUERY_CANCELED;

/**
 * Searches that run at once on one database; the others wait their turn. PGlite runs one query at a time in a
 * first-come queue: with one search at a time, a webhook waits for at most one search query, not for fifty agents'
 * searches queued before it. PostgreSQL's pool has ten connections: three searches leave the rest to webhooks.
 */
const SEARCHES_AT_ONCE = { pglite: 1, postgres: 3 } as const;
const slots = new WeakMap<Database, LimitFunction>();

/**
 * Runs a search's queries within its budget. On PostgreSQL: one transaction whose statements time out after
 * `timeoutMs` (`set local`, so the pooled connection keeps no trace), answered as SearchTimeoutError. PGlite has no
 * statement timeout (one WASM thread, no timer interrupts) and runs one query at a time: there the queries run
 * one by one outside a transaction, so a webhook waits for at most one of them, never for the whole search.
 */
export function withSearchBudget<T>(
  db: Database,
  timeoutMs: number,
  fn: (q: Queryable, deadline: number) => Promise<T>,
): Promise<T> {
  let slot = slots.get(db);
  if (!slot) {
    slot = pLimit(SEARCHES_AT_ONCE[db.kind]);
    slots.set(db, slot);
  }
  return slot(() => {
    const deadline = performance.now() + timeoutMs;
    return db.kind === "postgres"
      ? withTimeout(db, timeoutMs, (tx) => fn(yielding(tx), deadline))
      : fn(yielding(db), deadline);
  });
}

/**
 * Each query of a search goes to the back of the event loop first. PGlite runs on this thread: one search's queries
 * (and the next queued search's) would otherwise follow each other in promise callbacks without the loop ever
 * reading a socket, and a webhook would not even be read until fifty searches were done.
 */
const yielding = (db: Queryable): Queryable => ({
  async query<R>(sql: string, params?: readonly unknown[]) {
    await toEventLoop();
    return db.query<R>(sql, params);
  },
});

async function withTimeout<T>(db: Database, timeoutMs: number, fn: (q: Queryable) => Promise<T>): Promise<T> {
  try {
    return await db.transaction(async (tx) => {
      await tx.query("select set_config('statement_timeout', $1, true)", [
        `${Math.max(1, Math.round(timeoutMs))}ms`,
      ]);
      return fn(tx);
    });
  } catch (error) {
    if (isQueryCanceled(error)) throw new SearchTimeoutError();
    throw error;
  }
}
