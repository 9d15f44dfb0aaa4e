import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { batonEnvelope, hostEnvelope, type HostEnvelope } from "@contract/embed.ts";
import { EmbedBridge, framingOrigin } from "@/embed/bridge.ts";

const HOST = "https://shop-admin.example";

/** Real windows for `event.source`: the host page (the bridge's parent) and some other frame. */
function frame(): Window {
  const iframe = document.createElement("iframe");
  document.body.append(iframe);
  if (!iframe.contentWindow) throw new Error("no iframe window");
  return iframe.contentWindow;
}

const envelope = (type: string, payload: unknown, extra: Record<string, unknown> = {}) => ({
  ns: "baton",
  v: 1,
  type,
  id: "h-1",
  payload,
  ...extra,
});

function deliver(data: unknown, origin: string, source: Window | null) {
  window.dispatchEvent(new MessageEvent("message", { data, origin, source }));
}

describe("the embed bridge", () => {
  let parent: Window;
  let stranger: Window;
  let bridge: EmbedBridge;
  let posted: { message: unknown; origin: string }[];

  beforeEach(() => {
    parent = frame();
    stranger = frame();
    posted = [];
    vi.spyOn(parent, "postMessage").mockImplementation(
      (message: unknown, origin?: string | WindowPostMessageOptions) => {
        posted.push({ message, origin: typeof origin === "string" ? origin : "(options)" });
      },
    );
    bridge = new EmbedBridge(HOST, { self: window, parent });
  });
  afterEach(() => {
    bridge.close();
    document.body.replaceChildren();
  });

  it("hands a valid message from the parent at the host's origin to its handler", () => {
    const seen: HostEnvelope[] = [];
    bridge.on("open-conversation", (e) => seen.push(e));
    deliver(envelope("open-conversation", { conversationId: "c-1" }), HOST, parent);
    expect(seen.map((e) => e.payload)).toEqual([{ conversationId: "c-1" }]);
  });

  it("ignores a message from another origin, even from the parent", () => {
    const handler = vi.fn();
    bridge.on("open-conversation", handler);
    deliver(envelope("open-conversation", { conversationId: "c-1" }), "https://evil.example", parent);
    deliver(
      envelope("open-conversation", { conversationId: "c-1" }),
      "https://shop-admin.example.evil.example",
      parent,
    );
    deliver(envelope("open-conversation", { conversationId: "c-1" }), "null", parent);
    expect(handler).not.toHaveBeenCalled();
  });

  it("ignores a message that does not come from window.parent, even at the host's origin", () => {
    const handler = vi.fn();
    bridge.on("set-theme", handler);
    deliver(envelope("set-theme", { theme: "dark" }), HOST, stranger);
    deliver(envelope("set-theme", { theme: "dark" }), HOST, window);
    deliver(envelope("set-theme", { theme: "dark" }), HOST, null);
    expect(handler).not.toHaveBeenCalled();
  });

  it.each([
    ["another namespace", envelope("set-theme", { theme: "dark" }, { ns: "other" })],
    ["another version", envelope("set-theme", { theme: "dark" }, { v: 2 })],
    ["no id", envelope("set-theme", { theme: "dark" }, { id: undefined })],
    ["an unknown type", envelope("delete-everything", {})],
    ["a payload that does not fit its type", envelope("set-theme", { theme: "neon" })],
    [
      "a Baton-to-host type",
      envelope("ready", { layout: "inbox", agent: { id: "a", name: "A" }, conversationId: null }),
    ],
    ["a string", JSON.stringify(envelope("set-theme", { theme: "dark" }))],
    ["nothing", null],
  ])("ignores %s", (_name, data) => {
    const handler = vi.fn();
    bridge.on("set-theme", handler);
    bridge.on("init", handler);
    deliver(data, HOST, parent);
    expect(handler).not.toHaveBeenCalled();
  });

  it("posts versioned envelopes to the host's exact origin, never to *", () => {
    const id = bridge.send("unread-count", { count: 3 });
    expect(posted).toEqual([
      { message: { ns: "baton", v: 1, type: "unread-count", id, payload: { count: 3 } }, origin: HOST },
    ]);
  });

  it("refuses to send what the contract does not allow", () => {
    expect(() => bridge.send("unread-count", { count: -1 })).toThrow();
    expect(posted).toEqual([]);
  });

  it("refuses to start without an exact host origin", () => {
    expect(() => new EmbedBridge("*", { self: window, parent })).toThrow(/exact origin/);
  });

  it("asks the host for a token and takes the answer to that request only", async () => {
    const answer = bridge.requestToken("sign-in");
    const [request] = posted;
    expect(hostEnvelope.safeParse(request?.message).success).toBe(false); // a Baton-to-host message
    const sent = batonEnvelope.parse(request?.message);
    expect(sent).toMatchObject({ type: "token-request", payload: { reason: "sign-in" } });
    const requestId = sent.id;
    deliver(envelope("token-response", { requestId: "someone-else", token: "x".repeat(40) }), HOST, parent);
    deliver(envelope("token-response", { requestId, token: "t".repeat(40) }), "https://evil.example", parent);
    deliver(envelope("token-response", { requestId, token: "h".repeat(40) }), HOST, parent);
    await expect(answer).resolves.toBe("h".repeat(40));
  });

  it("reports the host's refusal, and gives up when the host stays silent", async () => {
    const refused = bridge.requestToken("refresh");
    const requestId = batonEnvelope.parse(posted[0]?.message).id;
    deliver(envelope("token-response", { requestId, error: "Signed out of the shop" }), HOST, parent);
    await expect(refused).rejects.toThrow(/Signed out of the shop/);

    vi.useFakeTimers();
    try {
      const silent = bridge.requestToken("refresh", 1000);
      const expectation = expect(silent).rejects.toThrow(/did not answer/);
      await vi.advanceTimersByTimeAsync(1001);
      await expectation;
    } finally {
      vi.useRealTimers();
    }
  });

  it("stops listening once closed", () => {
    const handler = vi.fn();
    bridge.on("visibility", handler);
    bridge.close();
    deliver(envelope("visibility", { visible: false }), HOST, parent);
    bridge.send("title", { title: "x" });
    expect(handler).not.toHaveBeenCalled();
    expect(posted).toEqual([]);
  });
});

