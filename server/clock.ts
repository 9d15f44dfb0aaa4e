/** The one source of "now" on the server, injectable so tests and the demo seeder can move time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that only moves when told to. */
export class ManualClock implements Clock {
  #ms: number;
  constructor(start: Date | number = Date.now()) {
    this.#ms = typeof start === "number" ? start : start.getTime();
  }
  now(): Date {
    return new Date(this.#ms);
  }
  set(at: Date | number): void {
    this.#ms = typeof at === "number" ? at : at.getTime();
  }
  advance(ms: number): void {
    this.#ms += ms;
  }
}
