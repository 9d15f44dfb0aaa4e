import { randomUUID } from "node:crypto";
import type { RequestHandler } from "../graph/webhook-delivery.ts";
import type { AgentDesk } from "../customers/story.ts";

/**
 * Agents working in Baton through its real HTTP API (in process: no socket, same routes the SPA calls), each with a
 * session of their own (`sessionFor` returns its bearer token).
 */
export function batonDesk(
  app: RequestHandler,
  pageId: string,
  sweepTimers: () => Promise<number>,
  sessionFor: (agentId: string) => Promise<string>,
): AgentDesk {
  const call = async (agentId: string, path: string, body: unknown = {}): Promise<void> => {
    const res = await app.request(`http://localhost/api${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await sessionFor(agentId)}` },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    await res.arrayBuffer().catch(() => undefined);
  };
  const id = (psid: string) => encodeURIComponent(`${pageId}-${psid}`);
  return {
    reply: (psid, agentId, text) =>
      call(agentId, `/conversations/${id(psid)}/messages`, { text, clientId: randomUUID() }),
    assign: (psid, agentId, assigneeId) =>
      call(agentId, `/conversations/${id(psid)}/assign`, { agentId: assigneeId }),
    resolve: (psid, agentId) => call(agentId, `/conversations/${id(psid)}/resolve`),
    markRead: (psid, agentId) => call(agentId, `/conversations/${id(psid)}/read`),
    sweepTimers: async () => {
      await sweepTimers();
    },
  };
}

/** Bearer sessions for the desk's agents, one each, made on first use (the demo's seeding acts as its team). */
export function deskSessions(auth: {
  sessions: {
    create(args: {
      agentId: string;
      via: "bearer";
      now: number;
      ip: null;
      userAgent: string;
    }): Promise<{ token: string }>;
  };
}): (agentId: string) => Promise<string> {
  const tokens = new Map<string, Promise<string>>();
  return (agentId) => {
    let token = tokens.get(agentId);
    if (!token) {
      token = auth.sessions
        .create({ agentId, via: "bearer", now: Date.now(), ip: null, userAgent: "demo seeding" })
        .then((s) => s.token);
      tokens.set(agentId, token);
    }
    return token;
  };
}
