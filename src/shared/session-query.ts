import { queryOptions, useQuery, type QueryClient } from "@tanstack/react-query";
import { sessionResponse, type Role, type SessionResponse } from "@contract/auth.ts";
import type { Agent } from "@contract/conversation.ts";
import { ApiRequestError, api } from "@/lib/api-client.ts";
import { authKeys, sessionKeys, survivesSessionChange } from "@/shared/query-keys.ts";

/**
 * GET /api/auth/session: who is signed in, as the server says (cookie or embedded bearer token). null when nobody is:
 * a 401 here is an answer, not an error. This query is the SPA's only record of the session.
 */
const sessionQueryOptions = () =>
  queryOptions({
    queryKey: sessionKeys.current(),
    queryFn: async ({ signal }): Promise<SessionResponse | null> => {
      try {
        return await api("GET /api/auth/session", sessionResponse, { signal });
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });

export function useSession() {
  return useQuery(sessionQueryOptions());
}

const asAgent = (session: SessionResponse | null): Agent | null =>
  session ? { id: session.agent.id, name: session.agent.name, role: session.agent.role } : null;
const agentIdOf = (session: SessionResponse | null): string | null => session?.agent.id ?? null;
const roleOf = (session: SessionResponse | null): Role | null => session?.agent.role ?? null;

/** The signed-in agent in the shape conversations use (assignee, message author), or null. */
export function useSignedInAgent(): Agent | null {
  return useQuery({ ...sessionQueryOptions(), select: asAgent }).data ?? null;
}

export function useSignedInAgentId(): string | null {
  return useQuery({ ...sessionQueryOptions(), select: agentIdOf }).data ?? null;
}

export function useRole(): Role | null {
  return useQuery({ ...sessionQueryOptions(), select: roleOf }).data ?? null;
}

/** For code outside React (mutation callbacks): the signed-in agent's id from the cache. */
export function signedInAgentId(qc: QueryClient): string | null {
  return agentIdOf(qc.getQueryData(sessionKeys.current()) ?? null);
}

/** For code outside React: the signed-in agent (as an assignee or message author) from the cache. */
export function signedInAgent(qc: QueryClient): Agent | null {
  return asAgent(qc.getQueryData(sessionKeys.current()) ?? null);
}

/** Drops every cached answer that belonged to the previous session (conversations, agents, admin data). */
function forgetSessionData(qc: QueryClient): void {
  const predicate = (q: { queryKey: readonly unknown[] }) => !survivesSessionChange(q.queryKey);
  void qc.cancelQueries({ predicate });
  qc.removeQueries({ predicate });
}

/** A sign-in, setup, invitation or reset answered with a session: start from a clean cache as that agent. */
export function startSession(qc: QueryClient, session: SessionResponse): void {
  forgetSessionData(qc);
  qc.setQueryData(sessionKeys.current(), session);
  // An account exists now, whatever the status said before.
  qc.setQueryData(authKeys.status(), (status) => (status ? { ...status, setupRequired: false } : status));
}

/** Signed out, or the session ended: nothing of it stays in memory. */
export function endSession(qc: QueryClient): void {
  forgetSessionData(qc);
  qc.setQueryData(sessionKeys.current(), null);
}
