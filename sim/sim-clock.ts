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
 * Baton and the emulator share it, so both agree on "now" in both phases.
 */
export class DemoClock implements SteerableClock {
  #manualMs: number | null;
  constructor(start: Date | number) {
    this.#manualMs = typeof start === "number" ? start : start.getTime();
  }
  now(): Date {
    return new Date(this.#manualMs ?? Date.now());
  }
  set(at: Date | number): void {
    if (this.#manualMs === null) return; // live: real time cannot be moved
    this.#manualMs = typeof at === "number" ? at : at.getTime();
  }
  get isLive(): boolean {
    return this.#manualMs === null;
  }
  goLive(): void {
    this.#manualMs = null;
  }
}
