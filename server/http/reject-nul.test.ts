import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { rejectNul } from "./reject-nul.ts";

function app() {
  const a = new Hono();
  a.use("*", rejectNul());
  a.get("/things/:id", (c) => c.json({ id: c.req.param("id"), q: c.req.query("q") ?? null }));
  return a;
}

describe("rejectNul", () => {
  it.each([
    { name: "a NUL in a path segment", path: "/things/%00" },
    { name: "a NUL inside an id", path: "/things/PAGE1-U1%00x" },
    { name: "a NUL in a query value", path: "/things/1?q=%00" },
    { name: "a NUL in a query value after a +", path: "/things/1?q=a+%00" },
    { name: "a NUL in a query key", path: "/things/1?%00=1" },
    { name: "a NUL in an unrelated query parameter", path: "/things/1?q=ok&other=x%00" },
    { name: "malformed percent-encoding in the path", path: "/things/%E0%A4%A" },
    { name: "a lone % in the path", path: "/things/100%" },
    { name: "malformed percent-encoding in the query", path: "/things/1?q=%zz" },
    { name: "an overlong UTF-8 encoding of NUL", path: "/things/%C0%80" },
  ])("refuses $name with 400 invalid_request", async ({ path }) => {
    const res = await app().request(`http://localhost${path}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: "invalid_request", message: expect.stringMatching(/NUL|percent-encoding/) },
    });
  });

  it.each([
    { path: "/things/PAGE1-U1", id: "PAGE1-U1", q: null },
    { path: "/things/hello%20world?q=caf%C3%A9", id: "hello world", q: "café" },
    { path: "/things/100%25?q=a+b", id: "100%", q: "a b" },
    { path: "/things/%F0%9F%98%80?q=", id: "😀", q: "" },
  ])("lets $path through, decoded as usual", async ({ path, id, q }) => {
    const res = await app().request(`http://localhost${path}`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id, q });
  });
});
