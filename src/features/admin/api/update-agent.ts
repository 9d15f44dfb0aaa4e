import { useMutation, useQueryClient } from "@tanstack/react-query";
import { agentAccountResponse, type AgentAccount, type UpdateAgentBody } from "@contract/auth.ts";
import { api } from "@/lib/api-client.ts";
import { adminKeys, agentKeys, sessionKeys } from "@/shared/query-keys.ts";

export interface UpdateAgentVars {
  id: string;
  change: UpdateAgentBody;
}

/**
 * PATCH /api/admin/agents/:id: role, active, name. Optimistic on the agents list; 409 last_admin and 400 self roll
 * back. Deactivating ends the agent's sessions and live streams on the server at once.
 */
export function useUpdateAgent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, change }: UpdateAgentVars) =>
      api("PATCH /api/admin/agents/:id", agentAccountResponse, { params: { id }, body: change }).then(
        (r) => r.agent,
      ),
    onMutate: async ({ id, change }) => {
      await qc.cancelQueries({ queryKey: adminKeys.agents() });
      const previous = qc.getQueryData<AgentAccount[]>(adminKeys.agents());
      qc.setQueryData<AgentAccount[]>(adminKeys.agents(), (list) =>
        list?.map((a) => (a.id === id ? { ...a, ...change } : a)),
      );
      return { previous };
    },
    onError: (_error, _vars, context) => qc.setQueryData(adminKeys.agents(), context?.previous),
    onSuccess: (agent) =>
      qc.setQueryData<AgentAccount[]>(adminKeys.agents(), (list) =>
        list?.map((a) => (a.id === agent.id ? agent : a)),
      ),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: adminKeys.agents() });
      // The assign menu's list, the audit log, and (when admins change themselves) the session's role.
      void qc.invalidateQueries({ queryKey: agentKeys.all });
      void qc.invalidateQueries({ queryKey: adminKeys.audit() });
      void qc.invalidateQueries({ queryKey: sessionKeys.current() });
    },
  });
}
