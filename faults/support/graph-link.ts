import { createServer } from "node:http";
import type { Socket } from "node:net";

/** What the link does with Baton's calls to Graph. */
type GraphLinkMode = "up" | "refused" | "unavailable";

/**
 * The network between Baton and the harness's fake Graph, which a scenario breaks on purpose: "up" forwards every
 * call, "refused" closes the port (connections refused, as when Graph cannot be reached at all), "unavailable"
 * answers every call 503 with Meta's error body (as Graph in an outage). It counts the calls it answered 503.
 */
export async function startGraphLink() {
  let target = "";
  let mode: GraphLinkMode = "up";
  let port = 0;
  let unavailableAnswers = 0;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      if (mode !== "up") {
        unavailableAnswers++;
        res.writeHead(503, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            error: { message: "Service temporarily unavailable", type: "OAuthException", code: 2 },
          }),
        );
        return;
      }
      const upstream = await fetch(`${target}${req.url ?? "/"}`, {
        method: req.method ?? "GET",
        headers: { "content-type": "application/json" },
        ...(req.method === "POST" ? { body: Buffer.concat(chunks) } : {}),
      });
      const answer = await upstream.text();
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
  const close = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });
  port = await listen(0);
  return {
    url: `http://127.0.0.1:${port}`,
    /** Where calls go when the link is up (the running harness's fake Graph). */
    setTarget(url: string) {
      target = url;
    },
    get mode(): GraphLinkMode {
      return mode;
    },
    /** Calls answered 503 while Graph was "unavailable". */
    get unavailableAnswers(): number {
      return unavailableAnswers;
    },
    async set(next: GraphLinkMode) {
      if (next === "refused") await close();
      else if (!server.listening) await listen(port);
      mode = next;
    },
    close,
  };
}
