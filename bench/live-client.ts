import { request, Agent } from "node:http";
import { readFileSync, writeFileSync } from "node:fs";

/**
 * The browsers and Meta of the live bench, in a process of their own: opens N live streams (one session cookie
 * each), waits for every stream's hello, then posts signed customer messages at a fixed rate and prints, as JSON,
 * for every (message, stream) the milliseconds from the webhook's 200 to that message's event on that stream.
 * (to the file named by the second argument). Streams are read as raw text: the client only looks for the message's marker, so its own cost stays small.
 */
interface Input {
  liveUrl: string;
  webhookUrl: string;
  cookies: string[];
  posts: { body: string; signature: string }[];
  ratePerSecond: number;
}
const input = JSON.parse(readFileSync(process.argv[2] ?? "", "utf8")) as Input;
const agent = new Agent({ keepAlive: true, maxSockets: input.cookies.length });
/** Webhooks on fresh connections: a kept-alive one the server has just timed out would fail (ECONNRESET). */
const posting = new Agent({ keepAlive: false });
const MARKER = /benchmsg-(\d+)-/g;

/** received[message][stream] = performance.now() when the event arrived. */
const received = input.posts.map(() => new Float64Array(input.cookies.length));
const okAt = new Float64Array(input.posts.length);
let pending = input.posts.length * input.cookies.length;
let onAllReceived: () => void = () => {};
const allReceived = new Promise<void>((resolve) => (onAllReceived = resolve));

const streams = input.cookies.map(
  (cookie, s) =>
    new Promise<void>((resolve, reject) => {
      const req = request(
        input.liveUrl,
        { agent, headers: { cookie, accept: "text/event-stream" } },
        (res) => {
          if (res.statusCode !== 200) return reject(new Error(`stream ${s} answered ${res.statusCode}`));
          res.setEncoding("utf8");
          let tail = "";
          let hello = false;
          res.on("data", (chunk: string) => {
            const now = performance.now();
            const text = tail + chunk;
            if (!hello && text.includes('"hello"')) {
              hello = true;
              resolve();
            }
            for (const m of text.matchAll(MARKER)) {
              const i = Number(m[1]);
              const row = received[i];
              if (row && row[s] === 0) {
                row[s] = now;
                if (--pending === 0) onAllReceived();
              }
            }
            tail = text.slice(-40);
          });
        },
      );
      req.on("error", reject);
      req.end();
    }),
);
await Promise.all(streams);
process.stdout.write("open\n");

const post = (i: number) =>
  new Promise<void>((resolve, reject) => {
    const item = input.posts[i];
    if (!item) return resolve();
    const req = request(
      input.webhookUrl,
      {
        method: "POST",
        agent: posting,
        headers: { "content-type": "application/json", "x-hub-signature-256": item.signature },
      },
      (res) => {
        okAt[i] = performance.now();
        if (res.statusCode !== 200) reject(new Error(`webhook answered ${res.statusCode}`));
        res.resume();
        res.on("end", resolve);
      },
    );
    req.on("error", reject);
    req.end(item.body);
  });

const started = performance.now();
const sent: Promise<void>[] = [];
for (let i = 0; i < input.posts.length; i++) {
  // A steady rate: wait for the message's slot, not for the previous answer.
  const due = started + (i * 1000) / input.ratePerSecond;
  const wait = due - performance.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  sent.push(post(i));
}
await Promise.all(sent);
process.stdout.write("posted\n");
const deadline = new Promise<void>((resolve) => setTimeout(resolve, 30_000).unref());
await Promise.race([allReceived, deadline]);

const latencies: number[] = [];
let missing = 0;
received.forEach((row, i) => {
  for (const at of row) {
    if (at === 0) missing++;
    else latencies.push(Math.max(0, at - (okAt[i] ?? 0)));
  }
});
// A file, not stdout: process.exit does not wait for a pipe to drain.
writeFileSync(process.argv[3] ?? "", JSON.stringify({ latencies, missing }));
process.exit(0);
