/**
 * A webhook sender that behaves like Meta: every batch is POSTed until it gets a 200, re-sent after a back-off that
 * doubles (with jitter) from `firstBackoffMs` up to `maxBackoffMs`. It records every answer, so a scenario can count
 * the 503s of an outage, see that nothing answered 500, and wait until everything sent has landed.
 */
export interface Attempt {
  /** performance.now() when the answer came. */
  at: number;
  /** The HTTP status, or 0 when the request itself failed (no answer). */
  status: number;
  batch: number;
}

export class RedeliveringClient {
  readonly attempts: Attempt[] = [];
  #pending = 0;
  #batches = 0;
  #idle: (() => void)[] = [];

  constructor(
    private readonly post: (body: string) => Promise<number>,
    private readonly backoff = { firstBackoffMs: 50, maxBackoffMs: 1000 },
  ) {}

  /** Batches sent and not yet answered 200. */
  get pending(): number {
    return this.#pending;
  }

  /** Sends a batch and keeps re-sending it until it is accepted; resolves then, with how many attempts it took. */
  async deliver(body: string): Promise<number> {
    const batch = this.#batches++;
    this.#pending++;
    let wait = this.backoff.firstBackoffMs;
    try {
      for (let attempt = 1; ; attempt++) {
        const status = await this.post(body).catch(() => 0);
        this.attempts.push({ at: performance.now(), status, batch });
        if (status === 200) return attempt;
        await new Promise((r) => setTimeout(r, wait / 2 + (Math.random() * wait) / 2));
        wait = Math.min(wait * 2, this.backoff.maxBackoffMs);
      }
    } finally {
      this.#pending--;
      if (this.#pending === 0) for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  /** Resolves once every batch sent so far has been accepted. */
  idle(): Promise<void> {
    return this.#pending === 0 ? Promise.resolve() : new Promise((r) => this.#idle.push(r));
  }

  /** How many answers had each status, from `since` (performance.now()) on. */
  statuses(since = 0): Record<number, number> {
    const out: Record<number, number> = {};
    for (const a of this.attempts) if (a.at >= since) out[a.status] = (out[a.status] ?? 0) + 1;
    return out;
  }
}
