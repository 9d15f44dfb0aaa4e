import { createHash } from "node:crypto";
import type { UnprocessableEvent } from "../../contract/auth.ts";
import type { Queryable } from "../db/database.ts";
import { MAX_ID_CHARS, storableText, type RefusedEvent } from "./events.ts";

/**
 * Webhook events Baton could not store (see RefusedEvent): kept raw in `unprocessable_events`, beside the batch
 * they came in, so the rest of the batch is stored, Meta hears 200 and stops re-delivering, and an admin can see them.
 */

/** How much of an event's JSON the list shows; the whole of it stays stored. */
export const RAW_PREVIEW_CHARS = 4000;
const MAX_REASON_CHARS = 1000;

/** Stores refused events with the batch they came in. A re-delivered event is stored once; returns how many were new. */
export async function storeUnprocessable(
  tx: Queryable,
  refused: readonly RefusedEvent[],
  batchId: number | null,
  receivedAt: number,
): Promise<number> {
  if (refused.length === 0) return 0;
  const rows = refused.map((r) => {
    const pageId = storableText(r.pageId, MAX_ID_CHARS);
    return {
      pageId,
      reason: storableText(`${r.channel}: ${r.reason}`, MAX_REASON_CHARS),
      raw: r.raw,
      fingerprint: createHash("sha256").update(`${pageId}\n${r.channel}\n${r.raw}`).digest("hex"),
    };
  });
  const inserted = await tx.query<{ id: number }>(
    `insert into unprocessable_events (received_at, batch_id, page_id, reason, raw, fingerprint)
     select $1, $2, u.page_id, u.reason, u.raw, u.fingerprint
     from unnest($3::text[], $4::text[], $5::text[], $6::text[]) with ordinality as u(page_id, reason, raw, fingerprint, n)
     order by u.n
     on conflict (fingerprint) do nothing
     returning id`,
    [
      receivedAt,
      batchId,
      rows.map((r) => r.pageId),
      rows.map((r) => r.reason),
      rows.map((r) => r.raw),
      rows.map((r) => r.fingerprint),
    ],
  );
  return inserted.length;
}

/** The newest unprocessable events first, each event's JSON cut to RAW_PREVIEW_CHARS characters. */
export async function listUnprocessableEvents(db: Queryable, limit: number): Promise<UnprocessableEvent[]> {
  const n = Math.min(Math.max(Math.trunc(Number.isFinite(limit) ? limit : 50), 1), 500);
  const rows = await db.query<{
    id: number | string;
    received_at: number;
    reason: string;
    raw: string;
    raw_length: number;
  }>(
    `select id, received_at, reason, left(raw, $2) as raw, length(raw) as raw_length
     from unprocessable_events order by id desc limit $1`,
    [n, RAW_PREVIEW_CHARS],
  );
  return rows.map((r) => ({
    id: String(r.id),
    receivedAt: new Date(r.received_at).toISOString(),
    reason: r.reason,
    raw: r.raw_length > RAW_PREVIEW_CHARS ? `${r.raw}…` : r.raw,
  }));
}
