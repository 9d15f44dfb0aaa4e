import { describe, expect, it } from "vitest";
import { inspectJson, MAX_JSON_DEPTH, storableJson, wellFormed, wellFormedJson } from "./json-limits.ts";

const nested = (depth: number): unknown => JSON.parse(`${"[".repeat(depth)}${"]".repeat(depth)}`);

describe("inspectJson", () => {
  it.each([
    {
      name: "a plain event",
      value: {
        sender: { id: "U1" },
        message: { mid: "m1", text: "hi", attachments: [{ payload: { url: "x" } }] },
      },
      problem: null,
    },
    { name: "scalars", value: [1, 1.5, null, true, "", "😀"], problem: null },
    { name: "exactly 32 levels", value: nested(MAX_JSON_DEPTH), problem: null },
    {
      name: "33 levels",
      value: nested(MAX_JSON_DEPTH + 1),
      problem: /^nested deeper than 32 levels \(at (\[0\]){32}\)$/,
    },
    {
      name: "2,000,000 levels (JSON.parse takes it, JSON.stringify would overflow)",
      value: nested(2_000_000),
      problem: /^nested deeper than 32 levels/,
    },
    {
      name: "a NUL in a string",
      value: { message: { text: "a\u0000b" } },
      problem: /^a string contains a NUL character \(U\+0000\) at message\.text$/,
    },
    { name: "a NUL in a string in a list", value: { mids: ["ok", "\u0000"] }, problem: /at mids\[1\]$/ },
    {
      name: "a NUL in a key",
      value: { message: { "k\u0000": 1 } },
      problem: /^a key contains a NUL character \(U\+0000\) at message\.k\\u0000$/,
    },
    { name: "a NUL as the whole value", value: "\u0000", problem: /at \(top\)$/ },
  ])("$name: $problem", ({ value, problem }) => {
    const result = inspectJson(value);
    if (problem === null) expect(result.problem).toBeNull();
    else expect(result.problem).toMatch(problem);
  });

  it.each([
    { value: { text: "half an emoji \ud83d" }, lone: true },
    { value: { text: "a low half \ude00 alone" }, lone: true },
    { value: { ["\ud800"]: "key" }, lone: true },
    { value: { text: "a whole emoji 😀" }, lone: false },
  ])("tells unpaired surrogates in $value apart from whole pairs", ({ value, lone }) => {
    expect(inspectJson(value)).toEqual({ problem: null, loneSurrogates: lone });
  });
});

describe("wellFormed", () => {
  it("replaces each unpaired surrogate with U+FFFD and keeps whole pairs", () => {
    expect(wellFormed("a\ud83d b\ude00 c😀 d\ud83d")).toBe("a\uFFFD b\uFFFD c😀 d\uFFFD");
    expect(wellFormedJson({ ["k\ud800"]: ["\udc00", 1, null] })).toEqual({
      ["k\uFFFD"]: ["\uFFFD", 1, null],
    });
  });
});

describe("storableJson", () => {
  it("escapes NUL, so the text stores, and reads back as the same value", () => {
    const value = { text: "a\u0000b", ["\u0000"]: 1 };
    const json = storableJson(value);
    expect(json).not.toContain("\u0000");
    expect(JSON.parse(json)).toEqual(value);
  });

  it("cuts what lies deeper than 32 levels instead of overflowing the stack", () => {
    const json = storableJson({ message: { attachments: nested(100_000) } });
    expect(json.length).toBeLessThan(500);
    expect(json).toContain("[cut: nested deeper than 32 levels]");
  });
});
