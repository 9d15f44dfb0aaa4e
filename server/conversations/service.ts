import { randomUUID } from "node:crypto";
import type { ConversationSummary } from "../../contract/conversation.ts";
import type { PolicyAlert } from "../../contract/signals.ts";
import { messagingWindowAt, type WindowPolicy } from "../../contract/messaging-window.ts";
import type { MessageItem } from "../../contract/timeline.ts";
import type { Clock } from "../clock.ts";
import type { Config } from "../config.ts";
import { DatabaseUnavailableError, type Database, type Queryable } from "../db/database.ts";
import { AppError } from "../errors.ts";
import type { LiveHub } from "../live/hub.ts";
import type { Logger } from "../logger.ts";
import {
  batchEnvelope,
  parseWebhookBatch,
  storableText,
  type AppIds,
  type RefusedEvent,
} from "../messenger/events.ts";
import { storableJson } from "../messenger/json-limits.ts";
import { storeUnprocessable } from "../messenger/unprocessable.ts";
import { GRAPH_ERROR_STATUS, GraphError, type GraphClient } from "../messenger/graph-client.ts";
import { ReplyOutbox, type OutboxJob } from "../messenger/outbox.ts";
import type { AgentEvent } from "./domain-events.ts";
import { applyEvents, storeRawBatches, type Change } from "./engine.ts";
import { LearnedHandoffButtons } from "./handoff-buttons.ts";
import { GroupCommit } from "../db/group-commit.ts";
import type { MessengerEvent } from "../messenger/events.ts";
import {
  effectiveOwner,
  getConversationRow,
  POLICY_ALERT_SELECT,
  timelineItemsById,
  toPolicyAlert,
  toSummary,
  type ConversationRow,
  type PolicyAlertRow,
} from "./queries.ts";
import type { Rules } from "./state-machine.ts";
import { getReviewSettings } from "../review/settings.ts";

interface IngestItem {
  body: string;
  events: MessengerEvent[];
  refused: RefusedEvent[];
}
interface IngestResult {
  changes: Change[];
  /** Events the database refused, kept raw as unprocessable (see #storeEventByEvent). */
  refusedByDatabase: number;
}

/**
 * Whether an error says something about the data rather than the database's health: PostgreSQL's data exceptions
 * (22: NUL, out of range, bad json), integrity violations (23) and program limits (54: index row size, stack depth),
 * or a JavaScript RangeError/TypeError on the event. Anything else (unreachable, deadlock, serialization) is not
 * the event's fault, and fails the webhook so Meta re-delivers it.
 */
function refusedForItsData(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return false;
  const code =
    typeof error === "object" && error !== null && "code" in error && typeof error.code === "string"
      ? error.code
      : null;
  if (code !== null && /^[0-9A-Z]{5}$/.test(code)) return /^(22|23|54)/.test(code);
  return error instanceof RangeError || error instanceof TypeError;
}

/** How long the review settings the state machine uses are cached. */
const REVIEW_SETTINGS_TTL_MS = 30_000;
/** A profile lookup's claim, and the back-off after one that failed: no instance looks again before it ends. */
const PROFILE_CLAIM_MS = 10 * 60_000;
/**
 * After a send whose answer was lost, how long the outbox waits for Meta's echo (which confirms the send) before it
 * sends again. Meta echoes within seconds; a Page not subscribed to message_echoes is sent twice only in that case.
 */
const ECHO_WAIT_MS = 30_000;

export interface ServiceDeps {
  db: Database;
  graph: GraphClient;
  live: LiveHub;
  clock: Clock;
  log: Logger;
  config: Config;
}

