import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { apiBodyLimit } from "./body-limit.ts";

const LIMIT = 1024;

/** A small app behind the limit that echoes how many bytes its handler read. */
function app() {
  const a = new Hono();
  a.use("*", apiBodyLimit(LIMIT));
  a.all("/echo", async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
  return a;
}

function stream(
  chunks: number,
  chunkBytes: number,
  onPull: (bytes: number) => void = () => undefined,
): ReadableStream<Uint8Array> {
  let left = chunks;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (left === 0) return controller.close();
      left -= 1;
      onPull(chunkBytes);
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x61));
    },
  });
}

const request = (
  body: string | ReadableStream<Uint8Array> | undefined,
  headers: Record<string, string> = {},
  method = "POST",
) =>
  new Request("http://localhost/echo", {
    method,
    headers,
    ...(body === undefined ? {} : { body, duplex: "half" as const }),
  });

describe("apiBodyLimit", () => {
  it.each([
    {
      name: "a body of exactly the limit, with Content-Length",
      req: () => request("a".repeat(LIMIT), { "content-length": String(LIMIT) }),
      bytes: LIMIT,
    },
    { name: "a chunked body of exactly the limit", req: () => request(stream(4, LIMIT / 4)), bytes: LIMIT },
    { name: "an empty body", req: () => request("", { "content-length": "0" }), bytes: 0 },
    { name: "a GET without a body", req: () => request(undefined, {}, "GET"), bytes: 0 },
  ])("lets $name through whole", async ({ req, bytes }) => {
    const res = await app().request(req());
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ bytes });
  });

  it.each([
    {
      name: "a Content-Length one byte over the limit",
      req: () => request("a".repeat(LIMIT + 1), { "content-length": String(LIMIT + 1) }),
    },
    {
      name: "a Content-Length of 500 MB (refused before any byte is read)",
      req: () => request(stream(1, 10), { "content-length": String(500 * 1024 * 1024) }),
    },
    { name: "a chunked body one byte over the limit", req: () => request(stream(1, LIMIT + 1)) },
    { name: "a chunked body of many small chunks", req: () => request(stream(1000, 100)) },
  ])("refuses $name with 413 payload_too_large", async ({ req }) => {
    const res = await app().request(req());
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      error: { code: "payload_too_large", message: "The request body is larger than 1,024 bytes." },
    });
  });

  it("stops reading an endless chunked body just past the limit instead of buffering it", async () => {
    let pulled = 0;
    const res = await app().request(request(stream(Number.POSITIVE_INFINITY, 256, (n) => (pulled += n))));
    expect(res.status).toBe(413);
    // What the stream had queued ahead when the limit was passed, and no more.
    expect(pulled).toBeLessThanOrEqual(LIMIT + 4 * 256);
  });
});
