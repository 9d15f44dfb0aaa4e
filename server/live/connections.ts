/**
 * The live streams this instance holds open, by session and agent, so that signing out everywhere or deactivating
 * an agent ends their streams at once, and one session cannot open streams without bound.
 */
/** Ends one stream; with `reconnectInMs`, it first tells the browser how soon to reconnect (SSE `retry:`). */
type Closer = (reconnectInMs?: number) => void;

export class LiveConnections {
  readonly #bySession = new Map<string, { agentId: string; closers: Set<Closer> }>();

  constructor(private readonly perSession: number) {}

  /** Registers a stream; returns its unregister function, or null when the session already holds its limit. */
  open(sessionId: string, agentId: string, close: Closer): (() => void) | null {
    const entry = this.#bySession.get(sessionId) ?? { agentId, closers: new Set<Closer>() };
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

  /**
   * Ends every stream this instance holds (shutdown), each with a hint to reconnect after `reconnectInMs`: the browser
   * comes back at once, to another instance, and resumes where it was.
   */
  closeAll(reconnectInMs = 1000): void {
    for (const entry of [...this.#bySession.values()])
      for (const close of [...entry.closers]) close(reconnectInMs);
  }

  get size(): number {
    let n = 0;
    for (const entry of this.#bySession.values()) n += entry.closers.size;
    return n;
  }
}
