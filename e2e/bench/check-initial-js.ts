/**
 * Fails when the inbox's initial JavaScript (gzipped) exceeds its budget. Run after `vite build`:
 *
 *   npx tsx e2e/bench/check-initial-js.ts [dist]
 */
import { resolve } from "node:path";
import { INITIAL_JS_BUDGET_KB, initialJsSizes } from "./initial-js.ts";

const dist = resolve(process.argv[2] ?? "dist");
const kb = (bytes: number) => Math.round((bytes / 1024) * 10) / 10;
const scripts = initialJsSizes(dist);
for (const script of scripts) console.log(`  ${script.src}  ${kb(script.gzipBytes)} KB gzip`);
const total = kb(scripts.reduce((sum, script) => sum + script.gzipBytes, 0));
if (total > INITIAL_JS_BUDGET_KB) {
  console.error(
    `Initial JS is ${total} KB gzipped, over its ${INITIAL_JS_BUDGET_KB} KB budget: load new code on demand (React.lazy, import()) or make room.`,
  );
  process.exit(1);
}
console.log(`Initial JS ${total} KB gzipped, within its ${INITIAL_JS_BUDGET_KB} KB budget.`);
