import { randomUUID } from "node:crypto";
import type { Clock } from "../clock.ts";
import type { Database, Queryable } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import { GraphError } from "./graph-client.ts";

/**
 * Agents' replies, queued durably: a reply is a row of `reply_outbox` written in the transaction that stores its
 * timeline item, and a worker (one in every Baton instance) sends it. Rows are claimed with `FOR UPDATE SKIP LOCKED`
 * and a lease, so two instances never attempt one row at once and a crashed instance's rows are taken over when its
 * lease runs out. Only the oldest row of a conversation is ever claimed, so a conversation's replies go out in the
 * order they were written. Graph's 5xx, rate limits and network errors are retried with exponential back-off and
 * jitter; Meta's refusals for good fail the item with Meta's reason.
 */

export interface RetryPolicy {
  /** The first retry's delay before jitter; each later one doubles it. */
  baseMs: number;
  /** No back-off is longer than this (Meta's Retry-After may ask for longer, and is respected). */
  maxMs: number;
  /** Attempts in all, the first included, before a reply fails. */
  maxAttempts: number;
  /**
   * After an attempt whose outcome is unknown (the request may have reached Meta, its answer lost), the next waits
   * at least this long, for Meta's echo to confirm the message was sent (the worker checks before sending again).
   */
  echoWaitMs: number;
}

/**
 * What an attempt's failure decides: try again after a delay, or fail the reply for good. `holdMs` is the part of
 * the delay that must pass whatever happens (Meta's Retry-After, the wait for an echo); the rest is back-off, which
 * ends early when another reply gets through (Graph is back).
 */
export type NextStep =
  { kind: "retry"; delayMs: number; holdMs: number } | { kind: "fail"; exhausted: boolean };

/**
 * The back-off after the `attempts`th attempt failed (pure; `random` in [0, 1)): "equal jitter", half the doubled
 * delay plus a random part of the other half, so instances that failed together do not retry together.
 */
export function nextStep(
  policy: RetryPolicy,
  attempts: number,
  error: Pick<GraphError, "retryable" | "detail">,
  random: number,
): NextStep {
  if (!error.retryable) return { kind: "fail", exhausted: false };
  if (attempts >= policy.maxAttempts) return { kind: "fail", exhausted: true };
  const doubled = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  const holdMs = Math.max(
    error.detail.retryAfterMs ?? 0,
    error.detail.outcomeUnknown ? policy.echoWaitMs : 0,
  );
  return {
    kind: "retry",
    delayMs: Math.max(Math.round(doubled / 2 + (random * doubled) / 2), holdMs),
    holdMs,
  };
}

/** A queued reply as the worker claims it. */
export interface OutboxJob {
  id: number;
  itemId: string;
  conversationId: string;
  agentId: string | null;
  clientId: string;
  text: string;
  /** Attempts so far, this one included. */
  attempts: number;
}

/** How a reply's attempt ended, for the request that is waiting on it. */
export type Settled = { kind: "sent" } | { kind: "failed"; error: GraphError } | { kind: "queued" };

export interface OutboxDeps {
  db: Database;
  clock: Clock;
  log: Logger;
  policy: RetryPolicy;
  /**
   * Sends one reply (taking the thread first when needed) and records it as sent; returns without sending when the
   * echo confirmed it already. Throws GraphError when Meta refuses or cannot be reached.
   */
  deliver: (job: OutboxJob) => Promise<void>;
  /** Tells the live streams that the item changed. */
  publish: (conversationId: string, itemId: string) => Promise<void>;
  random?: () => number;
}

/** A claim outlives any attempt (two Graph calls of at most 10 s each), and then lets another instance take over. */
const LEASE_MS = 60_000;
/** Replies attempted at once (each of another conversation). */
const BATCH = 10;

interface JobRow {
  id: number;
  item_id: string;
  conversation_id: string;
  agent_id: string | null;
  client_id: string;
  text: string;
  attempts: number;
}

export class ReplyOutbox {
  readonly #instance = randomUUID();
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  #done = 0;
  readonly #waiters = new Map<string, ((s: Settled) => void)[]>();

  constructor(private readonly deps: OutboxDeps) {}

  /** Queues a reply in the caller's transaction (the one that stores its timeline item); `wake` after commit. */
  async enqueue(
    tx: Queryable,
    reply: { itemId: string; conversationId: string; agentId: string; clientId: string; text: string },
  ): Promise<void> {
    const now = this.deps.clock.now().getTime();
    await tx.query(
      `insert into reply_outbox (item_id, conversation_id, agent_id, client_id, text, due_at, created_at)
       values ($1, $2, $3, $4, $5, $6, $6) on conflict (item_id) do nothing`,
      [reply.itemId, reply.conversationId, reply.agentId, reply.clientId, reply.text, now],
    );
  }

