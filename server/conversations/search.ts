import type { Database, Queryable } from "../db/database.ts";
import { AppError } from "../errors.ts";
import type { Bind } from "./view-sql.ts";

/**
 * Search in the inbox list (issue 12): what a query looks for, and how its cost stays bounded.
 *
 * Text is compared folded: lower case and without accents (`baton_search_fold`, migration 0012), on both sides, so
 * "creme" finds "Crème" and "CRÈME" finds "creme". Trigram indexes on the folded text keep a search from reading
 * every message; `searchPlan` decides which of them a query can use.
 */

/**
 * What a query looks for.
 * - `nothing`: no letter or digit at all ("?", "--"): there is nothing to look for, and no index could narrow it.
 * - `text`: a run of three letters or digits, which a trigram index can find: the query anywhere in a message
 *   (and a referral's note), the customer's name, or the ref and ad title they came from.
 * - `prefix`: one or two letters ("jo", "a b"): the start of a word in the customer's name, ref or ad title. Two
 *   letters occur in most messages, so they would read every message for little use.
 */
export type SearchPlan = { kind: "nothing" } | { kind: "text"; q: string } | { kind: "prefix"; q: string };

export function searchPlan(raw: string): SearchPlan {
  const q = raw.trim();
  if (!/[\p{L}\p{N}]/u.test(q)) return { kind: "nothing" };
  return /[\p{L}\p{N}]{3}/u.test(q) ? { kind: "text", q } : { kind: "prefix", q };
}

/** The folded text a conversation is found by: the customer's name, and the ref and ad title they came from. */
const CONVERSATION_TEXT = `baton_search_fold(c.customer_name || ' ' || coalesce(c.referral->>'ref', '') || ' ' || coalesce(c.referral->>'adTitle', ''))`;
/** The timeline items searched (the predicate of the partial index timeline_search: keep them identical). */
const SEARCHED_ITEMS = `(t.kind = 'message' or (t.kind = 'system' and t.item->>'event' = 'referral'))`;
const MESSAGE_TEXT = "baton_search_fold(t.text)";

/**
 * How many matching messages and conversations a search collects from the indexes before it stops counting. Under
 * both, the matches are exactly those conversations, which the page then orders as its view does. Over either, the
 * query is common, and the page instead walks the view in order and tests each conversation until it has a page:
 * since matches are common, that ends soon. Both ways give the same conversations in the same order.
 */
const MESSAGE_CANDIDATES = 2_000;
const CONVERSATION_CANDIDATES = 500;

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => `\\${m}`);

/**
 * The `where` condition a search adds to the list query over `conversations c`. It first asks the indexes for
 * candidates (a few bounded reads), so call it inside `withSearchBudget`.
 */
export async function searchWhereSql(db: Queryable, plan: SearchPlan, bind: Bind): Promise<string> {
  if (plan.kind === "nothing") return "false";
  const [folded] = await db.query<{ q: string }>("select baton_search_fold($1) as q", [plan.q]);
  const q = escapeLike(folded?.q ?? "");
  const patterns = plan.kind === "text" ? [`%${q}%`] : [`${q}%`, `% ${q}%`];
  const byName = (p: string[]) => p.map((pattern) => `${CONVERSATION_TEXT} like ${pattern}`).join(" or ");

  const nameParams: unknown[] = [];
  const nameSql = byName(patterns.map((p) => (nameParams.push(p), `$${nameParams.length}`)));
  const names = await db.query<{ id: string }>(
    `select c.id from conversations c where ${nameSql} limit ${CONVERSATION_CANDIDATES + 1}`,
    nameParams,
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
    const ids = new Set([...names.map((r) => r.id), ...messages.map((r) => r.conversation_id)]);
    return `c.id = any(${bind([...ids])}::text[])`;
  }
  const bound = patterns.map(bind);
  const inName = byName(bound);
  if (plan.kind === "prefix") return `(${inName})`;
  return `(${inName} or exists (select 1 from timeline_items t where t.conversation_id = c.id
    and ${SEARCHED_ITEMS} and ${MESSAGE_TEXT} like ${bound[0]}))`;
}

/** The longest a search may hold the database (PostgreSQL: each of its statements) before it is stopped. */
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
 * Runs a search's queries within its budget. On PostgreSQL: one transaction whose statements time out after
 * `timeoutMs` (`set local`, so the pooled connection keeps no trace), answered as SearchTimeoutError. PGlite has no
 * statement timeout (one WASM thread, no timer interrupts) and runs one query at a time: there the queries run
 * one by one outside a transaction, so a webhook waits for at most one of them, never for the whole search.
 */
export async function withSearchBudget<T>(
  db: Database,
  timeoutMs: number,
  fn: (q: Queryable) => Promise<T>,
): Promise<T> {
  if (db.kind !== "postgres") return fn(db);
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
