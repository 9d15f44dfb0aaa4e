import type { Clock } from "../server/clock.ts";

/** A clock the simulator can move: tests and the seeder set it; a live world lets it follow real time. */
export interface SteerableClock extends Clock {
  set(at: Date | number): void;
}

export function isSteerable(clock: Clock): clock is SteerableClock {
  return typeof (clock as Partial<SteerableClock>).set === "function";
}

/**
 * The demo's clock: manual while the seeder replays weeks of history, then real time once `goLive()` is called.
 * Baton and the emulator share it, so both agree on "now" in both phases. Live, it can still jump forward
 * (tests and the simulator page skip past windows and idle timeouts): the jump becomes a fixed offset.
 */
export class DemoClock implements SteerableClock {
  #manualMs: number | null;
  #offsetMs = 0;
  constructor(start: Date | number | "live") {
    this.#manualMs = start === "live" ? null : typeof start === "number" ? start : start.getTime();
  }
  now(): Date {
    return new Date(this.#manualMs ?? Date.now() + this.#offsetMs);
  }
  set(at: Date | number): void {
    const ms = typeof at === "number" ? at : at.getTime();
    if (this.#manualMs === null) this.#offsetMs = Math.max(this.#offsetMs, ms - Date.now());
    else this.#manualMs = ms;
  }
  get isLive(): boolean {
    return this.#manualMs === null;
  }
  /** How far live time has been moved ahead of the wall clock. */
  get offsetMs(): number {
    return this.#offsetMs;
  }
  goLive(): void {
    if (this.#manualMs !== null) this.#offsetMs = Math.max(0, this.#manualMs - Date.now());
    this.#manualMs = null;
  }
}