/** Everything that changes a conversation goes through here: Meta's webhooks, agents' actions and timers. */
export class ConversationService {
  readonly rules: Rules;
  readonly policy: WindowPolicy;
  readonly apps: AppIds;
  #profileQueue = new Set<string>();
  /** Conversations whose profile this process has looked up already (or is backing off from). */
  #profileTried = new Map<string, number>();
  readonly #ingest = new GroupCommit<IngestItem, IngestResult>((items) => this.#ingestGroup(items));
  /** Each Page's learned handoff button titles, cached (see handoff-buttons.ts). */
  readonly #learned = new LearnedHandoffButtons();
  #profileRunning: Promise<void> | null = null;
  #reviewRules: { at: number; rules: Rules } | null = null;
  /** Agents' replies, queued in the database and sent by this instance's worker (see outbox.ts). */
  readonly #outbox: ReplyOutbox;

  constructor(private readonly deps: ServiceDeps) {
    const c = deps.config;
    this.apps = { bot: c.BOT_APP_ID, baton: c.BATON_APP_ID };
    this.rules = {
      apps: this.apps,
      botGraceMs: c.BOT_GRACE_SECONDS * 1000,
      handoffPayloads: c.HANDOFF_PAYLOADS,
      handoffPhrases: c.HANDOFF_PHRASES,
      autoresponderPhrases: c.AUTORESPONDER_PHRASES,
      learnedHandoffTitles: new Map(),
    };
    this.policy = { humanAgentTagEnabled: c.HUMAN_AGENT_TAG };
    this.#outbox = new ReplyOutbox({
      db: deps.db,
      clock: deps.clock,
      log: deps.log,
      policy: {
        baseMs: 1000,
        maxMs: c.OUTBOX_MAX_BACKOFF_SECONDS * 1000,
        maxAttempts: c.OUTBOX_MAX_ATTEMPTS,
        echoWaitMs: ECHO_WAIT_MS,
      },
      deliver: (job) => this.#deliverReply(job),
      publish: (conversationId, itemId) =>
        this.deps.live
          .publish([{ conversationId, itemIds: [itemId], escalated: false }])
          .catch((error: unknown) => this.deps.log.warn("live publish failed", { err: error })),
    });
  }

  /**
   * Stores a verified webhook body and everything it means, in one transaction. Throws AppError 400 on a body that
   * is not a Page batch. Events that cannot be stored are kept raw as unprocessable and the rest is stored, so a
   * poisoned event never fails the batch (Meta would re-deliver it, with every other customer's messages, forever).
   */
  async ingestWebhook(rawBody: string): Promise<{ events: number; unknown: number; unprocessable: number }> {
    let json: unknown;
    try {
      json = JSON.parse(rawBody);
    } catch {
      throw new AppError(400, "invalid_json", "The webhook body is not valid JSON.");
    }
    const envelope = batchEnvelope.safeParse(json);
    if (!envelope.success) {
      const object = typeof json === "object" && json !== null && "object" in json ? json.object : undefined;
      const objectName =
        typeof object === "string"
          ? storableText(object, 40)
          : object === undefined
            ? "none"
            : `a ${Array.isArray(object) ? "list" : typeof object}`;
      throw new AppError(
        400,
        "unsupported_object",
        `Baton takes Page webhooks (object "page"); this body has object "${objectName}" or a malformed entry list.`,
      );
    }
    const { events, refused } = parseWebhookBatch(envelope.data, this.apps);
    const unknown = events.filter((e) => e.kind === "unknown");
    for (const e of unknown)
      this.deps.log.warn("unknown webhook event kept raw", {
        reason: e.kind === "unknown" ? e.reason : "",
        pageId: e.pageId,
      });
    for (const r of refused)
      this.deps.log.warn("unprocessable webhook event kept raw, the rest of its batch stored", {
        reason: r.reason,
        pageId: r.pageId,
        channel: r.channel,
      });
    const { changes, refusedByDatabase } = await this.#ingest.submit(
      { body: rawBody, events, refused },
      Math.max(1, events.length),
    );
    this.#lookUpProfiles(changes);
    return {
      events: events.length - refusedByDatabase,
      unknown: unknown.length,
      unprocessable: refused.length + refusedByDatabase,
    };
  }

  /** One transaction for every webhook body that arrived while the previous one was committing. */
  async #ingestGroup(items: IngestItem[]): Promise<IngestResult[]> {
    try {
      return await this.#storeGroup(items);
    } catch (error) {
      // What the failed transaction taught the cache of learned buttons was rolled back with it.
      this.#learned.forget();
      // GroupCommit retries a failed group item by item; an item that fails alone for a reason of its data is
      // stored event by event, and the events the database refuses are kept raw instead of failing the batch.
      const [item] = items;
      if (items.length !== 1 || !item || !refusedForItsData(error)) throw error;
      this.deps.log.warn("a webhook batch failed to store whole; storing it event by event", { err: error });
      return [await this.#storeEventByEvent(item)];
    }
  }

  async #storeGroup(items: IngestItem[]): Promise<IngestResult[]> {
    const now = this.deps.clock.now().getTime();
    const rules = await this.#currentRules();
    const all = await this.deps.db.transaction(async (tx) => {
      const batchIds = await storeRawBatches(
        tx,
        items.map((i) => i.body),
        now,
      );
      for (const [i, item] of items.entries())
        await storeUnprocessable(tx, item.refused, batchIds[i] ?? null, now);
      const tagged = items.flatMap((item, i) =>
        item.events.map((event) => ({ event, batchId: batchIds[i] ?? null })),
      );
      tagged.sort((a, b) => a.event.at - b.event.at);
      const changes = await applyEvents(
        tx,
        tagged.map((t) => t.event),
        rules,
        { batchIds: tagged.map((t) => t.batchId), now, learned: this.#learned },
      );
      await this.deps.live.publish(changes, tx);
      return changes;
    });
    // The group's changes, published in its transaction, go back once: to the first caller, for the profile lookups.
    return items.map((_, i) => ({ changes: i === 0 ? all : [], refusedByDatabase: 0 }));
  }

  /** The slow path for a batch the database refused whole: each event in a savepoint of its own. */
  async #storeEventByEvent(item: IngestItem): Promise<IngestResult> {
    const now = this.deps.clock.now().getTime();
    const rules = await this.#currentRules();
    const refused: RefusedEvent[] = [];
    const changes = await this.deps.db.transaction(async (tx) => {
      const [batchId = null] = await storeRawBatches(tx, [item.body], now);
      const byConversation = new Map<string, Change>();
      for (const event of item.events) {
        await tx.query("savepoint ingest_event");
        try {
          for (const c of await applyEvents(tx, [event], rules, {
            batchIds: [batchId],
            now,
            learned: this.#learned,
          })) {
            const merged = byConversation.get(c.conversationId) ?? {
              conversationId: c.conversationId,
              itemIds: [],
              escalated: false,
            };
            merged.itemIds.push(...c.itemIds);
            merged.escalated ||= c.escalated;
            byConversation.set(c.conversationId, merged);
          }
          await tx.query("release savepoint ingest_event");
        } catch (error) {
          if (!refusedForItsData(error)) throw error;
          await tx.query("rollback to savepoint ingest_event");
          this.#learned.forget();
          refused.push({
            pageId: event.pageId,
            channel: event.channel,
            reason: `the database refused it: ${String(error)}`,
            raw: storableJson(event),
          });
        }
      }
      await storeUnprocessable(tx, [...item.refused, ...refused], batchId, now);
      const changes = [...byConversation.values()];
      await this.deps.live.publish(changes, tx);
      return changes;
    });
    for (const r of refused)
      this.deps.log.warn("unprocessable webhook event kept raw, the rest of its batch stored", {
        reason: r.reason,
        pageId: r.pageId,
        channel: r.channel,
      });
    return { changes, refusedByDatabase: refused.length };
  }

  /** The service's logger for one conversation: every entry carries its id. */
  #log(conversationId: string): Logger {
    return this.deps.log.child({ conversationId });
  }

  async #afterCommit(changes: readonly Change[]): Promise<void> {
    if (changes.length === 0) return;
    await this.deps.live
      .publish(changes)
      .catch((error: unknown) => this.deps.log.warn("live publish failed", { err: error }));
    this.#lookUpProfiles(changes);
  }

  /** Queues the customers' names for a background lookup (once per conversation per back-off period). */
  #lookUpProfiles(changes: readonly Change[]): void {
    const now = this.deps.clock.now().getTime();
    if (this.#profileTried.size > 100_000) this.#profileTried.clear();
    for (const c of changes) {
      const retryAt = this.#profileTried.get(c.conversationId);
      if (retryAt === undefined || retryAt <= now) {
        this.#profileTried.set(c.conversationId, now + PROFILE_CLAIM_MS);
        this.#profileQueue.add(c.conversationId);
      }
    }
    if (this.#profileQueue.size === 0) return;
    this.#profileRunning ??= this.#fetchProfiles().finally(() => {
      this.#profileRunning = null;
    });
  }

  /**
   * Customer names come from the Graph API, off the webhook's critical path. Each lookup is claimed in the database
   * first, so with several instances only one asks Graph per conversation; the claim of one that failed is the
   * back-off before any instance asks again.
   */
  async #fetchProfiles(): Promise<void> {
    while (this.#profileQueue.size > 0) {
      const ids = [...this.#profileQueue].slice(0, 50);
      for (const id of ids) this.#profileQueue.delete(id);
      const now = this.deps.clock.now().getTime();
      const missing = await this.deps.db
        .query<{ id: string; psid: string }>(
          // The claim is a row of its own, not a column of the conversation: the webhook's transactions lock the
          // conversation rows, and a claim there waited on them (and could deadlock with them) under a burst.
          `with claimed as (
             insert into profile_claims (conversation_id, claimed_until)
             select c.id, $2 from conversations c
             where c.id = any($1::text[]) and not c.profile_fetched order by c.id
             on conflict (conversation_id) do update set claimed_until = excluded.claimed_until
               where profile_claims.claimed_until <= $3
             returning conversation_id
           )
           select c.id, c.psid from claimed join conversations c on c.id = claimed.conversation_id`,
          [ids, now + PROFILE_CLAIM_MS, now],
        )
        .catch(() => []);
      for (const m of missing) {
        try {
          const profile = await this.deps.graph.profile(m.psid);
          await this.deps.db.query(
            "update conversations set customer_name = $2, avatar_url = $3, profile_fetched = true, version = version + 1 where id = $1",
            [m.id, profile.name, profile.avatarUrl],
          );
          await this.deps.live.publish([{ conversationId: m.id, itemIds: [], escalated: false }]);
        } catch (error) {
          // The name stays a placeholder; an event for this customer after the back-off tries again.
          this.#log(m.id).debug("profile lookup failed", { psid: m.psid, err: error });
        }
      }
    }
  }

  /** Forgets which profiles were looked up, so the next event looks again (tests that empty the database). */
  forgetProfiles(): void {
    this.#profileTried.clear();
  }

  /**
   * The state machine's rules with the managers' review settings (what confirms a bot resolution, the quiet time),
   * read at most every REVIEW_SETTINGS_TTL_MS so the webhook's hot path does not read them per batch.
   */
  async #currentRules(): Promise<Rules> {
    const at = Date.now();
    if (!this.#reviewRules || at - this.#reviewRules.at >= REVIEW_SETTINGS_TTL_MS) {
      const settings = await getReviewSettings(this.deps.db);
      this.#reviewRules = {
        at,
        rules: { ...this.rules, confirmation: settings.confirmation, quietMs: settings.quietMs },
      };
    }
    return this.#reviewRules.rules;
  }

  /** Forgets the cached review settings, so the next event reads them again (after a manager changed them). */
  forgetReviewSettings(): void {
    this.#reviewRules = null;
  }

  /** Forgets the cached learned handoff buttons, so the next event reads the table again (tests that empty it). */
  forgetLearnedButtons(): void {
    this.#learned.forget();
  }

  /** Waits for background profile lookups and the replies being sent (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#profileRunning) await this.#profileRunning;
    await this.#outbox.idle();
  }

  /** Stops sending queued replies (what is in flight finishes) and waits for background work: shutdown. */
  async shutdown(): Promise<void> {
    await this.#outbox.stop();
    await this.idle();
  }

  /** Starts sending queued replies that are due, in the background: at start, and on every poll for other instances' work and retries. */
  sendQueuedReplies(): void {
    this.#outbox.wake();
  }

  /** Sends the queued replies due by the clock now, and waits: how many ended sent or failed (tests move a manual clock). */
  sendDueReplies(): Promise<number> {
    return this.#outbox.runDue();
  }

  /**
   * Records agents' events in a transaction of their own. The rules are read before it opens: on PGlite a query
   * outside an open transaction waits for it to end, so reading them inside would wait forever.
   */
  async #record(events: AgentEvent[]): Promise<Change[]> {
    const rules = await this.#currentRules();
    const changes = await this.deps.db.transaction((tx) => this.#recordIn(tx, events, rules));
    await this.#afterCommit(changes);
    return changes;
  }

  /** Records agents' events in the caller's transaction, with rules the caller read before opening it. */
  #recordIn(tx: Queryable, events: AgentEvent[], rules: Rules): Promise<Change[]> {
    return applyEvents(tx, events, rules, { now: this.deps.clock.now().getTime(), learned: this.#learned });
  }

  #agentEvent<K extends AgentEvent["kind"]>(
    row: ConversationRow,
    kind: K,
    agentId: string | null,
  ): {
    kind: K;
    pageId: string;
    psid: string;
    at: number;
    channel: "baton";
    dedupeKey: string;
    agentId: string | null;
  } {
    return {
      kind,
      pageId: row.page_id,
      psid: row.psid,
      at: this.deps.clock.now().getTime(),
      channel: "baton",
      dedupeKey: `agent:${randomUUID()}`,
      agentId,
    };
  }

  async #require(conversationId: string): Promise<ConversationRow> {
    const row = await getConversationRow(this.deps.db, conversationId);
    if (!row) throw new AppError(404, "not_found", "There is no such conversation.");
    return row;
  }

  async summary(conversationId: string): Promise<ConversationSummary> {
    return toSummary(await this.#require(conversationId), this.deps.clock.now(), this.policy);
  }

  async resolve(conversationId: string, agentId: string): Promise<ConversationSummary> {
    const row = await this.#require(conversationId);
    if (row.status !== "resolved") await this.#record([this.#agentEvent(row, "agent_resolve", agentId)]);
    if (
      this.deps.config.PASS_BACK_ON_RESOLVE &&
      effectiveOwner(row.owner, row.last_customer_at, this.deps.clock.now()) === "baton"
    ) {
      await this.handBack(conversationId, agentId).catch((error: unknown) =>
        this.#log(conversationId).warn("could not hand the thread back to the bot after resolving", {
          err: error,
        }),
      );
    }
    return this.summary(conversationId);
  }

  async reopen(conversationId: string, agentId: string): Promise<ConversationSummary> {
    const row = await this.#require(conversationId);
    await this.#record([this.#agentEvent(row, "agent_reopen", agentId)]);
    return this.summary(conversationId);
  }

  async assign(
    conversationId: string,
    agentId: string,
    assigneeId: string | null,
  ): Promise<ConversationSummary> {
    const row = await this.#require(conversationId);
    if (assigneeId) {
      const [exists] = await this.deps.db.query("select 1 from agents where id = $1", [assigneeId]);
      if (!exists) throw new AppError(422, "unknown_agent", "There is no agent with that id.");
    }
    await this.#record([{ ...this.#agentEvent(row, "agent_assign", agentId), assigneeId }]);
    return this.summary(conversationId);
  }

  async markRead(conversationId: string, agentId: string): Promise<ConversationSummary> {
    const row = await this.#require(conversationId);
    if (row.unread_count > 0) {
      await this.#record([this.#agentEvent(row, "agent_read", agentId)]);
      // The customer sees "Seen" only when Baton holds the thread; Meta refuses sender actions from other apps.
      if (effectiveOwner(row.owner, row.last_customer_at, this.deps.clock.now()) === "baton") {
        await this.deps.graph
          .senderAction(row.psid, "mark_seen")
          .catch((error: unknown) => this.#log(conversationId).debug("mark_seen failed", { err: error }));
      }
    }
    return this.summary(conversationId);
  }

  /** A manager saw Meta's policy alert: it leaves the list, with who acknowledged it and when. Acknowledging twice changes nothing. */
  async acknowledgeAlert(alertId: string, agentId: string): Promise<PolicyAlert> {
    const notFound = () => new AppError(404, "not_found", "There is no such policy alert.");
    if (!/^\d{1,18}$/.test(alertId)) throw notFound();
    const now = this.deps.clock.now().getTime();
    await this.deps.db.query(
      "update policy_alerts set acknowledged_by = $2, acknowledged_at = $3 where id = $1 and acknowledged_at is null",
      [alertId, agentId, now],
    );
    const [row] = await this.deps.db.query<PolicyAlertRow>(`${POLICY_ALERT_SELECT} where p.id = $1`, [
      alertId,
    ]);
    if (!row) throw notFound();
    return toPolicyAlert(row);
  }

  async takeControl(conversationId: string, agentId: string): Promise<ConversationSummary> {
    const row = await this.#require(conversationId);
    await this.#graph(() => this.deps.graph.takeThreadControl(row.psid, "An agent is answering from Baton"));
    await this.#record([{ ...this.#agentEvent(row, "agent_owner_change", agentId), owner: "baton" }]);
    return this.summary(conversationId);
  }

  async handBack(conversationId: string, agentId: string): Promise<ConversationSummary> {
    const row = await this.#require(conversationId);
    await this.#graph(() =>
      this.deps.graph.passThreadControl(row.psid, this.apps.bot, "Handed back to the bot from Baton"),
    );
    await this.#record([{ ...this.#agentEvent(row, "agent_owner_change", agentId), owner: "bot" }]);
    return this.summary(conversationId);
  }

  async #graph<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof GraphError)
        throw new AppError(GRAPH_ERROR_STATUS[error.kind], error.kind, error.message);
      throw error;
    }
  }

  /**
   * An agent's reply. It is stored with its row in the outbox in one transaction, so nothing the agent typed is lost
   * and a crash before it is sent only delays it: this instance's worker sends it at once, and this request waits for
   * that first attempt (up to OUTBOX_REPLY_WAIT_MS). Sent, it answers with the reply sent; refused by Meta for good,
   * with the error and the reply failed with Meta's reason; otherwise (Graph down, rate limited, slow) with the reply
   * still sending, and the live stream carries what happens to it. Sending the same clientId twice sends once.
   */
  async sendReply(args: {
    conversationId: string;
    agentId: string;
    text: string;
    clientId: string;
    retryOf?: string;
  }): Promise<{ message: MessageItem; conversation: ConversationSummary }> {
    const row = await this.#require(args.conversationId);
    const db = this.deps.db;
    const existing = args.retryOf
      ? await db.query<{ id: string; delivery: string; client_id: string | null; text: string | null }>(
          "select id, delivery, client_id, text from timeline_items where conversation_id = $1 and id = $2 and author = 'agent'",
          [row.id, args.retryOf],
        )
      : await db.query<{ id: string; delivery: string; client_id: string | null; text: string | null }>(
          "select id, delivery, client_id, text from timeline_items where conversation_id = $1 and client_id = $2",
          [row.id, args.clientId],
        );
    const prior = existing[0];
    if (args.retryOf && !prior) throw new AppError(404, "not_found", "There is no such message to retry.");
    if (prior && prior.delivery !== "failed") return this.#messageResult(row.id, prior.id);

    const now = this.deps.clock.now();
    const window = messagingWindowAt(
      row.last_customer_at !== null ? new Date(row.last_customer_at) : null,
      now,
      this.policy,
    );
    if (window.kind === "closed") {
      throw new AppError(422, "window_closed", window.reason ?? "The messaging window is closed.");
    }
    const tag = window.kind === "human_agent" ? "HUMAN_AGENT" : null;
    const text = prior?.text ?? args.text;
    const clientId = prior?.client_id ?? args.clientId;
    const itemId = prior?.id ?? `a${randomUUID()}`;
    const queued = await db.transaction(async (tx) => {
      const stored = prior
        ? await tx.query(
            "update timeline_items set delivery = 'sending', error = null, at = $2 where id = $1 and delivery = 'failed' returning id",
            [itemId, now.getTime()],
          )
        : await tx.query(
            `insert into timeline_items (id, conversation_id, at, kind, client_id, author, agent_id, delivery, text, item)
             values ($1, $2, $3, 'message', $4, 'agent', $5, 'sending', $6, $7) on conflict do nothing returning id`,
            [
              itemId,
              row.id,
              now.getTime(),
              clientId,
              args.agentId,
              text,
              JSON.stringify({ attachments: [], quickReplies: [], tag }),
            ],
          );
      // Another request stored (or retried) it first: that one sends it.
      if (stored.length === 0) return false;
      await this.#outbox.enqueue(tx, {
        itemId,
        conversationId: row.id,
        agentId: args.agentId,
        clientId,
        text,
      });
      return true;
    });
    if (!queued) {
      const [raced] = await db.query<{ id: string }>(
        "select id from timeline_items where conversation_id = $1 and client_id = $2",
        [row.id, clientId],
      );
      return this.#messageResult(row.id, raced?.id ?? itemId);
    }
    await this.deps.live
      .publish([{ conversationId: row.id, itemIds: [itemId], escalated: false }])
      .catch((error: unknown) => this.deps.log.warn("live publish failed", { err: error }));
    const attempt = this.#outbox.settled(itemId, this.deps.config.OUTBOX_REPLY_WAIT_MS);
    this.#outbox.wake();
    const settled = await attempt;
    if (settled.kind === "failed") {
      const failed = await this.#messageResult(row.id, itemId);
      const { error } = settled;
      throw new AppError(GRAPH_ERROR_STATUS[error.kind], error.kind, error.message, {
        message: failed.message,
      });
    }
    return this.#messageResult(row.id, itemId);
  }

  /**
   * One attempt of a queued reply (the outbox's worker calls it): takes the thread first when Baton does not hold
   * it, sends, and records the reply as sent. Sends nothing when Meta's echo confirmed the reply already (an earlier
   * attempt whose answer was lost did send it). Throws GraphError when Meta refuses or cannot be reached.
   */
  async #deliverReply(job: OutboxJob): Promise<void> {
    const db = this.deps.db;
    const [item] = await db.query<{ mid: string | null; delivery: string | null }>(
      "select mid, delivery from timeline_items where id = $1",
      [job.itemId],
    );
    if (!item || item.mid !== null || item.delivery !== "sending") return;
    const row = await getConversationRow(db, job.conversationId);
    if (!row) return;
    const now = this.deps.clock.now();
    const window = messagingWindowAt(
      row.last_customer_at !== null ? new Date(row.last_customer_at) : null,
      now,
      this.policy,
    );
    // The window may have closed while the reply waited for Graph: Meta would refuse it the same way.
    if (window.kind === "closed")
      throw new GraphError("window_closed", window.reason ?? "The messaging window is closed.", false, 0);
    const tag = window.kind === "human_agent" ? "HUMAN_AGENT" : null;
    if (effectiveOwner(row.owner, row.last_customer_at, now) !== "baton") {
      await this.deps.graph.takeThreadControl(row.psid, "An agent is answering from Baton");
      await this.#record([{ ...this.#agentEvent(row, "agent_owner_change", job.agentId), owner: "baton" }]);
    }
    const sent = await this.deps.graph.sendMessage({
      psid: row.psid,
      messagingType: tag ? "MESSAGE_TAG" : "RESPONSE",
      ...(tag ? { tag } : {}),
      message: {
        text: job.text,
        metadata: JSON.stringify({ baton: { agentId: job.agentId, clientId: job.clientId } }),
      },
    });
    const rules = await this.#currentRules();
    const changes = await db.transaction(async (tx) => {
      // The echo may have arrived first and confirmed the row already; keep its later delivery state. A delivery or
      // read receipt that came before Graph's answer (its watermark covers the reply) counts for it now, as the
      // engine does for an echo (write.ts).
      await tx.query(
        `update timeline_items t set mid = $2, error = null,
           delivery = case when t.delivery not in ('sending', 'failed') then t.delivery
                           when t.at <= c.read_watermark then 'read'
                           when t.at <= c.delivered_watermark then 'delivered'
                           else 'sent' end
         from conversations c where t.id = $1 and c.id = t.conversation_id`,
        [job.itemId, sent.messageId],
      );
      const event = {
        ...this.#agentEvent(row, "agent_message", job.agentId),
        mid: sent.messageId,
        messageId: job.itemId,
        text: job.text,
        dedupeKey: `mid:${sent.messageId}`,
      };
      const applied = await this.#recordIn(tx, [event], rules);
      return applied.length > 0 ? applied : [{ conversationId: row.id, itemIds: [], escalated: false }];
    });
    for (const c of changes) c.itemIds.push(job.itemId);
    await this.#afterCommit(changes);
  }

  async #messageResult(
    conversationId: string,
    itemId: string,
  ): Promise<{ message: MessageItem; conversation: ConversationSummary }> {
    const [item] = await timelineItemsById(this.deps.db, [itemId]);
    if (!item || item.kind !== "message")
      throw new AppError(500, "internal", "The stored message could not be read back.");
    const { conversationId: _, ...message } = item;
    return { message, conversation: await this.summary(conversationId) };
  }

  /** Fires due bot-grace timers. Timers are rows, so a restart loses none: the next sweep fires what came due. */
  async sweepTimers(limit = 200): Promise<number> {
    const rules = await this.#currentRules();
    const now = this.deps.clock.now().getTime();
    const changes = await this.deps.db.transaction(async (tx) => {
      const due = await tx.query<{
        id: number;
        conversation_id: string;
        due_at: number;
        customer_at: number;
        page_id: string;
        psid: string;
      }>(
        `select t.id, t.conversation_id, t.due_at, t.customer_at, c.page_id, c.psid
         from timers t join conversations c on c.id = t.conversation_id
         where t.fired_at is null and t.due_at <= $1 order by t.due_at limit $2 for update of t skip locked`,
        [now, limit],
      );
      if (due.length === 0) return [];
      await tx.query("update timers set fired_at = $2 where id = any($1::bigint[])", [
        due.map((d) => d.id),
        now,
      ]);
      return applyEvents(
        tx,
        due.map((d) => ({
          kind: "bot_grace_expired" as const,
          pageId: d.page_id,
          psid: d.psid,
          at: d.due_at,
          channel: "baton" as const,
          customerAt: d.customer_at,
          dedupeKey: `timer:${d.id}`,
        })),
        rules,
        { now, learned: this.#learned },
      );
    });
    await this.#afterCommit(changes);
    return changes.length;
  }
}
