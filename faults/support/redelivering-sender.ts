import { signBody } from "../../server/messenger/signature.ts";

/**
 * Meta's webhook sender as the fault scenarios need it: POSTs signed bodies with several in flight to the
 * instances in turn (a load balancer's round robin), and delivers again whatever got no 200 (an error status, a
 * refused or reset connection), to the next instance, until every body has its 200.
 */
export interface SenderStats {
  /** Bodies answered 200. */
  accepted: number;
  /** Those by the instance that answered 200. */
  acceptedBy: Record<string, number>;
  attempts: number;
  /** Attempts that got no 200, so were delivered again. */
  redelivered: number;
  /** Those by what went wrong: an HTTP status, or the network error's code. */
  failures: Record<string, number>;
}

export interface RedeliveringSender {
  readonly stats: SenderStats;
  /** Resolves once `accepted` reaches n (or every body is accepted). */
  acceptedAtLeast(n: number): Promise<void>;
  /** Resolves when every body has had its 200. */
  done: Promise<void>;
}

function failureName(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  if (typeof cause === "object" && cause !== null && "code" in cause) return String(cause.code);
  return cause instanceof Error ? cause.name : "error";
}

export function sendWithRedelivery(options: {
  bodies: readonly string[];
  secret: string;
  /** The instances' base URLs, read at every attempt (a restarted instance may come back elsewhere). */
  targets: () => readonly string[];
  concurrency: number;
}): RedeliveringSender {
  const stats: SenderStats = { accepted: 0, acceptedBy: {}, attempts: 0, redelivered: 0, failures: {} };
  const queue = options.bodies.map((body) => ({ body, signature: signBody(options.secret, body) }));
  const waiters: { n: number; resolve: () => void }[] = [];
  const total = queue.length;
  let turn = 0;
  const settle = () => {
    for (const w of [...waiters])
      if (stats.accepted >= Math.min(w.n, total)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
  };
  const worker = async () => {
    for (;;) {
      const item = queue.shift();
      if (!item) return;
      const targets = options.targets();
      const target = targets[turn++ % targets.length] ?? "";
      stats.attempts += 1;
      let failure: string | null = null;
      try {
        const res = await fetch(`${target}/webhooks/messenger`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-hub-signature-256": item.signature },
          body: item.body,
        });
        await res.arrayBuffer();
        if (res.status !== 200) failure = String(res.status);
      } catch (error) {
        failure = failureName(error);
      }
      if (failure === null) {
        stats.accepted += 1;
        stats.acceptedBy[target] = (stats.acceptedBy[target] ?? 0) + 1;
        settle();
      } else {
        stats.redelivered += 1;
        stats.failures[failure] = (stats.failures[failure] ?? 0) + 1;
        // Delivered again later, after what is queued now (Meta backs off; the next attempt goes elsewhere).
        queue.push(item);
      }
    }
  };
  // A worker whose queue ran dry while others still hold bodies that may fail waits for them: it ends only when
  // every body is accepted.
  const done = (async () => {
    while (stats.accepted < total) await Promise.all(Array.from({ length: options.concurrency }, worker));
  })();
  return {
    stats,
    acceptedAtLeast: (n) =>
      stats.accepted >= Math.min(n, total)
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiters.push({ n, resolve });
          }),
    done,
  };
}
