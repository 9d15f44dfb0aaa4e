/**
 * What a search in the inbox looks for: one rule for the server's SQL (server/conversations/search.ts, over the
 * trigram indexes of migration 0012) and the mock backend (src/mocks/mock-db.ts), so designers and the SPA's tests
 * see the search users get.
 *
 * - `nothing`: no letter or digit at all ("?", "--"): there is nothing to look for, and no index could narrow it.
 * - `text`: a run of three letters or digits, which a trigram index can find: the query anywhere in a message
 *   (and a referral's note), the customer's name, or the ref and ad title they came from.
 * - `prefix`: one or two letters ("jo", "a b"): the start of a word in the customer's name, ref or ad title. Two
 *   letters occur in most messages, so they would read every message for little use.
 *
 * Text is compared folded, lower case and without accents, on both sides: "creme" finds "Crème".
 */
export type SearchPlan = { kind: "nothing" } | { kind: "text"; q: string } | { kind: "prefix"; q: string };

export function searchPlan(raw: string): SearchPlan {
  const q = raw.trim();
  if (!/[\p{L}\p{N}]/u.test(q)) return { kind: "nothing" };
  return /[\p{L}\p{N}]{3}/u.test(q) ? { kind: "text", q } : { kind: "prefix", q };
}

/** Lower case without accents, as the database's `baton_search_fold` (unaccent, then lower). */
export function foldForSearch(text: string): string {
  return text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * Whether a conversation is found: `conversationText` is its customer's name, ref and ad title joined by spaces,
 * `messages` the texts of its messages and referral notes.
 */
export function searchFinds(
  plan: SearchPlan,
  conversationText: string,
  messages: readonly (string | null | undefined)[],
): boolean {
  if (plan.kind === "nothing") return false;
  const q = foldForSearch(plan.q);
  const name = foldForSearch(conversationText);
  if (plan.kind === "prefix") return name.startsWith(q) || name.includes(` ${q}`);
  return name.includes(q) || messages.some((m) => (m ? foldForSearch(m).includes(q) : false));
}
