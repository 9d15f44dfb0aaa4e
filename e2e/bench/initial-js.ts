/**
 * The inbox's initial JavaScript: what the first page load of the production build must download before it can
 * render (the entry script and its modulepreloads, gzipped). Its budget is a check that fails (`npm run
 * check:bundle`, part of `npm test` right after the build), and `npm run bench` prints the figure.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

export const INITIAL_JS_BUDGET_KB = 150;

/** The scripts index.html loads at once: its module entry and every modulepreload. */
function initialScripts(dist: string): string[] {
  const html = readFileSync(join(dist, "index.html"), "utf8");
  return [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="([^"]+\.js)"/g)].map(
    (m) => m[1] ?? "",
  );
}

/** Each initial script with its gzipped size. */
export function initialJsSizes(dist: string): { src: string; gzipBytes: number }[] {
  return initialScripts(dist).map((src) => ({
    src,
    gzipBytes: gzipSync(readFileSync(join(dist, src.replace(/^\//, "")))).length,
  }));
}

/** Gzipped size of the JS the first page load needs. */
export function initialJsGzipBytes(dist: string): number {
  return initialJsSizes(dist).reduce((sum, script) => sum + script.gzipBytes, 0);
}
