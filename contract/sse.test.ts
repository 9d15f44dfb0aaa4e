import { describe, expect, it } from "vitest";
import { parseSseChunk } from "./sse.ts";

describe("parseSseChunk", () => {
  it("returns complete data payloads and keeps the unfinished rest", () => {
    const { events, rest } = parseSseChunk('data: {"a":1}\n\n: keep-alive\n\ndata: {"b"');
    expect(events).toEqual([{ data: '{"a":1}', id: undefined }]);
    expect(rest).toBe('data: {"b"');
  });

  it("joins multi-line data and accepts CRLF", () => {
    expect(parseSseChunk("event: x\r\ndata: one\r\ndata: two\r\n\r\n").events).toEqual([
      { data: "one\ntwo", id: undefined },
    ]);
  });

  it("returns each event's id, and an id that comes without data", () => {
    expect(parseSseChunk('data: {"a":1}\nid: 41\n\nid: 42\n\n').events).toEqual([
      { data: '{"a":1}', id: "41" },
      { data: "", id: "42" },
    ]);
  });
});
