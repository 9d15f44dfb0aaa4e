import { act, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useNow, type NextChange } from "@/lib/use-now.ts";

const T0 = Date.parse("2025-03-01T12:00:00.000Z");

let renders: Record<string, number> = {};
const rendered = (name: string) => {
  renders[name] = (renders[name] ?? 0) + 1;
};

function Clock({ name, next }: { name: string; next?: number | NextChange }) {
  const now = useNow(next);
  rendered(name);
  return <p data-testid={name}>{now.getTime() - T0}</p>;
}

const shown = (name: string) => Number(screen.getByTestId(name).textContent);

beforeEach(() => {
  renders = {};
  vi.useFakeTimers();
  vi.setSystemTime(T0 + 250);
});
afterEach(() => {
  vi.useRealTimers();
});

describe("useNow", () => {
  it("ticks on the wall-clock boundary of its interval, not an interval after mounting", () => {
    render(<Clock name="a" next={1000} />);
    expect(shown("a")).toBe(250);
    act(() => vi.advanceTimersByTime(749));
    expect(shown("a")).toBe(250);
    act(() => vi.advanceTimersByTime(1));
    expect(shown("a")).toBe(1000);
    act(() => vi.advanceTimersByTime(1000));
    expect(shown("a")).toBe(2000);
  });

  it("shares one timer between every component, whatever their intervals", () => {
    render(
      <>
        <Clock name="second" next={1000} />
        <Clock name="minute" next={60_000} />
        <Clock name="minute2" next={60_000} />
      </>,
    );
    expect(vi.getTimerCount()).toBe(1);
    for (let i = 0; i < 60; i++) act(() => vi.advanceTimersByTime(1000));
    expect(vi.getTimerCount()).toBe(1);
    // The minute clocks rendered once at mount and once at the minute, the second clock at every second.
    expect(renders.minute).toBe(2);
    expect(renders.minute2).toBe(2);
    expect(renders.second).toBe(61);
    expect(shown("minute")).toBe(60_000);
  });

  it("re-renders only when the display changes, as its next-change function says", () => {
    const deadline = T0 + 10_000;
    // A display that changes once, at the deadline, then never again.
    const next: NextChange = (now) => (now < deadline ? deadline : null);
    render(<Clock name="d" next={next} />);
    act(() => vi.advanceTimersByTime(9_000));
    expect(renders.d).toBe(1);
    act(() => vi.advanceTimersByTime(750));
    expect(renders.d).toBe(2);
    expect(shown("d")).toBe(10_000);
    expect(vi.getTimerCount()).toBe(0);
    act(() => vi.advanceTimersByTime(86_400_000));
    expect(renders.d).toBe(2);
  });

  it("catches up at once when new props move the deadline into the past", () => {
    const never: NextChange = () => null;
    const { rerender } = render(<Clock name="p" next={never} />);
    act(() => vi.advanceTimersByTime(5 * 60_000));
    expect(shown("p")).toBe(250);
    // The new display would have changed a minute after the time last rendered: it renders for now straight away.
    rerender(<Clock name="p" next={(now) => now + 60_000} />);
    expect(shown("p")).toBe(5 * 60_000 + 250);
  });

  it("stops its timer when the last component unmounts", () => {
    const { unmount } = render(<Clock name="u" next={1000} />);
    expect(vi.getTimerCount()).toBe(1);
    unmount();
    expect(vi.getTimerCount()).toBe(0);
  });
});
