import type { Queryable } from "../db/database.ts";
import type { LearnedHandoffTitle } from "./classify.ts";
import type { DomainEvent } from "./domain-events.ts";
import type { LearnedHandoffButtons } from "./handoff-buttons.ts";
import {
  handoffSightings,
  historyOrder,
  needsReplay,
  planEvents,
  type Change,
  type StoredEvent,
} from "./plan.ts";
import type { Rules } from "./state-machine.ts";
import {
  insertEvents,
  loadLog,
  lockConversations,
  recordWebhookTests,
  storePolicyAlerts,
  writePlan,
} from "./write.ts";

export type { Change } from "./plan.ts";

/**
 * Applies events to the database in the caller's transaction: the event log, the timeline, timers and the
 * conversation rows. Idempotent (events are deduplicated by identity) and order-proof (a late event replays
 * its conversation from the log). The one place a conversation changes: Meta's webhooks, agents' actions and
 * timers all come here. What changes is decided by the pure planner (plan.ts) and written by write.ts.
 */

/** Stores webhook bodies as received; returns their ids in the same order. */
export async function storeRawBatches(
  tx: Queryable,
  bodies: readonly string[],
  receivedAt: number,
): Promise<number[]> {
  const rows = await tx.query<{ id: number; n: number }>(
    `insert into webhook_batches (received_at, body)
     select $1, b from unnest($2::text[]) with ordinality as u(b, n) order by n
     returning id`,
    [receivedAt, bodies],
  );
  if (rows.length !== bodies.length)
    throw new Error("insert into webhook_batches returned the wrong number of rows");
  return rows.map((r) => r.id).sort((a, b) => a - b);
}

export async function applyEvents(
  tx: Queryable,
  events: readonly DomainEvent[],
  rules: Rules,
  options: { batchIds?: readonly (number | null)[]; now: number; learned?: LearnedHandoffButtons },
): Promise<Change[]> {
  const stored = await insertEvents(
    tx,
    events.map((event, i) => ({ event, batchId: options.batchIds?.[i] ?? null })),
  );
  await recordWebhookTests(tx, events, options.now);
  await storePolicyAlerts(tx, stored, options.now);
  const byConversation = new Map<string, StoredEvent[]>();
  for (const s of stored) {
    if (!s.conversationId) continue;
    const list = byConversation.get(s.conversationId) ?? [];
    list.push(s);
    byConversation.set(s.conversationId, list);
  }
  if (byConversation.size === 0) return [];
  for (const list of byConversation.values()) list.sort(historyOrder);

  // Learn the bot's handoff buttons before any conversation moves, so a tap in the same batch (in another
  // conversation of the Page, after the echo) is recognised; then each conversation runs with its Page's titles.
  let learnedByPage = new Map<string, ReadonlyMap<string, LearnedHandoffTitle>>();
  if (options.learned) {
    await options.learned.learn(tx, handoffSightings(stored, rules));
    learnedByPage = await options.learned.forPages(
      tx,
      [...byConversation.values()].map((list) => list[0]?.event.pageId ?? ""),
    );
  }

  const firsts = new Map([...byConversation].map(([id, list]) => [id, list[0] as StoredEvent]));
  const locked = await lockConversations(tx, firsts, options.now);
  const logs = new Map<string, StoredEvent[]>();
  for (const [id, list] of byConversation) {
    const conv = locked.get(id);
    if (conv && needsReplay(conv, list)) logs.set(id, await loadLog(tx, id));
  }
  const plan = planEvents({ groups: byConversation, locked, logs, rules, learnedByPage, now: options.now });
  return writePlan(tx, plan, stored);
}
