/**
 * The live streams this instance holds open, by session and agent, so that signing out everywhere or deactivating
 * an agent ends their streams at once, and one session cannot open streams without bound.
 */
export class LiveConnections {
  readonly #bySession = new Map<string, { agentId: string; closers: Set<() => void> }>();

  constructor(private readonly perSession: number) {}

  /** Registers a stream; returns its unregister function, or null when the session already holds its limit. */
  open(sessionId: string, agentId: string, close: () => void): (() => void) | null {
    const entry = this.#bySession.get(sessionId) ?? { agentId, closers: new Set<() => void>() };
    if (entry.closers.size >= this.perSession) return null;
    entry.closers.add(close);
    this.#bySession.set(sessionId, entry);
    return () => {
      entry.closers.delete(close);
      if (entry.closers.size === 0) this.#bySession.delete(sessionId);
    };
  }

  closeSession(sessionId: string): void {
    const entry = this.#bySession.get(sessionId);
    if (!entry) return;
    for (const close of [...entry.closers]) close();
  }

  closeAgent(agentId: string): void {
    for (const [sessionId, entry] of [...this.#bySession])
      if (entry.agentId === agentId) this.closeSession(sessionId);
  }

  /** Ends every stream this instance holds (shutdown): each browser reconnects, to another instance. */
  closeAll(): void {
    for (const sessionId of [...this.#bySession.keys()]) this.closeSession(sessionId);
  }

  get size(): number {
    let n = 0;
    for (const entry of this.#bySession.values()) n += entry.closers.size;
    return n;
  }
}
