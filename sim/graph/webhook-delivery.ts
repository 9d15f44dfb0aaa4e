import { createHmac } from "node:crypto";
import type { Scheduler } from "../scheduler.ts";
import type { Channel, MessagingEvent, WebhookBody, WebhookChange, WebhookEntry } from "./webhook-events.ts";

/** Posts one webhook body somewhere and reports the HTTP status (0 when the request itself failed). */
export type Deliver = (rawBody: string, headers: Record<string, string>) => Promise<{ status: number }>;

/** Something with Hono's `app.request` shape: delivery without a socket, for tests and fast seeding. */
export interface RequestHandler {
  request(input: string, init: RequestInit): Response | Promise<Response>;
}

export function inProcessDeliver(app: RequestHandler, path = "/webhooks/messenger"): Deliver {
  return async (rawBody, headers) => {
    try {
      const res = await app.request(`http://localhost${path}`, { method: "POST", body: rawBody, headers });
      await res.arrayBuffer();
      return { status: res.status };
    } catch {
      return { status: 0 };
    }
  };
}

export interface RecordedDelivery {
  body: WebhookBody;
  rawBody: string;
  headers: Record<string, string>;
}

/** A webhook sink that keeps every body it receives and answers `status` (200 unless told otherwise). */
export function recordingDeliver(): {
  deliver: Deliver;
  received: RecordedDelivery[];
  answer: (status: number) => void;
} {
  const received: RecordedDelivery[] = [];
  let status = 200;
  return {
    received,
    answer: (s) => {
      status = s;
    },
    deliver: async (rawBody, headers) => {
      const body = JSON.parse(rawBody) as WebhookBody;
      received.push({ body, rawBody, headers });
      return { status };
    },
  };
}

function signatures(appSecret: string, rawBody: string): Record<string, string> {
  return {
    "X-Hub-Signature-256": `sha256=${createHmac("sha256", appSecret).update(rawBody).digest("hex")}`,
    "X-Hub-Signature": `sha1=${createHmac("sha1", appSecret).update(rawBody).digest("hex")}`,
  };
}

export interface DeliveryAttempt {
  at: number;
  attempt: number;
  status: number;
  events: number;
}

export interface WebhookDeliveryOptions {
  scheduler: Scheduler;
  pageId: string;
  appSecret: string;
  deliver: Deliver;
  /** Entries per POST; Meta batches several. */
  maxBatch?: number;
  /** Retry schedule after a failed POST (Meta keeps trying for a while, then gives up). */
  retryDelaysMs?: readonly number[];
  /** When set, a flush runs this many real milliseconds after events are queued (live mode). */
  autoFlushMs?: number | null;
}

interface Batch {
  rawBody: string;
  events: number;
}

/** An event for one channel, or an App Dashboard test sample (`changes` format, entry id "0"). */
type Queued = { channel: Channel; event: MessagingEvent } | { change: WebhookChange; at: number };

/**
 * Meta's side of the webhook: queues events for one subscribed app, batches them into signed POSTs
 * (one event per entry, several entries per POST), retries failures, and on request misbehaves like Meta does
 * after an outage: re-delivers, reorders and delays.
 */
export class WebhookDelivery {
  readonly #o: Required<WebhookDeliveryOptions>;
  #queue: Queued[] = [];
  #inFlight = new Set<Promise<void>>();
  #autoFlushTimer: ReturnType<typeof setTimeout> | null = null;
  #duplicateNext = 0;
  #reorderNext = 0;
  #held: Batch[] = [];
  #delayMs = 0;
  #pendingDelayed = 0;
  readonly attempts: DeliveryAttempt[] = [];
  /** Bodies Meta gave up on after the last retry. */
  readonly dropped: string[] = [];
  #deliver: Deliver;

