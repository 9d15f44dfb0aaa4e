import { createServer } from "node:http";
import type { Socket } from "node:net";

/** A fault for the next call through the link. */
type Fault =
  | { kind: "cut-answer" }
  | { kind: "hold" }
  | { kind: "answer"; status: number; headers: Record<string, string>; body: unknown };

/** What the link does with every call until told otherwise: forward it, refuse the connection, or answer 503. */
type GraphLinkMode = "up" | "refused" | "unavailable";

/**
 * The network between Baton and the harness's fake Graph, which a test breaks on purpose. For one call at a time
 * (`faults`): an answer cut off after Graph acted on the request, an answer held back until released, or Meta's own
 * error answer with its headers. For an outage (`set`): connections refused (the port closed), or every call answered
 * 503 with Meta's error body. The outbox's tests and the fault suite's "Graph down" scenario share it.
 */
export async function startGraphLink() {
  let target = "";
  let mode: GraphLinkMode = "up";
  let unavailableAnswers = 0;
  const faults: Fault[] = [];
  const held: (() => void)[] = [];
  const answers: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (mode === "unavailable") {
        unavailableAnswers++;
        res.writeHead(503, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            error: { message: "Service temporarily unavailable", type: "OAuthException", code: 2 },
          }),
        );
        return;
      }
      const fault = faults.shift();
      if (fault?.kind === "answer") {
        res.writeHead(fault.status, { "content-type": "application/json", ...fault.headers });
        res.end(JSON.stringify(fault.body));
        return;
      }
      const upstream = await fetch(`${target}${req.url ?? "/"}`, {
        method: req.method ?? "GET",
        headers: { "content-type": "application/json" },
        ...(req.method === "POST" ? { body: Buffer.concat(chunks) } : {}),
      });
      const answer = await upstream.text();
      answers.push(answer);
      if (fault?.kind === "cut-answer") {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === "hold") await new Promise<void>((release) => held.push(release));
      res.writeHead(upstream.status, { "content-type": "application/json" });
      res.end(answer);
    })();
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  const listen = (at: number) =>
    new Promise<number>((resolve) => {
      server.listen(at, "127.0.0.1", () => {
        const address = server.address();
        resolve(typeof address === "object" && address ? address.port : 0);
      });
    });
  const port = await listen(0);
  const down = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  const up = async () => {
    if (!server.listening) await listen(port);
  };
  return {
    url: `http://127.0.0.1:${port}`,
    faults,
    held,
    /** The message ids Graph gave, in order (also of answers cut off or held back). */
    mids: () => answers.flatMap((a) => (/"message_id":"([^"]+)"/.exec(a)?.[1] ?? []) as string[]),
    /** Forgets the faults and answers of the previous test. */
    reset() {
      faults.length = 0;
      answers.length = 0;
    },
    /** Where calls go when the link is up (the running harness's fake Graph). */
    setTarget(url: string) {
      target = url;
    },
    /** Connections refused from now on (the port closed), until `up`. */
    down,
    up,
    /** An outage from now on: "refused" closes the port, "unavailable" answers every call 503, "up" ends it. */
    async set(next: GraphLinkMode) {
      if (next === "refused") await down();
      else await up();
      mode = next;
    },
    get mode(): GraphLinkMode {
      return mode;
    },
    /** Calls answered 503 while the link was "unavailable". */
    get unavailableAnswers(): number {
      return unavailableAnswers;
    },
    close: down,
  };
}

export type GraphLink = Awaited<ReturnType<typeof startGraphLink>>;
