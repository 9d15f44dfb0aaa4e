import { z } from "zod";
import type { LiveEvent } from "../../contract/live.ts";
import type { WindowPolicy } from "../../contract/messaging-window.ts";
import type { Clock } from "../clock.ts";
import type { Change } from "../conversations/engine.ts";
import { getConversationRows, timelineItemsById, toSummary } from "../conversations/queries.ts";
import type { Database, Queryable } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import {
  MAX_REPLAY_ROWS,
  mergeChanges,
  parseLastEventId,
  planResume,
  REPLAY_OVERLAP_MS,
  type LoggedChanges,
} from "./resume.ts";

const CHANNEL = "baton_live";
const changeSet = z.array(
  z.object({ conversationId: z.string(), itemIds: z.array(z.string()), escalated: z.boolean() }),
);
/** NOTIFY payloads must stay under 8,000 bytes; larger change sets are split (the log id and a space go first). */
const MAX_PAYLOAD = 7000;

/** What a stream does with the hub's frames: each is a whole SSE event, encoded once for every stream. */
export interface LiveListener {
  frame(bytes: Uint8Array): void;
  /** The periodic heartbeat frame (also a moment for the stream to check its session). */
  heartbeat(bytes: Uint8Array): void;
}

interface LiveHubOptions {
  /** How often every stream gets a `heartbeat` event. */
  heartbeatMs: number;
  /** The change log keeps rows this long and at most this many, and is pruned this often. */
  keepMs: number;
  keepRows: number;
  pruneEveryMs: number;
}

const DEFAULTS: LiveHubOptions = {
  heartbeatMs: 15_000,
  keepMs: 10 * 60_000,
  keepRows: 100_000,
  pruneEveryMs: 60_000,
};

const encoder = new TextEncoder();
/** One SSE event; JSON.stringify escapes newlines, so the data is one line. */
function sseFrame(event: LiveEvent, id?: number | string): Uint8Array {
  return encoder.encode(`data: ${JSON.stringify(event)}\n${id !== undefined ? `id: ${id}\n` : ""}\n`);
}

/**
 * Fans committed changes out to browsers. Every change set is logged in `live_changes` (its id is the SSE event
 * id, the same on every instance) and announced through Postgres NOTIFY, so each Baton instance sharing the
 * database loads it once, serialises each event once and hands the same bytes to all its SSE streams. A browser
 * that reconnects, to this instance or another, resumes from the log (see resume.ts).
 */
