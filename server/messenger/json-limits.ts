/**
 * What a parsed JSON value must not hold before Baton stores it or walks it: PostgreSQL refuses U+0000 in text and
 * jsonb, and JavaScript's own recursive JSON.stringify overflows the stack a few thousand levels down (while
 * JSON.parse, being iterative, happily returns such a value). Meta's events nest a dozen levels at most.
 */
export const MAX_JSON_DEPTH = 32;

const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");
const hasLoneSurrogate = (s: string) => ANY_SURROGATE.test(s) && LONE_SURROGATE.test(s);

export interface JsonInspection {
  /** Why the value cannot be taken (nested too deep, or a NUL in a string or key), naming where; null when it can. */
  problem: string | null;
  /** Some string or key holds half of a UTF-16 surrogate pair (JSON's "\ud800"): see `wellFormedJson`. */
  loneSurrogates: boolean;
}

/**
 * Walks a parsed JSON value without recursion, stopping at the first problem, so any depth is safe to inspect.
 * It runs on every webhook event and API body, so the walk allocates nothing per node; only a value with a problem
 * is walked again to say where.
 */
export function inspectJson(value: unknown, maxDepth = MAX_JSON_DEPTH): JsonInspection {
  let loneSurrogates = false;
  const values: unknown[] = [value];
  const depths: number[] = [0];
  const refuse = (): JsonInspection => ({ problem: locateProblem(value, maxDepth), loneSurrogates });
  while (values.length > 0) {
    const v = values.pop();
    const depth = depths.pop() ?? 0;
    if (typeof v === "string") {
      if (v.includes("\u0000")) return refuse();
      if (!loneSurrogates && hasLoneSurrogate(v)) loneSurrogates = true;
      continue;
    }
    if (typeof v !== "object" || v === null) continue;
    if (depth >= maxDepth) return refuse();
    if (Array.isArray(v)) {
      for (const item of v as unknown[]) {
        values.push(item);
        depths.push(depth + 1);
      }
      continue;
    }
    const record = v as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (key.includes("\u0000")) return refuse();
      if (!loneSurrogates && hasLoneSurrogate(key)) loneSurrogates = true;
      values.push(record[key]);
      depths.push(depth + 1);
    }
  }
  return { problem: null, loneSurrogates };
}

/** The first problem in document order, with its path. Recurses at most maxDepth + 1 levels. */
function locateProblem(value: unknown, maxDepth: number): string {
  const path: (string | number)[] = [];
  const at = () => {
    const p = path
      .map((k) => (typeof k === "number" ? `[${k}]` : `.${k.replaceAll("\u0000", "\\u0000")}`))
      .join("")
      .replace(/^\./, "");
    return p === "" ? "(top)" : p.length > 200 ? `${p.slice(0, 200)}…` : p;
  };
  const visit = (v: unknown, depth: number): string | null => {
    if (typeof v === "string")
      return v.includes("\u0000") ? `a string contains a NUL character (U+0000) at ${at()}` : null;
    if (typeof v !== "object" || v === null) return null;
    if (depth >= maxDepth) return `nested deeper than ${maxDepth} levels (at ${at()})`;
    const entries: [string | number, unknown][] = Array.isArray(v)
      ? v.map((x: unknown, i) => [i, x])
      : Object.entries(v);
    for (const [key, item] of entries) {
      path.push(key);
      const problem =
        typeof key === "string" && key.includes("\u0000")
          ? `a key contains a NUL character (U+0000) at ${at()}`
          : visit(item, depth + 1);
      if (problem) return problem;
      path.pop();
    }
    return null;
  };
  return visit(value, 0) ?? "the value cannot be stored";
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
