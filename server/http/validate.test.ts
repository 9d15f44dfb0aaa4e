import { describe, expect, it } from "vitest";
import { AppError } from "../errors.ts";
import { jsonBody } from "./validate.ts";

const body = (text: string) => ({ json: async (): Promise<unknown> => JSON.parse(text) });
const nested = (depth: number) => `${"[".repeat(depth)}${"]".repeat(depth)}`;

describe("jsonBody", () => {
  it.each([
    { name: "an object", text: '{"text":"On it","clientId":"c1"}' },
    { name: "32 levels of nesting", text: nested(32) },
    { name: "text with an emoji and an escaped newline", text: '{"text":"😀\\n"}' },
  ])("takes $name", async ({ text }) => {
    await expect(jsonBody(body(text))).resolves.toEqual(JSON.parse(text));
  });

  it.each([
    { name: "text that is not JSON", text: "{nope", code: "invalid_json", message: /not valid JSON/ },
    {
      name: "a NUL in a string",
      text: '{"text":"a\\u0000b"}',
      code: "invalid_request",
      message: /NUL character \(U\+0000\) at text/,
    },
    {
      name: "a NUL in a key",
      text: '{"a\\u0000":1}',
      code: "invalid_request",
      message: /a key contains a NUL/,
    },
    {
      name: "a NUL deep in a list",
      text: '{"x":[[1,"\\u0000"]]}',
      code: "invalid_request",
      message: /at x\[0\]\[1\]/,
    },
    {
      name: "33 levels of nesting",
      text: nested(33),
      code: "invalid_request",
      message: /nested deeper than 32 levels/,
    },
    {
      name: "1,000,000 levels of nesting",
      text: nested(1_000_000),
      code: "invalid_request",
      message: /nested deeper than 32 levels/,
    },
  ])("refuses $name with 400 $code", async ({ text, code, message }) => {
    const error = await jsonBody(body(text)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ status: 400, code, message: expect.stringMatching(message) });
  });
});
