import type { Queryable } from "../db/database.ts";
import {
  isPageLevel,
  type MessageDeleted,
  type MessageEdit,
  type PolicyEnforcement,
  type WebhookTest,
} from "../messenger/events.ts";
import type { DomainEvent } from "./domain-events.ts";
import { conversationIdOf } from "./ids.ts";
import {
  foldReactions,
  insightColumns,
  isReceipt,
  historyOrder,
  type Change,
  type LockedConversation,
  type Plan,
  type StoredEvent,
} from "./plan.ts";
import { initialState, type ConversationState } from "./state-machine.ts";

/** The engine's writer: the event log, locks, and the SQL that carries out a plan (plan.ts) in the caller's transaction. */

const isConversationEvent = (e: DomainEvent) => !isPageLevel(e);

/** Inserts events, skipping ones already stored; returns the new ones with their ids, in order. */
export async function insertEvents(
  tx: Queryable,
  input: readonly { event: DomainEvent; batchId: number | null }[],
): Promise<StoredEvent[]> {
  const seen = new Set<string>();
  const unique = input.filter(({ event: e }) =>
    seen.has(e.dedupeKey) ? false : (seen.add(e.dedupeKey), true),
  );
  const receipts = unique.filter((u) => isReceipt(u.event));
  const logged = receipts.length > 0 ? unique.filter((u) => !isReceipt(u.event)) : unique;
  const out = await insertLoggedEvents(tx, logged);
  // Receipts are watermarks: applying one twice changes nothing, so they need no log row to be deduplicated.
  // They stay in the raw batch, and replays never need them (they do not move the state machine).
  for (const r of receipts)
    out.push({ id: 0, event: r.event, conversationId: conversationIdOf(r.event.pageId, r.event.psid) });
  return out;
}

async function insertLoggedEvents(
  tx: Queryable,
  unique: readonly { event: DomainEvent; batchId: number | null }[],
): Promise<StoredEvent[]> {
  const fresh = unique.map((u) => u.event);
  if (fresh.length === 0) return [];
  const convIds = fresh.map((e) => (isConversationEvent(e) ? conversationIdOf(e.pageId, e.psid) : null));
  const rows = await tx.query<{ id: number; dedupe_key: string }>(
    `insert into events (batch_id, conversation_id, page_id, psid, kind, channel, at, dedupe_key, data)
     select * from unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::json[])
     on conflict (dedupe_key) do nothing
     returning id, dedupe_key`,
    [
      unique.map((u) => u.batchId),
      convIds,
      fresh.map((e) => e.pageId),
      fresh.map((e) => e.psid),
      fresh.map((e) => e.kind),
      fresh.map((e) => e.channel),
      fresh.map((e) => e.at),
      fresh.map((e) => e.dedupeKey),
      fresh.map((e) => JSON.stringify(e)),
    ],
  );
  const idByKey = new Map(rows.map((r) => [r.dedupe_key, r.id]));
  const out: StoredEvent[] = [];
  fresh.forEach((event, i) => {
    const id = idByKey.get(event.dedupeKey);
    if (id !== undefined) out.push({ id, event, conversationId: convIds[i] ?? null });
  });
  return out;
}

/**
 * Locks the conversations' rows, in id order so two writers never deadlock, and creates the missing ones.
 * Existing rows are only locked here (one row version per group, written by the final update).
 */
export async function lockConversations(
  tx: Queryable,
  firsts: Map<string, StoredEvent>,
  now: number,
): Promise<Map<string, LockedConversation>> {
  const ids = [...firsts.keys()].sort();
  const lockExisting = (wanted: readonly string[]) =>
    tx.query<LockedConversation>(
      `select id, state, version, delivered_watermark, read_watermark from conversations
       where id = any($1::text[]) order by id for update`,
      [wanted],
    );
  const locked = new Map((await lockExisting(ids)).map((r) => [r.id, r]));
  const missing = ids.filter((id) => !locked.has(id));
  if (missing.length === 0) return locked;
  const initial = missing.map((id) => {
    const e = firsts.get(id)?.event;
    return initialState(e && e.channel === "messaging" ? "baton" : "bot");
  });
  const created = await tx.query<LockedConversation>(
    `insert into conversations (id, page_id, psid, status, owner, last_activity_at, state, created_at)
     select u.id, u.page_id, u.psid, 'bot', u.owner, u.at, u.state, $1
     from unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::json[]) as u(id, page_id, psid, owner, at, state)
     order by u.id
     on conflict (id) do nothing
     returning id, state, version, delivered_watermark, read_watermark`,
    [
      now,
      missing,
      missing.map((id) => firsts.get(id)?.event.pageId ?? ""),
      missing.map((id) => firsts.get(id)?.event.psid ?? ""),
      initial.map((s) => s.owner),
      missing.map((id) => firsts.get(id)?.event.at ?? now),
      initial.map((s) => JSON.stringify(s)),
    ],
  );
  for (const r of created) locked.set(r.id, r);
  // Another Baton instance created some of them since the first lock: lock those now that they exist.
  const raced = missing.filter((id) => !locked.has(id));
  if (raced.length > 0) for (const r of await lockExisting(raced)) locked.set(r.id, r);
  return locked;
}

