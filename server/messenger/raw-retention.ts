import type { Queryable } from "../db/database.ts";

/**
 * Raw webhook bodies (`webhook_batches`) are kept RAW_WEBHOOK_RETENTION_DAYS and then deleted, row and body: nothing
 * reads them back. What they produced stays as it is: events keep their `batch_id` (a plain number since migration
 * 0002 dropped the foreign key; it may name a pruned batch), timeline items and conversations never pointed at a
 * batch, and an unprocessable event keeps its own copy of its raw JSON, which is what the admin's list shows.
 */

const DAY_MS = 86_400_000;
/** Rows deleted per statement: each chunk is a short transaction of its own, so ingest never waits long on it. */
const CHUNK_ROWS = 5000;
/** Chunks per run at most (one housekeeping tick): a backlog is worked off over several runs. */
const MAX_CHUNKS = 200;

/**
 * Deletes raw webhook bodies received more than `retentionDays` before `now`, oldest first, in chunks; returns how
 * many were deleted. `chunkRows` and `maxChunks` bound the work (tests make them small).
 */
export async function pruneRawWebhookBodies(
  db: Queryable,
  options: { now: number; retentionDays: number; chunkRows?: number; maxChunks?: number },
): Promise<number> {
  const cutoff = options.now - options.retentionDays * DAY_MS;
  const chunkRows = options.chunkRows ?? CHUNK_ROWS;
  const maxChunks = options.maxChunks ?? MAX_CHUNKS;
  let deleted = 0;
  for (let chunk = 0; chunk < maxChunks; chunk++) {
    const [row] = await db.query<{ n: number }>(
      `with pruned as (
         delete from webhook_batches where id in (
           select id from webhook_batches where received_at < $1 order by received_at limit $2
         )
         returning 1
       )
       select count(*)::int as n from pruned`,
      [cutoff, chunkRows],
    );
    const n = row?.n ?? 0;
    deleted += n;
    if (n < chunkRows) break;
  }
  return deleted;
}
