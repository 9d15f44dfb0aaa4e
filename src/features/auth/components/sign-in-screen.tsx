import { useQueryClient } from "@tanstack/react-query";
import { Avatar } from "@/components/ui/avatar.tsx";
import { Spinner } from "@/components/ui/spinner.tsx";
import { useAgents } from "@/lib/agents-query.ts";
import { errorMessage } from "@/lib/api-client.ts";
import { useSessionStore } from "@/lib/session-store.ts";

/** "Sign in as": there is no password yet, the agent picks who they are and the browser remembers it. */
export function SignInScreen() {
  const agents = useAgents();
  const signIn = useSessionStore((s) => s.signIn);
  const qc = useQueryClient();
  return (
    <main className="flex min-h-full items-center justify-center bg-canvas p-6">
      <div className="w-full max-w-sm rounded-2xl border border-line bg-surface p-6 shadow-card">
        <div className="mb-5 flex items-center gap-3">
          <img src="/baton.svg" alt="" className="h-9 w-9" />
          <div>
            <h1 className="text-lg font-semibold">Sign in to Baton</h1>
            <p className="text-sm text-muted">Choose who you are. Baton remembers it on this browser.</p>
          </div>
        </div>
        {agents.isPending ? <Spinner label="Loading agents" /> : null}
        {agents.isError ? (
          <p role="alert" className="text-sm text-danger">
            Could not load agents: {errorMessage(agents.error)}
          </p>
        ) : null}
        {agents.data ? (
          <ul className="flex flex-col gap-2" aria-label="Agents">
            {agents.data.map((agent) => (
              <li key={agent.id}>
                <button
                  type="button"
                  onClick={() => {
                    qc.clear();
                    signIn(agent.id);
                  }}
                  className="flex w-full cursor-pointer items-center gap-3 rounded-lg border border-line px-3 py-2.5 text-left hover:border-accent hover:bg-accent-soft"
                >
                  <Avatar name={agent.name} />
                  <span className="flex-1">
                    <span className="block font-medium">Sign in as {agent.name}</span>
                    <span className="block text-xs text-muted capitalize">{agent.role}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
    </main>
  );
}