  constructor(options: WebhookDeliveryOptions) {
    this.#o = {
      maxBatch: 50,
      retryDelaysMs: [1_000, 5_000, 30_000, 120_000, 600_000],
      autoFlushMs: null,
      ...options,
    };
    this.#deliver = options.deliver;
  }

  set deliver(deliver: Deliver) {
    this.#deliver = deliver;
  }

  set autoFlushMs(ms: number | null) {
    this.#o.autoFlushMs = ms;
  }

  /** The receive function for a ConnectedApp. */
  readonly enqueue = (channel: Channel, event: MessagingEvent): void => {
    this.#push({ channel, event });
  };

  /** The receiveChange function for a ConnectedApp: the App Dashboard's test samples, batched like the rest. */
  readonly enqueueChange = (change: WebhookChange): void => {
    this.#push({ change, at: this.#o.scheduler.now() });
  };

  #push(item: Queued): void {
    this.#queue.push(item);
    const ms = this.#o.autoFlushMs;
    if (ms !== null && this.#autoFlushTimer === null) {
      this.#autoFlushTimer = setTimeout(() => {
        this.#autoFlushTimer = null;
        void this.flush();
      }, ms);
    }
  }

  get queued(): number {
    return this.#queue.length;
  }

  /** Timestamp of the oldest event waiting to be posted. */
  oldestQueuedAt(): number | null {
    const first = this.#queue[0];
    return first === undefined ? null : "change" in first ? first.at : first.event.timestamp;
  }

  /** The next `count` batches are delivered twice (as after a timeout on Meta's side). */
  redeliverNext(count: number): void {
    this.#duplicateNext += count;
  }

  /** The next `count` batches are held and then delivered newest first. */
  reorderNext(count: number): void {
    this.#reorderNext += count;
  }

  /** Every batch waits this long (on the simulated clock) before it is posted. */
  delayBy(ms: number): void {
    this.#delayMs = ms;
  }

  /** Posts everything queued. Resolves when these posts have been answered (retries are scheduled, not awaited). */
  async flush(): Promise<void> {
    const posts: Promise<void>[] = [];
    while (this.#queue.length) {
      const chunk = this.#queue.splice(0, this.#o.maxBatch);
      const time = this.#o.scheduler.now();
      const entry: WebhookEntry[] = chunk.map((q) =>
        "change" in q
          ? { id: "0", time, changes: [q.change] }
          : { id: this.#o.pageId, time, [q.channel]: [q.event] },
      );
      const body: WebhookBody = { object: "page", entry };
      posts.push(this.#dispatch({ rawBody: JSON.stringify(body), events: chunk.length }));
    }
    if (this.#held.length && this.#reorderNext === 0) posts.push(this.#releaseHeld());
    await Promise.all(posts);
  }

  /** Flushes and waits until nothing is queued or in flight (delayed and retried posts wait for the clock). */
  async settle(): Promise<void> {
    for (let round = 0; round < 100; round++) {
      await this.flush();
      if (!this.#inFlight.size && !this.#queue.length) return;
      await Promise.all([...this.#inFlight]);
    }
  }

  /** True when posts are waiting on the simulated clock (delay or retry). */
  get waiting(): number {
    return this.#pendingDelayed;
  }

  async #dispatch(batch: Batch): Promise<void> {
    if (this.#reorderNext > 0) {
      this.#reorderNext--;
      this.#held.push(batch);
      if (this.#reorderNext === 0) await this.#releaseHeld();
      return;
    }
    const copies = this.#duplicateNext > 0 ? 2 : 1;
    if (copies === 2) this.#duplicateNext--;
    for (let i = 0; i < copies; i++) {
      if (this.#delayMs > 0) this.#later(this.#delayMs, batch, 1);
      else await this.#post(batch, 1);
    }
  }

  async #releaseHeld(): Promise<void> {
    const held = this.#held.reverse();
    this.#held = [];
    for (const batch of held) await this.#post(batch, 1);
  }

  #later(ms: number, batch: Batch, attempt: number): void {
    this.#pendingDelayed++;
    this.#o.scheduler.after(ms, "webhook post", async () => {
      this.#pendingDelayed--;
      await this.#post(batch, attempt);
    });
  }

  #post(batch: Batch, attempt: number): Promise<void> {
    const headers = {
      "Content-Type": "application/json",
      "User-Agent": "facebookexternalua",
      ...signatures(this.#o.appSecret, batch.rawBody),
    };
    const p = this.#deliver(batch.rawBody, headers).then(({ status }) => {
      this.attempts.push({ at: this.#o.scheduler.now(), attempt, status, events: batch.events });
      if (this.attempts.length > 500) this.attempts.splice(0, this.attempts.length - 500);
      if (status >= 200 && status < 300) return;
      const delay = this.#o.retryDelaysMs[attempt - 1];
      if (delay === undefined) this.dropped.push(batch.rawBody);
      else this.#later(delay, batch, attempt + 1);
    });
    const tracked = p.finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
    return tracked;
  }
}
