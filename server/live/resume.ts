import type { Change } from "../conversations/engine.ts";

/**
 * How a reconnecting browser catches up. Every published change set is a row of `live_changes` whose bigserial id
 * is the SSE `id:` of its events, the same on every instance. Sequence values are taken in one order and committed
 * in another: a transaction that took id 41 may commit just after the one that took 42, so a browser holding 42
 * may never have seen 41. The log is written as the publishing transaction's last statement, so such a straggler
 * took its id at most a commit's duration before the later one. A resume therefore replays, besides every row
 * after the browser's id, the rows logged up to REPLAY_OVERLAP_MS before that id's row. Events are snapshots of
 * the conversation as it is now and the browser keeps the newest version, so replaying one twice is harmless.
 */
export const REPLAY_OVERLAP_MS = 10_000;
/** More rows than this to replay and the browser is better off refetching what it shows. */
export const MAX_REPLAY_ROWS = 500;

export interface LoggedChanges {
  id: number;
  changes: readonly Change[];
}

export type ResumePlan =
  | { kind: "fresh" }
  | { kind: "resync"; reason: "unreadable id" | "pruned" | "unknown id" | "too many" }
  | { kind: "replay"; changes: Change[]; lastId: number };

/** A Last-Event-ID as the server sends them: a positive decimal integer (or 0 before the first change ever). */
export function parseLastEventId(header: string | undefined): number | null | "unreadable" {
  if (header === undefined || header.trim() === "") return null;
  const text = header.trim();
  if (!/^\d{1,15}$/.test(text)) return "unreadable";
  return Number(text);
}

/**
 * What to send a browser that reconnects with `lastEventId`, given the log's oldest and newest ids and the rows
 * from REPLAY_OVERLAP_MS before its id onwards (at most MAX_REPLAY_ROWS + 1 of them, in id order).
 */
export function planResume(
  lastEventId: number | null | "unreadable",
  log: { oldest: number | null; newest: number | null; rows: readonly LoggedChanges[] },
): ResumePlan {
  if (lastEventId === null) return { kind: "fresh" };
  if (lastEventId === "unreadable") return { kind: "resync", reason: "unreadable id" };
  // An id beyond the log's end was not given by this database (another one, or a restored backup).
  if (lastEventId > (log.newest ?? 0)) return { kind: "resync", reason: "unknown id" };
  // Pruning keeps the newest row, so a browser with that id or one just before the oldest has lost nothing.
  if (log.oldest !== null && log.oldest > lastEventId + 1) return { kind: "resync", reason: "pruned" };
  if (log.rows.length > MAX_REPLAY_ROWS) return { kind: "resync", reason: "too many" };
  return { kind: "replay", changes: mergeChanges(log.rows, lastEventId), lastId: lastEventId };
}

/**
 * One change per conversation, in the order of its latest row, with every item once. Only rows after the browser's
 * id may escalate: the overlap's escalations were announced already.
 */
export function mergeChanges(rows: readonly LoggedChanges[], after: number): Change[] {
  const merged = new Map<string, { change: Change; items: Set<string> }>();
  for (const row of rows)
    for (const c of row.changes) {
      const held = merged.get(c.conversationId);
      const entry = held ?? {
        change: { conversationId: c.conversationId, itemIds: [], escalated: false },
        items: new Set<string>(),
      };
      for (const id of c.itemIds) entry.items.add(id);
      entry.change.escalated ||= c.escalated && row.id > after;
      // Map keeps insertion order: move the conversation to the end, after its latest row.
      merged.delete(c.conversationId);
      merged.set(c.conversationId, entry);
    }
  return [...merged.values()].map(({ change, items }) => ({ ...change, itemIds: [...items] }));
}
