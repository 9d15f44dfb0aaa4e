import type { LearnedHandoffButton } from "../../contract/signals.ts";
import type { Queryable } from "../db/database.ts";
import type { LearnedHandoffTitle } from "./classify.ts";

/**
 * The handoff buttons each Page's bot uses, learned from its echoes (table handoff_buttons): a title whose payload is
 * a handoff payload. A later tap with that title and no payload (a standby postback, a chip whose payload Meta left
 * out) is a request for a human, in any conversation of the Page.
 */

/** A handoff button seen in one of the bot's messages. */
export interface HandoffButtonSighting {
  pageId: string;
  /** titleKey(title). */
  key: string;
  title: string;
  payload: string;
  source: string;
  at: number;
}

interface CachedTitle extends LearnedHandoffTitle {
  lastSeenAt: number;
}
interface CachedPage {
  titles: Map<string, CachedTitle>;
  loadedAt: number;
}

/** A title seen again within this long is not written again (last_seen_at is that coarse). */
const REFRESH_MS = 60 * 60_000;

/**
 * The learned titles per Page, cached in memory. A Page is loaded once per `ttlMs` (so titles another Baton instance
 * learned arrive within that), and reloaded at once, inside the same transaction, when this instance learns a title
 * new to it. `forget()` after a failed transaction drops what it may have read from it.
 */
export class LearnedHandoffButtons {
  readonly #pages = new Map<string, CachedPage>();

  constructor(
    private readonly ttlMs = 60_000,
    private readonly monotonicNow: () => number = () => performance.now(),
  ) {}

  /** Each Page's learned titles by titleKey. */
  async forPages(
    tx: Queryable,
    pageIds: Iterable<string>,
  ): Promise<Map<string, ReadonlyMap<string, LearnedHandoffTitle>>> {
    const wanted = [...new Set(pageIds)];
    const now = this.monotonicNow();
    const stale = wanted.filter((id) => {
      const cached = this.#pages.get(id);
      return !cached || now - cached.loadedAt > this.ttlMs;
    });
    if (stale.length > 0) await this.#load(tx, stale);
    return new Map(wanted.map((id) => [id, this.#pages.get(id)?.titles ?? new Map<string, CachedTitle>()]));
  }

  async #load(tx: Queryable, pageIds: readonly string[]): Promise<void> {
    const rows = await tx.query<{
      page_id: string;
      title_key: string;
      title: string;
      payload: string;
      source: string;
      last_seen_at: number | string;
    }>(
      "select page_id, title_key, title, payload, source, last_seen_at from handoff_buttons where page_id = any($1::text[])",
      [pageIds],
    );
    const loadedAt = this.monotonicNow();
    const pages = new Map(pageIds.map((id) => [id, { titles: new Map<string, CachedTitle>(), loadedAt }]));
    for (const r of rows)
      pages.get(r.page_id)?.titles.set(r.title_key, {
        title: r.title,
        payload: r.payload,
        source: r.source,
        lastSeenAt: Number(r.last_seen_at),
      });
    for (const [id, page] of pages) this.#pages.set(id, page);
  }

  /**
   * Records handoff buttons seen in the bot's messages: new titles with their first sighting, known ones with their
   * last. A title new to a Page (or with another payload) reloads that Page's titles in this transaction, so a tap
   * later in the same batch, in any of its conversations, is recognised. Returns how many rows it wrote.
   */
  async learn(tx: Queryable, sightings: readonly HandoffButtonSighting[]): Promise<number> {
    if (sightings.length === 0) return 0;
    const known = await this.forPages(
      tx,
      sightings.map((s) => s.pageId),
    );
    const latest = new Map<string, HandoffButtonSighting & { first: number }>();
    for (const s of sightings) {
      const id = `${s.pageId}\n${s.key}`;
      const prev = latest.get(id);
      if (!prev) latest.set(id, { ...s, first: s.at });
      else latest.set(id, { ...(s.at >= prev.at ? s : prev), first: Math.min(prev.first, s.at) });
    }
    const isNew = (s: HandoffButtonSighting) => {
      const k = known.get(s.pageId)?.get(s.key);
      return !k || k.payload !== s.payload;
    };
    const stale = (s: HandoffButtonSighting) => {
      const k = this.#pages.get(s.pageId)?.titles.get(s.key);
      return !k || k.title !== s.title || s.at - k.lastSeenAt > REFRESH_MS;
    };
    // In key order, so two instances learning the same titles lock the rows in the same order.
    const writes = [...latest.values()]
      .filter((s) => isNew(s) || stale(s))
      .sort((a, b) =>
        a.pageId === b.pageId ? a.key.localeCompare(b.key) : a.pageId.localeCompare(b.pageId),
      );
    if (writes.length === 0) return 0;
    await tx.query(
      `insert into handoff_buttons (page_id, title_key, title, payload, source, first_seen_at, last_seen_at)
       select * from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[])
       on conflict (page_id, title_key) do update set
         title = case when excluded.last_seen_at >= handoff_buttons.last_seen_at then excluded.title else handoff_buttons.title end,
         payload = case when excluded.last_seen_at >= handoff_buttons.last_seen_at then excluded.payload else handoff_buttons.payload end,
         source = case when excluded.last_seen_at >= handoff_buttons.last_seen_at then excluded.source else handoff_buttons.source end,
         first_seen_at = least(handoff_buttons.first_seen_at, excluded.first_seen_at),
         last_seen_at = greatest(handoff_buttons.last_seen_at, excluded.last_seen_at)`,
      [
        writes.map((s) => s.pageId),
        writes.map((s) => s.key),
        writes.map((s) => s.title),
        writes.map((s) => s.payload),
        writes.map((s) => s.source),
        writes.map((s) => s.first),
        writes.map((s) => s.at),
      ],
    );
    const learnedPages = new Set(writes.filter(isNew).map((s) => s.pageId));
    for (const id of learnedPages) this.#pages.delete(id);
    if (learnedPages.size > 0) await this.#load(tx, [...learnedPages]);
    for (const s of writes) {
      const cached = this.#pages.get(s.pageId)?.titles.get(s.key);
      if (cached && !learnedPages.has(s.pageId)) cached.lastSeenAt = Math.max(cached.lastSeenAt, s.at);
    }
    return writes.length;
  }

  /** Drops every cached Page (after a failed transaction, or a test that emptied the table). */
  forget(): void {
    this.#pages.clear();
  }
}

/** Every learned handoff button, for the settings page: by Page, the most recently seen first. */
export async function listLearnedHandoffButtons(db: Queryable): Promise<LearnedHandoffButton[]> {
  const rows = await db.query<{
    page_id: string;
    title: string;
    payload: string;
    source: string;
    first_seen_at: number | string;
    last_seen_at: number | string;
  }>(
    "select page_id, title, payload, source, first_seen_at, last_seen_at from handoff_buttons order by page_id, last_seen_at desc, title_key",
  );
  return rows.map((r) => ({
    pageId: r.page_id,
    title: r.title,
    payload: r.payload,
    source: r.source,
    firstSeenAt: new Date(Number(r.first_seen_at)).toISOString(),
    lastSeenAt: new Date(Number(r.last_seen_at)).toISOString(),
  }));
}