  /** Sends what is due now, in the background (after an enqueue, at start, on every poll). */
  wake(): void {
    if (this.#stopped) return;
    this.#again = true;
    this.#running ??= this.#loop().finally(() => {
      this.#running = null;
    });
  }

  /** Sends what is due now and waits for it; returns how many replies were settled (tests move a manual clock first). */
  async runDue(): Promise<number> {
    const before = this.#done;
    this.wake();
    while (this.#running) await this.#running;
    return this.#done - before;
  }

  /**
   * Resolves when this instance has attempted the reply once (sent, failed for good, or queued for a retry), when its
   * worker ran out of due work without reaching it (another instance holds it, or an earlier reply of its
   * conversation is waiting), or after `timeoutMs`: whichever comes first.
   */
  settled(itemId: string, timeoutMs: number): Promise<Settled> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#settle(itemId, { kind: "queued" }), timeoutMs);
      timer.unref();
      const list = this.#waiters.get(itemId) ?? [];
      list.push((s) => {
        clearTimeout(timer);
        resolve(s);
      });
      this.#waiters.set(itemId, list);
    });
  }

  /** Waits for the attempts in flight. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  /** No new attempts; waits for those in flight (shutdown). Queued rows stay for the next start or another instance. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.idle();
  }

  #settle(itemId: string, s: Settled): void {
    const list = this.#waiters.get(itemId);
    this.#waiters.delete(itemId);
    for (const resolve of list ?? []) resolve(s);
  }

  async #loop(): Promise<void> {
    try {
      while (this.#again && !this.#stopped) {
        this.#again = false;
        for (;;) {
          const jobs = await this.#claim();
          if (jobs.length === 0) break;
          await Promise.all(jobs.map((job) => this.#attempt(job)));
        }
      }
    } catch (error) {
      this.deps.log.warn("the reply outbox could not be read; the next poll tries again", { err: error });
    } finally {
      // Whoever still waits was not reached by this worker: their reply is queued.
      for (const itemId of [...this.#waiters.keys()]) this.#settle(itemId, { kind: "queued" });
    }
  }

  /** Claims due rows, the oldest of each conversation only, leased to this instance. */
  async #claim(): Promise<OutboxJob[]> {
    const now = this.deps.clock.now().getTime();
    const rows = await this.deps.db.query<JobRow>(
      `update reply_outbox set lease_until = $2, leased_by = $3, attempts = attempts + 1
       where id in (
         select o.id from reply_outbox o
         where o.due_at <= $1 and (o.lease_until is null or o.lease_until <= $1)
           and not exists (select 1 from reply_outbox p where p.conversation_id = o.conversation_id and p.id < o.id)
         order by o.due_at, o.id limit $4
         for update skip locked)
       returning id, item_id, conversation_id, agent_id, client_id, text, attempts`,
      [now, now + LEASE_MS, this.#instance, BATCH],
    );
    return rows.map((r) => ({
      id: Number(r.id),
      itemId: r.item_id,
      conversationId: r.conversation_id,
      agentId: r.agent_id,
      clientId: r.client_id,
      text: r.text,
      attempts: r.attempts,
    }));
  }

  async #attempt(job: OutboxJob): Promise<void> {
    const { db, log } = this.deps;
    const jobLog = log.child({ conversationId: job.conversationId, itemId: job.itemId });
    try {
      await this.deps.deliver(job);
    } catch (error) {
      if (!(error instanceof GraphError)) {
        // Baton's own trouble (the database, most likely): the row stays leased, and is tried again when the lease
        // runs out, by the time Meta's echo of a send that did happen has confirmed it.
        jobLog.warn("a queued reply could not be attempted; it is tried again when its lease runs out", {
          err: error,
        });
        this.#settle(job.itemId, { kind: "queued" });
        return;
      }
      await this.#failedAttempt(job, error, jobLog);
      return;
    }
    await db.query("delete from reply_outbox where id = $1", [job.id]);
    // Graph answered: the replies backing off after a passing failure (5xx, the network) are due now, not minutes
    // later, each once its hold (Retry-After, the wait for an echo) has passed; this worker goes round again.
    const now = this.deps.clock.now().getTime();
    const woken = await db.query(
      `update reply_outbox set due_at = greatest($1, hold_until)
       where due_at > greatest($1, hold_until) and lease_until is null returning id`,
      [now],
    );
    if (woken.length > 0) this.#again = true;
    this.#done++;
    this.#settle(job.itemId, { kind: "sent" });
  }

  async #failedAttempt(job: OutboxJob, error: GraphError, jobLog: Logger): Promise<void> {
    const { db, policy } = this.deps;
    const step = nextStep(policy, job.attempts, error, (this.deps.random ?? Math.random)());
    if (step.kind === "retry") {
      const now = this.deps.clock.now().getTime();
      const dueAt = now + step.delayMs;
      jobLog.info("a reply is retried after Messenger failed", {
        attempts: job.attempts,
        delayMs: step.delayMs,
        err: error,
      });
      await db.transaction(async (tx) => {
        await tx.query(
          `update reply_outbox set due_at = $2, hold_until = $5, lease_until = null, leased_by = null, last_error = $3
           where id = $1 and leased_by = $4`,
          [job.id, dueAt, error.message, this.#instance, now + step.holdMs],
        );
        // The agent sees why it is still sending (the bubble shows it); a send or its echo clears it.
        await tx.query("update timeline_items set error = $2 where id = $1 and delivery = 'sending'", [
          job.itemId,
          error.message,
        ]);
      });
      await this.deps.publish(job.conversationId, job.itemId);
      this.#settle(job.itemId, { kind: "queued" });
      return;
    }
    const reason = step.exhausted
      ? `${error.message} Baton gave up after ${job.attempts} attempts.`
      : error.message;
    jobLog.warn("agent reply failed", { attempts: job.attempts, err: error });
    await db.transaction(async (tx) => {
      await tx.query(
        "update timeline_items set delivery = 'failed', error = $2 where id = $1 and delivery = 'sending'",
        [job.itemId, reason],
      );
      await tx.query("delete from reply_outbox where id = $1", [job.id]);
    });
    await this.deps.publish(job.conversationId, job.itemId);
    this.#done++;
    this.#settle(job.itemId, {
      kind: "failed",
      error: new GraphError(error.kind, reason, false, error.status, error.detail),
    });
  }
}
