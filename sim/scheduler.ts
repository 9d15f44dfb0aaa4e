import type { Clock } from "../server/clock.ts";
import { isSteerable } from "./sim-clock.ts";

interface Task {
  due: number;
  seq: number;
  label: string;
  run: () => void | Promise<void>;
}

/**
 * Everything that happens "a moment later" in the simulated world (a delivery receipt, the bot's typing delay,
 * a customer coming back) is a task with a due time on the shared clock. A steerable clock jumps from task to task,
 * so weeks pass in milliseconds; a real clock is polled.
 */
export class Scheduler {
  readonly clock: Clock;
  #tasks: Task[] = [];
  #seq = 0;
  constructor(clock: Clock) {
    this.clock = clock;
  }
  now(): number {
    return this.clock.now().getTime();
  }
  at(due: number, label: string, run: () => void | Promise<void>): void {
    const task = { due, seq: this.#seq++, label, run };
    // Keep sorted by (due, seq); tasks are usually appended near the end, so search from the back.
    let i = this.#tasks.length;
    while (i > 0) {
      const prev = this.#tasks[i - 1];
      if (prev && prev.due <= due) break;
      i--;
    }
    this.#tasks.splice(i, 0, task);
  }
  after(ms: number, label: string, run: () => void | Promise<void>): void {
    this.at(this.now() + ms, label, run);
  }
  nextDue(): number | null {
    return this.#tasks[0]?.due ?? null;
  }
  get pending(): number {
    return this.#tasks.length;
  }
  /** Removes and returns the earliest task if it is due by `upTo`. */
  takeDue(upTo: number): Task | null {
    const first = this.#tasks[0];
    if (!first || first.due > upTo) return null;
    this.#tasks.shift();
    return first;
  }
  /** Runs one due task, moving a steerable clock to its due time first. Returns false when none is due. */
  async runNext(upTo: number): Promise<boolean> {
    const task = this.takeDue(upTo);
    if (!task) return false;
    if (isSteerable(this.clock) && task.due > this.now()) this.clock.set(task.due);
    await task.run();
    return true;
  }
}
