import { readFileSync } from "node:fs";

/**
 * The load generator, in its own process as Meta's servers would be: POSTs pre-signed webhook bodies to Baton
 * over loopback with N requests in flight, and prints the timings as JSON.
 */
const [file, url, concurrencyArg] = process.argv.slice(2);
if (!file || !url) throw new Error("usage: load-client <bodies.json> <webhook url> [concurrency]");
const requests = JSON.parse(readFileSync(file, "utf8")) as { body: string; signature: string }[];
const concurrency = Number(concurrencyArg ?? 16);

const latencies: number[] = [];
let failures = 0;
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < requests.length) {
      const item = requests[next++];
      if (!item) break;
      const s = performance.now();
      const res = await fetch(url, {
        method: "POST",
        body: item.body,
        headers: { "content-type": "application/json", "x-hub-signature-256": item.signature },
      });
      await res.arrayBuffer();
      if (res.status !== 200) failures++;
      latencies.push(performance.now() - s);
    }
  }),
);
process.stdout.write(JSON.stringify({ seconds: (performance.now() - started) / 1000, latencies, failures }));
