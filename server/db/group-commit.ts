import { DatabaseUnavailableError } from "./database.ts";

/**
 * Group commit: work submitted while a transaction is running waits and then goes into the next one together,
 * so many small webhook POSTs share one set of statements and one fsync. Each caller still hears back only when
 * its own work is committed. If a group fails for a reason other than an unreachable database, each item is
 * retried alone, so one bad item fails only its own caller.
 */
export class GroupCommit<I, O> {
  #pending: { item: I; weight: number; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  #running = false;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxWeight = 2000,
    /** Like PostgreSQL's commit_delay: wait this long for company before a group that is still small. */
    private readonly delayMs = 2,
  ) {}

  submit(item: I, weight = 1): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.#pending.push({ item, weight, resolve, reject });
      if (!this.#running) {
        this.#running = true;
        // Start on the next turn of the event loop, so requests that are ready now join the first group.
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        if (this.delayMs > 0 && this.#pending.length < 4)
          await new Promise((r) => setTimeout(r, this.delayMs));
        let weight = 0;
        let n = 0;
        while (
          n < this.#pending.length &&
          (n === 0 || weight + (this.#pending[n]?.weight ?? 0) <= this.maxWeight)
        ) {
          weight += this.#pending[n]?.weight ?? 0;
          n++;
        }
        const group = this.#pending.splice(0, n);
        try {
          const out = await this.run(group.map((g) => g.item));
          group.forEach((g, i) => g.resolve(out[i] as O));
        } catch (error) {
          if (group.length === 1 || error instanceof DatabaseUnavailableError) {
            for (const g of group) g.reject(error);
            continue;
          }
          for (const g of group) {
            try {
              const [out] = await this.run([g.item]);
              g.resolve(out as O);
            } catch (single) {
              g.reject(single);
            }
          }
        }
      }
    } finally {
      this.#running = false;
    }
  }
}
