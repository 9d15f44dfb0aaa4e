import { useEffect, useMemo, useRef, useState } from "react";

/**
 * When a component's display next changes, given the time (epoch ms) it was last rendered for: an epoch ms after
 * `now`, or null when it never changes by itself (a closed window, a finished countdown).
 */
export type NextChange = (now: number) => number | null;

/** The next multiple of `intervalMs` after `now`: wall-clock aligned, so every minute-ticking component ticks together. */
const everyInterval =
  (intervalMs: number): NextChange =>
  (now) =>
    (Math.floor(now / intervalMs) + 1) * intervalMs;

// --- one timer for the whole page -------------------------------------------------------------------------------

interface Subscriber {
  /** When this subscriber must re-render next (epoch ms); Infinity: never. */
  due: number;
  fire: (now: number) => void;
}

/** setTimeout's longest delay (about 24.8 days); a later deadline is reached in several steps. */
const MAX_DELAY = 2_147_483_647;
const subscribers = new Set<Subscriber>();
let timer: ReturnType<typeof setTimeout> | undefined;
let timerAt = Infinity;

function schedule(): void {
  let next = Infinity;
  for (const s of subscribers) if (s.due < next) next = s.due;
  if (next === timerAt) return;
  if (timer !== undefined) clearTimeout(timer);
  timer = undefined;
  timerAt = next;
  if (next === Infinity) return;
  timer = setTimeout(tick, Math.min(MAX_DELAY, Math.max(0, next - Date.now())));
}

function tick(): void {
  timer = undefined;
  timerAt = Infinity;
  const now = Date.now();
  for (const s of [...subscribers]) if (s.due <= now) s.fire(now);
  schedule();
}

/** A hidden tab's timers are throttled: catch up as soon as the agent looks again. */
function onVisible(): void {
  if (document.visibilityState === "visible") tick();
}

function add(s: Subscriber): void {
  if (subscribers.size === 0 && typeof document !== "undefined")
    document.addEventListener("visibilitychange", onVisible);
  subscribers.add(s);
  if (s.due < timerAt) schedule();
}

function remove(s: Subscriber): void {
  subscribers.delete(s);
  if (subscribers.size === 0) {
    if (typeof document !== "undefined") document.removeEventListener("visibilitychange", onVisible);
    schedule();
  }
}

function dueAfter(next: NextChange, now: number): number {
  const due = next(now);
  if (due === null) return Infinity;
  // A deadline that is not in the future would spin: re-check a second later instead.
  return due > now ? due : now + 1000;
}

/**
 * The current time, for countdowns and relative times. Every component shares one timer, and a component re-renders
 * only when its display changes: `next` says when (a function of the time rendered), or is an interval in ms, ticked
 * on the wall-clock boundary (every minute at :00, not a minute after mounting).
 */
export function useNow(next: number | NextChange = 30_000): Date {
  const [now, setNow] = useState(() => Date.now());
  const nextChange = typeof next === "number" ? everyInterval(next) : next;
  const nextRef = useRef(nextChange);
  const subscriberRef = useRef<Subscriber | null>(null);

  useEffect(() => {
    nextRef.current = nextChange;
  });

  useEffect(() => {
    const s: Subscriber = {
      due: Infinity,
      fire: (at) => {
        s.due = dueAfter(nextRef.current, at);
        setNow(at);
      },
    };
    subscriberRef.current = s;
    add(s);
    return () => {
      subscriberRef.current = null;
      remove(s);
    };
  }, []);

  // After every render: when the display shown for `now` changes (new props may move the deadline), and catching
  // up at once when the deadline has already passed (the props changed long after the last tick).
  useEffect(() => {
    const s = subscriberRef.current;
    if (!s) return;
    const due = dueAfter(nextChange, now);
    const current = Date.now();
    if (due <= current) {
      s.fire(current);
      schedule();
    } else if (due !== s.due) {
      s.due = due;
      schedule();
    }
  });

  // The same Date object until the next tick, so memoized children (list rows) do not re-render for nothing.
  return useMemo(() => new Date(now), [now]);
}