export class LiveHub {
  readonly #listeners = new Set<LiveListener>();
  readonly #eventListeners = new Set<(event: LiveEvent) => void>();
  readonly #options: LiveHubOptions;
  /** The id of the last change set handed to the streams: heartbeats carry it as the streams' resume point. */
  #lastId: string | null = null;
  #unlisten: (() => Promise<void>) | null = null;
  #queue: Promise<void> = Promise.resolve();
  #timers: ReturnType<typeof setInterval>[] = [];

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly policy: WindowPolicy,
    private readonly log: Logger,
    options: Partial<LiveHubOptions> = {},
  ) {
    this.#options = { ...DEFAULTS, ...options };
  }

  async start(): Promise<void> {
    this.#unlisten = await this.db.listen(
      CHANNEL,
      (payload) => {
        // Deliver in order, one change set at a time.
        this.#queue = this.#queue
          .then(() => this.#deliver(payload))
          .catch((error: unknown) => {
            this.log.warn("live update could not be loaded", { err: error });
          });
      },
      () => {
        // The listening connection dropped and came back: whatever was announced meanwhile is lost here.
        this.log.warn("live notifications resubscribed; every stream resynchronises");
        this.#queue = this.#queue.then(() => this.resyncAll());
      },
    );
    const every = (ms: number, fn: () => void) => {
      const timer = setInterval(fn, ms);
      timer.unref();
      this.#timers.push(timer);
    };
    const [head] = await this.db.query<{ newest: string | null }>(
      "select max(id)::text as newest from live_changes",
    );
    // Unless a notification came first: the log's newest now is where a quiet stream resumes.
    this.#lastId ??= head?.newest ?? null;
    every(this.#options.heartbeatMs, () => {
      if (this.#listeners.size === 0) return;
      const frame = sseFrame({ type: "heartbeat" }, this.#lastId ?? undefined);
      for (const listener of this.#listeners) listener.heartbeat(frame);
    });
    every(this.#options.pruneEveryMs, () => {
      this.prune().catch((error: unknown) => this.log.warn("live change log not pruned", { err: error }));
    });
  }

  async stop(): Promise<void> {
    for (const timer of this.#timers) clearInterval(timer);
    this.#timers = [];
    await this.#unlisten?.();
    this.#unlisten = null;
    await this.#queue;
  }

  get listenerCount(): number {
    return this.#listeners.size + this.#eventListeners.size;
  }

  /** A stream's subscription: encoded frames, the same bytes for every stream. */
  attach(listener: LiveListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The events themselves, for code in this process that reads them. */
  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.#eventListeners.add(listener);
    return () => this.#eventListeners.delete(listener);
  }

  /**
   * Announces changes. Inside a transaction (`via`) the log row and the notification are the transaction's outbox:
   * Postgres keeps and delivers them on commit and drops them on rollback. Without one, call it after the change
   * has committed. One statement whatever the number of changes: the rows go in through unnest.
   */
  async publish(changes: readonly Change[], via: Queryable = this.db): Promise<void> {
    const chunks: Change[][] = [[]];
    let size = 0;
    for (const c of changes) {
      const s = JSON.stringify(c).length;
      if (size + s > MAX_PAYLOAD && (chunks.at(-1)?.length ?? 0) > 0) {
        chunks.push([]);
        size = 0;
      }
      chunks.at(-1)?.push(c.itemIds.length > 200 ? { ...c, itemIds: c.itemIds.slice(-200) } : c);
      size += s;
    }
    const payloads = chunks.filter((chunk) => chunk.length > 0).map((chunk) => JSON.stringify(chunk));
    if (payloads.length > 0)
      await via.query(
        `with logged as (
           insert into live_changes (changes)
           select p from unnest($2::text[]) with ordinality as u(p, n) order by n
           returning id, changes
         )
         select pg_notify($1, id::text || ' ' || changes) from logged order by id`,
        [CHANNEL, payloads],
      );
  }

  /**
   * The first frames of a stream: `hello`, then, for a browser that sends the id of the last event it saw, what it
   * missed or `resync`. A new browser's first resume point comes with its first event or heartbeat.
   */
  async opening(lastEventIdHeader: string | undefined): Promise<Uint8Array[]> {
    const lastEventId = parseLastEventId(lastEventIdHeader);
    const hello: LiveEvent = {
      type: "hello",
      at: this.clock.now().toISOString(),
      heartbeatMs: this.#options.heartbeatMs,
    };
    const [bounds] = await this.db.query<{ oldest: string | null; newest: string | null }>(
      "select min(id)::text as oldest, max(id)::text as newest from live_changes",
    );
    const oldest = bounds?.oldest != null ? Number(bounds.oldest) : null;
    const newest = bounds?.newest != null ? Number(bounds.newest) : null;
    const rows =
      typeof lastEventId === "number" && lastEventId <= (newest ?? 0)
        ? await this.#loggedSince(lastEventId)
        : [];
    const plan = planResume(lastEventId, { oldest, newest, rows });
    // A new browser gets its first resume point with the next event or heartbeat.
    if (plan.kind === "fresh") return [sseFrame(hello)];
    if (plan.kind === "resync") {
      this.log.debug("live stream resumes with a resync", { reason: plan.reason, lastEventId });
      return [sseFrame(hello), sseFrame({ type: "resync" }, newest ?? 0)];
    }
    const events = await this.#load(plan.changes);
    const upTo = Math.max(plan.lastId, ...rows.map((r) => r.id));
    // Only the last frame moves the browser's id: cut off half-way, it resumes from where it was.
    return [
      sseFrame(hello),
      ...events.map((e, i) => sseFrame(e, i === events.length - 1 ? upTo : undefined)),
    ];
  }

  /** Tells every stream to refetch (the notifications in between may be lost), from the log's newest id on. */
  async resyncAll(): Promise<void> {
    const [row] = await this.db
      .query<{ newest: string | null }>("select max(id)::text as newest from live_changes")
      .catch((error: unknown) => {
        this.log.warn("live change log unreadable for a resync", { err: error });
        return [];
      });
    const frame = sseFrame({ type: "resync" }, row?.newest ?? undefined);
    for (const listener of this.#listeners) listener.frame(frame);
  }

  /**
   * Deletes log rows older than `keepMs` or beyond the newest `keepRows`, but never the newest row (it is where a
   * browser that saw nothing for a while resumes). Returns how many went. Every instance may prune: it is idempotent.
   */
  async prune(limits: { keepMs?: number; keepRows?: number } = {}): Promise<number> {
    const keepMs = limits.keepMs ?? this.#options.keepMs;
    const keepRows = limits.keepRows ?? this.#options.keepRows;
    const deleted = await this.db.query<{ id: string }>(
      `with newest as (select max(id) as id from live_changes)
       delete from live_changes l using newest
       where l.id < newest.id and (l.at < clock_timestamp() - $1 * interval '1 millisecond' or l.id <= newest.id - $2)
       returning l.id`,
      [keepMs, keepRows],
    );
    return deleted.length;
  }

  /** Rows after `id` and the overlap before it, at most one more than a replay may hold. */
  async #loggedSince(id: number): Promise<LoggedChanges[]> {
    const rows = await this.db.query<{ id: string; changes: string }>(
      `select id::text, changes from live_changes
       where id > $1 or at >= (select at from live_changes where id = $1) - $2 * interval '1 millisecond'
       order by id limit $3`,
      [id, REPLAY_OVERLAP_MS, MAX_REPLAY_ROWS + 1],
    );
    return rows.map((r) => ({ id: Number(r.id), changes: changeSet.parse(JSON.parse(r.changes)) }));
  }

  /** The events for these changes: each conversation's summary and items, loaded once. */
  async #load(changes: readonly Change[]): Promise<LiveEvent[]> {
    if (changes.length === 0) return [];
    const [rows, items] = await Promise.all([
      getConversationRows(
        this.db,
        changes.map((c) => c.conversationId),
      ),
      timelineItemsById(
        this.db,
        changes.flatMap((c) => c.itemIds),
      ),
    ]);
    const now = this.clock.now();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const events: LiveEvent[] = [];
    // In the changes' order, so the newest conversation arrives last.
    for (const change of changes) {
      const row = byId.get(change.conversationId);
      if (!row) continue;
      events.push({
        type: "conversation",
        conversation: toSummary(row, now, this.policy),
        items: items.filter((i) => i.conversationId === row.id).map(({ conversationId: _, ...item }) => item),
        escalated: change.escalated,
      });
    }
    return events;
  }

  async #deliver(payload: string): Promise<void> {
    const space = payload.indexOf(" ");
    const id = payload.slice(0, space);
    if (this.listenerCount === 0) {
      this.#lastId = id;
      return;
    }
    const changes = changeSet.parse(JSON.parse(payload.slice(space + 1)));
    const events = await this.#load(mergeChanges([{ id: 1, changes }], 0));
    // Serialised once for every stream; only the change set's last event carries its id (see opening()).
    const frames =
      this.#listeners.size === 0
        ? []
        : events.map((e, i) => sseFrame(e, i === events.length - 1 ? id : undefined));
    for (const frame of frames) for (const listener of this.#listeners) listener.frame(frame);
    for (const event of events) for (const listener of this.#eventListeners) listener(event);
    this.#lastId = id;
  }
}
