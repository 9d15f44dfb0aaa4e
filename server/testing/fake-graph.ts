import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";

/**
 * A stand-in for Meta's Graph API on loopback, for server tests: it records every call and answers like Meta,
 * including Meta's error shape when a test scripts a failure. (The full emulator with ownership rules is sim/.)
 */
export interface GraphCall {
  method: string;
  path: string;
  query: Record<string, string>;
  body: Record<string, unknown> | null;
}

export interface FakeGraph {
  url: string;
  calls: GraphCall[];
  /** The next call to this path fails with Meta's error body. */
  failNext(
    path: string,
    error: { code: number; error_subcode?: number; message?: string },
    status?: number,
  ): void;
  profiles: Map<string, { first_name: string; last_name: string; profile_pic?: string }>;
  close(): Promise<void>;
}

export async function startFakeGraph(): Promise<FakeGraph> {
  const calls: GraphCall[] = [];
  const failures = new Map<
    string,
    { status: number; error: { code: number; error_subcode?: number; message?: string } }[]
  >();
  const profiles = new Map<string, { first_name: string; last_name: string; profile_pic?: string }>();
  let mid = 0;
  const app = new Hono();
  app.all("*", async (c) => {
    const path = c.req.path.replace(/^\/v\d+\.\d+/, "");
    const body = c.req.method === "POST" ? ((await c.req.json()) as Record<string, unknown>) : null;
    calls.push({ method: c.req.method, path, query: c.req.query(), body });
    const fail = failures.get(path)?.shift();
    if (fail) {
      return c.json(
        {
          error: {
            message: fail.error.message ?? "Scripted failure",
            type: "OAuthException",
            fbtrace_id: "FAKE",
            ...fail.error,
          },
        },
        fail.status as 400,
      );
    }
    if (path === "/me/messages") {
      const recipient = (body?.recipient as { id?: string } | undefined)?.id ?? "";
      if (body && "sender_action" in body) return c.json({ recipient_id: recipient });
      return c.json({ recipient_id: recipient, message_id: `m_fake_${++mid}` });
    }
    if (path.startsWith("/me/")) return c.json({ success: true });
    const psid = path.slice(1);
    const p = profiles.get(psid);
    if (p) return c.json({ ...p, id: psid });
    return c.json(
      { error: { message: "Unknown user", type: "OAuthException", code: 100, fbtrace_id: "FAKE" } },
      400,
    );
  });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    profiles,
    failNext(path, error, status = 400) {
      const list = failures.get(path) ?? [];
      list.push({ status, error });
      failures.set(path, list);
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
