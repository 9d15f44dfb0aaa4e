import { randomUUID } from "node:crypto";
import { AGENT_HEADER } from "../../contract/api.ts";
import type { RequestHandler } from "../graph/webhook-delivery.ts";
import type { AgentDesk } from "../customers/story.ts";

/** Agents working in Baton through its real HTTP API (in process: no socket, same routes the SPA calls). */
export function batonDesk(app: RequestHandler, pageId: string, sweepTimers: () => Promise<number>): AgentDesk {
  const call = async (agentId: string, path: string, body: unknown = {}): Promise<void> => {
    const res = await app.request(`http://baton.local/api${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", [AGENT_HEADER]: agentId },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    await res.arrayBuffer().catch(() => undefined);
  };
  const id = (psid: string) => encodeURIComponent(`${pageId}-${psid}`);
  return {
    reply: (psid, agentId, text) => call(agentId, `/conversations/${id(psid)}/messages`, { text, clientId: randomUUID() }),
    assign: (psid, agentId, assigneeId) => call(agentId, `/conversations/${id(psid)}/assign`, { agentId: assigneeId }),
    resolve: (psid, agentId) => call(agentId, `/conversations/${id(psid)}/resolve`),
    markRead: (psid, agentId) => call(agentId, `/conversations/${id(psid)}/read`),
    sweepTimers: async () => {
      await sweepTimers();
    },
  };
}
