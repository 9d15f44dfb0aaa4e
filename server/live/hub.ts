import { z } from "zod";
import type { LiveEvent } from "../../contract/live.ts";
import type { WindowPolicy } from "../../contract/messaging-window.ts";
import type { Clock } from "../clock.ts";
import type { Change } from "../conversations/engine.ts";
import { getConversationRows, timelineItemsById, toSummary } from "../conversations/queries.ts";
import type { Database, Queryable } from "../db/database.ts";
import type { Logger } from "../logger.ts";

const CHANNEL = "baton_live";
const changeSet = z.array(
  z.object({ conversationId: z.string(), itemIds: z.array(z.string()), escalated: z.boolean() }),
);
/** NOTIFY payloads must stay under 8,000 bytes; larger change sets are split. */
const MAX_PAYLOAD = 7000;

/**
 * Fans committed changes out to browsers. Every change goes through Postgres NOTIFY, so each Baton instance
 * sharing the database (and this one) loads it once and pushes it to its own SSE clients.
 */
export class LiveHub {
  readonly #listeners = new Set<(event: LiveEvent) => void>();
  #unlisten: (() => Promise<void>) | null = null;
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly policy: WindowPolicy,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    this.#unlisten = await this.db.listen(CHANNEL, (payload) => {
      // Deliver in order, one change set at a time.
      this.#queue = this.#queue
        .then(() => this.#deliver(payload))
        .catch((error: unknown) => {
          this.log.warn("live update could not be loaded", { err: error });
        });
    });
  }

  async stop(): Promise<void> {
    await this.#unlisten?.();
    this.#unlisten = null;
    await this.#queue;
  }

  get listenerCount(): number {
    return this.#listeners.size;
  }

  subscribe(listener: (event: LiveEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Announces changes. Inside a transaction (`via`) the notification is the transaction's outbox: Postgres
   * delivers it on commit and drops it on rollback. Without one, call it after the change has committed.
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
        "select pg_notify($1, p) from unnest($2::text[]) with ordinality as u(p, n) order by n",
        [CHANNEL, payloads],
      );
  }

  async #deliver(payload: string): Promise<void> {
    if (this.#listeners.size === 0) return;
    const changes = changeSet.parse(JSON.parse(payload));
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
    for (const row of rows) {
      const change = changes.find((c) => c.conversationId === row.id);
      const event: LiveEvent = {
        type: "conversation",
        conversation: toSummary(row, now, this.policy),
        items: items.filter((i) => i.conversationId === row.id).map(({ conversationId: _, ...item }) => item),
        escalated: change?.escalated ?? false,
      };
      for (const listener of this.#listeners) listener(event);
    }
  }
}
