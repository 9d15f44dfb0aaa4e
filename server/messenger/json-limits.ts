/**
 * What a parsed JSON value must not hold before Baton stores it or walks it: PostgreSQL refuses U+0000 in text and
 * jsonb, and JavaScript's own recursive JSON.stringify overflows the stack a few thousand levels down (while
 * JSON.parse, being iterative, happily returns such a value). Meta's events nest a dozen levels at most.
 */
export const MAX_JSON_DEPTH = 32;

interface Frame {
  value: unknown;
  depth: number;
  key: string | number | null;
  parent: Frame | null;
}

function pathOf(frame: Frame): string {
  const keys: (string | number)[] = [];
  for (let f: Frame | null = frame; f; f = f.parent) if (f.key !== null) keys.push(f.key);
  const path = keys
    .reverse()
    .map((k) => (typeof k === "number" ? `[${k}]` : `.${k.replaceAll("\u0000", "\\u0000")}`))
    .join("")
    .replace(/^\./, "");
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

export interface JsonInspection {
  /** Why the value cannot be taken (nested too deep, or a NUL in a string or key), naming where; null when it can. */
  problem: string | null;
  /** Some string or key holds half of a UTF-16 surrogate pair (JSON's "\ud800"): see `wellFormedJson`. */
  loneSurrogates: boolean;
}

/** Walks a parsed JSON value without recursion, stopping at the first problem, so any depth is safe to inspect. */
export function inspectJson(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonInspection {
  let loneSurrogates = false;
  const stack: Frame[] = [{ value, depth: 0, key: null, parent: null }];
  const checkString = (s: string, frame: Frame, what: string): string | null => {
    if (s.includes("\u0000")) return `${what} contains a NUL character (U+0000) at ${pathOf(frame) || "(top)"}`;
    if (!loneSurrogates && LONE_SURROGATE.test(s)) loneSurrogates = true;
    return null;
  };
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const v = frame.value;
    if (typeof v === "string") {
      const problem = checkString(v, frame, "a string");
      if (problem) return { problem, loneSurrogates };
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    const depth = frame.depth + 1;
    if (depth > maxDepth) return { problem: `nested deeper than ${maxDepth} levels (at ${pathOf(frame) || "(top)"})`, loneSurrogates };
    if (Array.isArray(v)) {
      v.forEach((item: unknown, i) => stack.push({ value: item, depth, key: i, parent: frame }));
      continue;
    }
    for (const [key, item] of Object.entries(v)) {
      const child: Frame = { value: item, depth, key, parent: frame };
      const problem = checkString(key, child, "a key");
      if (problem) return { problem, loneSurrogates };
      stack.push(child);
    }
  }
  return { problem: null, loneSurrogates };
}

/** The string with every unpaired surrogate replaced by U+FFFD, as PostgreSQL's text would store it anyway. */
export const wellFormed = (s: string): string => s.replace(LONE_SURROGATES, "\uFFFD");

/**
 * A copy with unpaired surrogates replaced (jsonb and json operators refuse "\ud800"). Only for values that
 * `inspectJson` passed: it recurses.
 */
export function wellFormedJson(value: unknown): unknown {
  if (typeof value === "string") return wellFormed(value);
  if (Array.isArray(value)) return value.map(wellFormedJson);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [wellFormed(k), wellFormedJson(v)]));
  }
  return value;
}

/**
 * JSON text of any parsed value, safe to store: NUL and unpaired surrogates come out escaped (JSON.stringify does
 * that), and whatever lies deeper than `maxDepth` is replaced by a note instead of overflowing the stack.
 */
export function storableJson(value: unknown, maxDepth = MAX_JSON_DEPTH): string {
  const cut = (v: unknown, depth: number): unknown => {
    if (typeof v !== "object" || v === null) return v;
    if (depth >= maxDepth) return `[cut: nested deeper than ${maxDepth} levels]`;
    if (Array.isArray(v)) return v.map((x: unknown) => cut(x, depth + 1));
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, cut(x, depth + 1)]));
  };
  return JSON.stringify(cut(value, 0)) ?? "null";
}