export async function loadLog(tx: Queryable, conversationId: string): Promise<StoredEvent[]> {
  const rows = await tx.query<{ id: number; data: DomainEvent }>(
    "select id, data from events where conversation_id = $1 order by at, id",
    [conversationId],
  );
  return rows.map((r) => ({ id: r.id, event: r.data, conversationId })).sort(historyOrder);
}

/** Meta's policy-enforcement events, one alert row each (a re-delivery is one event, so one alert). */
export async function storePolicyAlerts(
  tx: Queryable,
  stored: readonly StoredEvent[],
  now: number,
): Promise<void> {
  const alerts: { id: number; event: PolicyEnforcement }[] = [];
  for (const s of stored)
    if (s.event.kind === "policy_enforcement") alerts.push({ id: s.id, event: s.event });
  if (alerts.length === 0) return;
  await tx.query(
    `insert into policy_alerts (page_id, action, reason, at, received_at, event_id)
     select u.page_id, u.action, u.reason, u.at, $5, u.event_id
     from unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $6::bigint[]) as u(page_id, action, reason, at, event_id)
     on conflict (event_id) do nothing`,
    [
      alerts.map((a) => a.event.pageId),
      alerts.map((a) => a.event.action),
      alerts.map((a) => a.event.reason),
      alerts.map((a) => a.event.at),
      now,
      alerts.map((a) => a.id),
    ],
  );
}

/** The App Dashboard's Test button: when it last reached Baton, and for which field (every press counts, re-sent or not). */
export async function recordWebhookTests(
  tx: Queryable,
  events: readonly DomainEvent[],
  now: number,
): Promise<void> {
  let last: WebhookTest | null = null;
  for (const e of events) if (e.kind === "webhook_test") last = e;
  if (!last) return;
  await tx.query(
    `insert into app_meta (key, value) values ('last_webhook_test_at', $1), ('last_webhook_test_field', $2)
     on conflict (key) do update set value = excluded.value`,
    [String(now), last.field],
  );
}

type MessageChange = MessageEdit | MessageDeleted;

/** Edits, unsends and reactions of these messages in the event log: they may have arrived before their message. */
async function loadMessageSignals(tx: Queryable, mids: readonly string[]): Promise<StoredEvent[]> {
  if (mids.length === 0) return [];
  const rows = await tx.query<{ id: number; conversation_id: string; data: DomainEvent }>(
    `select id, conversation_id, data from events
     where kind in ('message_edit', 'message_deleted', 'reaction') and (data->>'mid') = any($1::text[])
       and conversation_id is not null`,
    [mids],
  );
  return rows.map((r) => ({ id: r.id, event: r.data, conversationId: r.conversation_id }));
}

/**
 * Edits and unsends change the stored message: an edit replaces its text and keeps the original (a later edit, by
 * Meta's num_edit, wins; an older one is ignored), an unsend marks it deleted and keeps its text for the agent.
 * Changes of messages stored in this batch are looked up too (`earlier`), so an edit that arrived before its
 * message still lands.
 */
