import { describe, expect, it } from "vitest";
import { DatabaseUnavailableError } from "./database.ts";
import { GroupCommit } from "./group-commit.ts";

describe("group commit", () => {
  it("work submitted together runs in one group and each caller gets its own result", async () => {
    const groups: number[][] = [];
    const gc = new GroupCommit<number, number>(
      async (items) => {
        groups.push(items);
        return items.map((i) => i * 10);
      },
      100,
      0,
    );
    const results = await Promise.all([1, 2, 3].map((n) => gc.submit(n)));
    expect(results).toEqual([10, 20, 30]);
    expect(groups).toEqual([[1, 2, 3]]);
  });

  it("a group never grows past its weight limit", async () => {
    const groups: number[][] = [];
    const gc = new GroupCommit<number, number>(
      async (items) => {
        groups.push(items);
        return items;
      },
      5,
      0,
    );
    await Promise.all([1, 2, 3, 4].map((n) => gc.submit(n, 2)));
    expect(groups).toEqual([
      [1, 2],
      [3, 4],
    ]);
  });

  it("one bad item fails only its own caller", async () => {
    const gc = new GroupCommit<number, number>(
      async (items) => {
        if (items.includes(2)) throw new Error("constraint violated");
        return items;
      },
      100,
      0,
    );
    const settled = await Promise.allSettled([1, 2, 3].map((n) => gc.submit(n)));
    expect(settled.map((s) => s.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("an unreachable database fails every caller at once, without retrying each", async () => {
    let calls = 0;
    const gc = new GroupCommit<number, number>(
      async () => {
        calls++;
        throw new DatabaseUnavailableError(new Error("ECONNREFUSED"));
      },
      100,
      0,
    );
    const settled = await Promise.allSettled([1, 2, 3].map((n) => gc.submit(n)));
    expect(settled.every((s) => s.status === "rejected")).toBe(true);
    expect(calls).toBe(1);
  });
});
