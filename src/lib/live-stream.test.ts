import { describe, expect, it } from "vitest";
import { parseSseChunk } from "@/lib/live-stream.ts";

describe("parseSseChunk", () => {
  it("returns complete data payloads and keeps the unfinished rest", () => {
    const { events, rest } = parseSseChunk('data: {"a":1}\n\n: keep-alive\n\ndata: {"b"');
    expect(events).toEqual(['{"a":1}']);
    expect(rest).toBe('data: {"b"');
  });

  it("joins multi-line data and accepts CRLF", () => {
    expect(parseSseChunk("event: x\r\ndata: one\r\ndata: two\r\n\r\n").events).toEqual(["one\ntwo"]);
  });
});