async function applyMessageChanges(
  tx: Queryable,
  fresh: readonly StoredEvent[],
  earlier: readonly StoredEvent[],
): Promise<{ conversationId: string; itemId: string }[]> {
  const changes = new Map<number, { conversationId: string; event: MessageChange }>();
  for (const s of [...fresh, ...earlier]) {
    if (s.conversationId && (s.event.kind === "message_edit" || s.event.kind === "message_deleted"))
      changes.set(s.id, { conversationId: s.conversationId, event: s.event });
  }
  const touched: { conversationId: string; itemId: string }[] = [];
  const ordered = [...changes.values()].sort((a, b) => a.event.at - b.event.at);
  for (const { conversationId, event } of ordered) {
    const rows =
      event.kind === "message_edit"
        ? await tx.query<{ id: string }>(
            `update timeline_items set text = $3,
               item = ((item::jsonb - 'textTruncated') || jsonb_build_object('edited', jsonb_build_object(
                 'at', $4::bigint,
                 'originalText', coalesce(item::jsonb -> 'edited' -> 'originalText', to_jsonb(text)),
                 'count', $5::int)) || case when $6::boolean then '{"textTruncated": true}'::jsonb else '{}'::jsonb end)::json
             where mid = $1 and conversation_id = $2 and kind = 'message' and coalesce((item::jsonb -> 'edited' ->> 'count')::int, 0) < $5
             returning id`,
            [event.mid, conversationId, event.text, event.at, event.numEdit, event.textTruncated === true],
          )
        : await tx.query<{ id: string }>(
            `update timeline_items set item = (item::jsonb || '{"deleted": true}'::jsonb)::json
             where mid = $1 and conversation_id = $2 and kind = 'message' and (item::jsonb ->> 'deleted') is null
             returning id`,
            [event.mid, conversationId],
          );
    for (const r of rows) touched.push({ conversationId, itemId: r.id });
  }
  return touched;
}

/**
 * Sets the reactions of these messages from the whole log of their reactions, so a reaction that arrived before
 * its message, or an unreact before its react, ends as it would have in order.
 */
async function applyReactions(
  tx: Queryable,
  signals: readonly StoredEvent[],
): Promise<{ conversationId: string; itemId: string }[]> {
  const byMessage = new Map<string, { conversationId: string; mid: string; events: StoredEvent[] }>();
  for (const s of signals) {
    if (s.event.kind !== "reaction" || !s.conversationId) continue;
    const key = `${s.conversationId}\u0000${s.event.mid}`;
    const entry = byMessage.get(key) ?? { conversationId: s.conversationId, mid: s.event.mid, events: [] };
    entry.events.push(s);
    byMessage.set(key, entry);
  }
  if (byMessage.size === 0) return [];
  const messages = [...byMessage.values()];
  const rows = await tx.query<{ id: string; conversation_id: string }>(
    `update timeline_items t set reactions = u.r
     from unnest($1::text[], $2::text[], $3::jsonb[]) as u(cid, mid, r)
     where t.mid = any($2::text[]) and t.mid = u.mid and t.conversation_id = u.cid and t.reactions <> u.r
     returning t.id, t.conversation_id`,
    [
      messages.map((m) => m.conversationId),
      messages.map((m) => m.mid),
      messages.map((m) => JSON.stringify(foldReactions(m.events))),
    ],
  );
  return rows.map((r) => ({ conversationId: r.conversation_id, itemId: r.id }));
}

/**
 * Writes a plan: the replayed conversations' old system items, resolutions and timers out, the timeline in (with the
 * edits, unsends and reactions that came before their messages), receipts, timers, resolutions and the
 * conversations' rows. Adds to the plan's changes the items the SQL changed.
 */
