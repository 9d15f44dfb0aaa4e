import { useState } from "react";
import type { AgentAccount, OneTimeLink } from "@contract/auth.ts";
import { Button } from "@/components/ui/button.tsx";
import { Spinner } from "@/components/ui/spinner.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { useNow } from "@/lib/use-now.ts";
import { useCreateResetLink } from "@/features/admin/api/create-reset-link.ts";
import { useAgentAccounts } from "@/features/admin/api/get-agent-accounts.ts";
import { useUpdateAgent } from "@/features/admin/api/update-agent.ts";
import { AgentRow } from "@/features/admin/components/agent-row.tsx";
import { DeactivateDialog } from "@/features/admin/components/deactivate-dialog.tsx";
import { InvitationsPanel } from "@/features/admin/components/invitations-panel.tsx";
import { OneTimeLinkDialog } from "@/features/admin/components/one-time-link-dialog.tsx";

const headers = ["Agent", "Role", "Status", "Last active", "Signs in with", "Actions"];

/** The team: every account with its role, status and sign-in, and invitations below. */
export function AgentsPanel({ meId }: { meId: string }) {
  const accounts = useAgentAccounts();
  const update = useUpdateAgent();
  const resetLink = useCreateResetLink();
  const now = useNow(60_000);
  const [deactivating, setDeactivating] = useState<AgentAccount | null>(null);
  const [shownLink, setShownLink] = useState<{ link: OneTimeLink; agent: AgentAccount } | null>(null);
  const problem = update.error ?? resetLink.error;
  const active = accounts.data?.filter((a) => a.active).length ?? 0;
  const inactive = (accounts.data?.length ?? 0) - active;

  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="agents-heading">
        <div className="flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="agents-heading" className="text-base font-semibold">
            Agents
          </h2>
          {accounts.data ? (
            <p className="text-xs text-muted">
              {active} active{inactive ? ` · ${inactive} deactivated` : ""}
            </p>
          ) : null}
        </div>
        {problem ? (
          <p
            role="alert"
            className="mt-3 rounded-lg border border-danger/30 bg-danger-soft px-3 py-2 text-sm text-danger"
          >
            {errorMessage(problem)}
          </p>
        ) : null}
        {accounts.isPending ? <Spinner className="mt-4" label="Loading agents" /> : null}
        {accounts.isError ? (
          <div role="alert" className="mt-3 flex flex-wrap items-center gap-3 text-sm text-danger">
            Could not load the agents: {errorMessage(accounts.error)}
            <Button size="sm" onClick={() => void accounts.refetch()}>
              Try again
            </Button>
          </div>
        ) : null}
        {accounts.data ? (
          <div className="mt-3 overflow-hidden rounded-xl border border-line bg-surface shadow-card">
            <div
              aria-hidden="true"
              className="hidden border-b border-line bg-surface-2 px-4 py-2 text-xs font-medium text-muted lg:grid lg:grid-cols-[minmax(0,2.2fr)_8.5rem_7.5rem_6.5rem_minmax(0,1.3fr)_minmax(0,1.7fr)] lg:gap-x-4"
            >
              {headers.map((h) => (
                <span key={h} className={h === "Actions" ? "text-right" : undefined}>
                  {h}
                </span>
              ))}
            </div>
            <ul aria-labelledby="agents-heading" className="divide-y divide-line">
              {accounts.data.map((agent) => (
                <AgentRow
                  key={agent.id}
                  agent={agent}
                  isMe={agent.id === meId}
                  now={now}
                  busy={update.isPending && update.variables?.id === agent.id}
                  onRoleChange={(role) => update.mutate({ id: agent.id, change: { role } })}
                  onDeactivate={() => {
                    update.reset();
                    setDeactivating(agent);
                  }}
                  onReactivate={() => update.mutate({ id: agent.id, change: { active: true } })}
                  onResetLink={() =>
                    resetLink.mutate(agent.id, { onSuccess: (link) => setShownLink({ link, agent }) })
                  }
                />
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <InvitationsPanel />

      <DeactivateDialog
        agent={deactivating}
        pending={update.isPending}
        onClose={() => setDeactivating(null)}
        onConfirm={(agent) =>
          update.mutate(
            { id: agent.id, change: { active: false } },
            { onSettled: () => setDeactivating(null) },
          )
        }
      />
      <OneTimeLinkDialog
        link={shownLink?.link ?? null}
        title={shownLink ? `Password reset link for ${shownLink.agent.name}` : "Password reset link"}
        recipient={shownLink?.agent.name ?? ""}
        purpose="Whoever opens it chooses a new password for this account and is signed in."
        onClose={() => setShownLink(null)}
      />
    </div>
  );
}