describe("which origin frames Baton", () => {
  const fakeWindow = (opts: { framed: boolean; ancestors?: string[]; referrer?: string }): Window => {
    const self = {
      location: {
        ancestorOrigins: opts.ancestors
          ? Object.assign([...opts.ancestors], { contains: () => false, item: () => null })
          : undefined,
      },
      document: { referrer: opts.referrer ?? "" },
    };
    const win = { ...self, parent: {} } as unknown as Window & { parent: unknown };
    if (!opts.framed) win.parent = win;
    return win;
  };

  it("is the parent the browser records, when it is one of the host's", () => {
    expect(framingOrigin([HOST], fakeWindow({ framed: true, ancestors: [HOST] }))).toBe(HOST);
    expect(
      framingOrigin([HOST], fakeWindow({ framed: true, ancestors: ["https://evil.example"] })),
    ).toBeNull();
  });

  it("falls back on the referrer, and on the host's only origin when there is neither", () => {
    expect(
      framingOrigin([HOST, "https://b.example"], fakeWindow({ framed: true, referrer: `${HOST}/orders/7` })),
    ).toBe(HOST);
    expect(
      framingOrigin(
        [HOST, "https://b.example"],
        fakeWindow({ framed: true, referrer: "https://evil.example/x" }),
      ),
    ).toBeNull();
    expect(framingOrigin([HOST], fakeWindow({ framed: true }))).toBe(HOST);
    expect(framingOrigin([HOST, "https://b.example"], fakeWindow({ framed: true }))).toBeNull();
  });

  it("is none when Baton is not framed", () => {
    expect(framingOrigin([HOST], fakeWindow({ framed: false, referrer: `${HOST}/` }))).toBeNull();
  });
});