export async function writePlan(tx: Queryable, plan: Plan, fresh: readonly StoredEvent[]): Promise<Change[]> {
  const { timeline, timers, replayed, updates } = plan;
  const changes = new Map(plan.changes.map((c) => [c.conversationId, c]));
  const marks = new Map(updates.map((u) => [u.id, u]));
  if (replayed.length > 0) {
    await tx.query("delete from timeline_items where kind = 'system' and conversation_id = any($1::text[])", [
      replayed,
    ]);
    // Resolutions the replay no longer finds (a late event changed the story), unless a manager reviewed them.
    await tx.query(
      `delete from bot_resolutions r where r.conversation_id = any($1::text[]) and not (r.id = any($2::text[]))
       and not exists (select 1 from review_verdicts v where v.resolution_id = r.id)`,
      [replayed, plan.resolutions.map((r) => r.id)],
    );
    // Grace timers the replay no longer schedules (their message was answered after all); one a sweep is firing
    // now is left to it (its event finds nothing to do).
    const kept = timers.filter((t) => replayed.includes(t.conversationId));
    await tx.query(
      `delete from timers where id in (
         select t.id from timers t where t.conversation_id = any($1::text[]) and t.fired_at is null
           and not exists (select 1 from unnest($2::text[], $3::bigint[]) as k(cid, customer_at)
                           where k.cid = t.conversation_id and k.customer_at = t.customer_at)
         for update skip locked)`,
      [replayed, kept.map((t) => t.conversationId), kept.map((t) => t.customerAt)],
    );
  }

  const newMids: string[] = [];
  if (timeline.length > 0) {
    // Messages are keyed by mid: a re-sent echo of a reply Baton stored at send time lands on that row. An agent id
    // that is no agent's (an echo's metadata is any app's to write) is dropped rather than break the foreign key.
    const rows = await tx.query<{ id: string; conversation_id: string; mid: string | null }>(
      `insert into timeline_items (id, conversation_id, at, kind, mid, client_id, author, agent_id, delivery, text, item, source_event_id)
       select u.id, u.conversation_id, u.at, u.kind, u.mid, u.client_id, u.author, (select a.id from agents a where a.id = u.agent_id),
              u.delivery, u.text, u.item, u.source_event_id
       from unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::json[], $12::bigint[])
         as u(id, conversation_id, at, kind, mid, client_id, author, agent_id, delivery, text, item, source_event_id)
       on conflict do nothing
       returning id, conversation_id, mid`,
      [
        timeline.map((t) => t.id),
        timeline.map((t) => t.conversationId),
        timeline.map((t) => t.at),
        timeline.map((t) => t.kind),
        timeline.map((t) => t.mid),
        timeline.map((t) => t.clientId),
        timeline.map((t) => t.author),
        timeline.map((t) => t.agentId),
        timeline.map((t) => t.delivery),
        timeline.map((t) => t.text),
        timeline.map((t) => JSON.stringify(t.item)),
        timeline.map((t) => t.sourceEventId),
      ],
    );
    for (const r of rows) {
      changes.get(r.conversation_id)?.itemIds.push(r.id);
      if (r.mid !== null) newMids.push(r.mid);
    }
    // An echo of an agent reply whose row exists already (stored before the Send API answered): confirm it.
    const echoes = timeline.filter((t) => t.clientId && !rows.some((r) => r.id === t.id));
    for (const e of echoes) {
      const m = marks.get(e.conversationId);
      const confirmed = await tx.query<{ id: string }>(
        `update timeline_items set mid = coalesce(mid, $3), error = null,
           delivery = case when delivery not in ('sending', 'failed') then delivery
                           when at <= $5 then 'read' when at <= greatest($4, $5) then 'delivered' else 'sent' end
         where conversation_id = $1 and client_id = $2 returning id`,
        [e.conversationId, e.clientId, e.mid, m?.deliveredWatermark ?? 0, m?.readWatermark ?? 0],
      );
      for (const c of confirmed) changes.get(e.conversationId)?.itemIds.push(c.id);
    }
  }

  // Edits, unsends and reactions that came before their message, and every reaction of a message reacted to now.
  const newMidSet = new Set(newMids);
  const signals = await loadMessageSignals(tx, [...new Set([...newMids, ...plan.reactedMids])]);
  const earlier = signals.filter(
    (s) =>
      (s.event.kind === "message_edit" || s.event.kind === "message_deleted") && newMidSet.has(s.event.mid),
  );
  for (const t of await applyMessageChanges(tx, fresh, earlier))
    changes.get(t.conversationId)?.itemIds.push(t.itemId);
  for (const t of await applyReactions(tx, signals)) changes.get(t.conversationId)?.itemIds.push(t.itemId);

  // Delivery and read receipts: one watermark of each per conversation is all that matters.
  const marked = updates.filter((u) => u.newReceipts);
  if (marked.length > 0) {
    const rows = await tx.query<{ id: string; conversation_id: string }>(
      `update timeline_items t set delivery = case when t.at <= u.read_wm then 'read' else 'delivered' end
       from unnest($1::text[], $2::bigint[], $3::bigint[]) as u(cid, delivered_wm, read_wm)
       where t.conversation_id = any($1::text[]) and t.conversation_id = u.cid and t.kind = 'message' and t.author <> 'customer'
         and ((t.delivery = 'sent' and t.at <= greatest(u.delivered_wm, u.read_wm)) or (t.delivery = 'delivered' and t.at <= u.read_wm))
       returning t.id, t.conversation_id`,
      [marked.map((u) => u.id), marked.map((u) => u.deliveredWatermark), marked.map((u) => u.readWatermark)],
    );
    for (const r of rows) changes.get(r.conversation_id)?.itemIds.push(r.id);
  }

  if (timers.length > 0) {
    await tx.query(
      `insert into timers (conversation_id, kind, due_at, customer_at)
       select c, 'bot_grace', d, a from unnest($1::text[], $2::bigint[], $3::bigint[]) as u(c, d, a)
       on conflict do nothing`,
      [timers.map((t) => t.conversationId), timers.map((t) => t.dueAt), timers.map((t) => t.customerAt)],
    );
  }

  const col = <T>(f: (s: ConversationState) => T) => updates.map((u) => f(u.state));
  const res = plan.resolutions;
  // One statement: the insights' dirty days and the bot resolutions ride along with the conversations' update.
  await tx.query(
    `with dirty as (
       insert into insights_dirty_days (day) select date '1970-01-01' + d from unnest($18::int[]) as d
       on conflict (day) do nothing
     ), resolutions as (
       insert into bot_resolutions (id, conversation_id, page_id, flow, resolved_at, confirmed_at, reopened_at,
         last_customer_text, last_customer_asked)
       select * from unnest($19::text[], $20::text[], $21::text[], $22::text[], $23::bigint[], $24::bigint[],
         $25::bigint[], $26::text[], $27::boolean[])
       on conflict (id) do update set flow = excluded.flow, resolved_at = excluded.resolved_at,
         confirmed_at = excluded.confirmed_at, reopened_at = excluded.reopened_at,
         last_customer_text = excluded.last_customer_text, last_customer_asked = excluded.last_customer_asked
     )
     update conversations c set
       state = u.state, status = u.status, owner = u.owner,
       flags = coalesce(string_to_array(nullif(u.flags, ''), ','), '{}'), flagged = u.flags <> '',
       assignee_id = u.assignee_id, escalated_at = u.escalated_at, escalation_reason = u.escalation_reason,
       last_message_preview = u.preview, last_message_author = u.author, last_message_at = u.message_at,
       last_activity_at = case when u.event_at > 0 then u.event_at else least(c.last_activity_at, u.first_at) end,
       last_customer_at = u.customer_at,
       delivered_watermark = greatest(c.delivered_watermark, u.delivered_wm), read_watermark = greatest(c.read_watermark, u.read_wm),
       unread_count = u.unread,
       handoff_item_id = case when u.handoff_set then u.handoff_item_id else c.handoff_item_id end,
       referral = u.referral,
       first_customer_at = (u.i->>'firstCustomerAt')::bigint, bot_first_at = (u.i->>'botFirstAt')::bigint,
       handoff_at = (u.i->>'handoffAt')::bigint, handoff_reason_kind = u.i->>'handoffReasonKind',
       first_human_reply_at = (u.i->>'firstHumanReplyAt')::bigint,
       first_human_reply_by = (select a.id from agents a where a.id = u.i->>'firstHumanReplyBy'), flow = u.i->>'flow',
       version = c.version + 1
     from unnest($1::text[], $2::json[], $3::text[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[],
                 $9::text[], $10::text[], $11::bigint[], $12::bigint[], $13::bigint[], $14::int[], $15::text[], $16::boolean[],
                 $17::json[], $28::jsonb[], $29::bigint[], $30::bigint[], $31::bigint[])
       as u(id, state, status, owner, flags, assignee_id, escalated_at, escalation_reason,
            preview, author, message_at, event_at, customer_at, unread, handoff_item_id, handoff_set, referral, i,
            first_at, delivered_wm, read_wm)
     where c.id = any($1::text[]) and c.id = u.id`,
    [
      updates.map((u) => u.id),
      col((s) => JSON.stringify(s)),
      col((s) => s.status),
      col((s) => s.owner),
      col((s) => s.flags.join(",")),
      col((s) => s.assigneeId),
      col((s) => s.escalatedAt),
      col((s) => s.escalationReason),
      col((s) => s.lastMessage?.preview ?? null),
      col((s) => s.lastMessage?.author ?? null),
      col((s) => s.lastMessage?.at ?? null),
      col((s) => s.lastActivityAt),
      col((s) => s.lastCustomerAt),
      col((s) => s.unread),
      updates.map((u) => u.handoffItemId ?? null),
      updates.map((u) => u.handoffItemId !== undefined),
      col((s) => (s.referral ? JSON.stringify(s.referral) : null)),
      plan.dirtyDays,
      res.map((x) => x.id),
      res.map((x) => x.conversationId),
      res.map((x) => x.pageId),
      res.map((x) => x.r.flow),
      res.map((x) => x.r.resolvedAt),
      res.map((x) => x.r.confirmedAt),
      res.map((x) => x.r.reopenedAt),
      res.map((x) => x.r.lastCustomerText),
      res.map((x) => x.r.lastCustomerAsked),
      col((s) => JSON.stringify(insightColumns(s))),
      updates.map((u) => u.firstAt),
      updates.map((u) => u.deliveredWatermark),
      updates.map((u) => u.readWatermark),
    ],
  );
  return [...changes.values()];
}
