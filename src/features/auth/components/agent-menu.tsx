import { useQueryClient } from "@tanstack/react-query";
import { useId, useState } from "react";
import { Avatar } from "@/components/ui/avatar.tsx";
import { useAgents } from "@/lib/agents-query.ts";
import { useSessionStore } from "@/lib/session-store.ts";

/** The signed-in agent, with switch and sign out. */
export function AgentMenu() {
  const agentId = useSessionStore((s) => s.agentId);
  const signIn = useSessionStore((s) => s.signIn);
  const signOut = useSessionStore((s) => s.signOut);
  const agents = useAgents();
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const me = agents.data?.find((a) => a.id === agentId);
  const name = me?.name ?? agentId ?? "Unknown";
  return (
    <div className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
        className="flex w-full cursor-pointer items-center gap-2 rounded-lg px-2 py-1.5 text-left hover:bg-surface-3"
      >
        <Avatar name={name} size="sm" />
        <span className="min-w-0 flex-1 truncate text-sm font-medium">{name}</span>
        <span aria-hidden="true" className="text-muted">
          ⌄
        </span>
        <span className="sr-only">Account menu</span>
      </button>
      {open ? (
        <div id={menuId} className="absolute bottom-full left-0 z-30 mb-1 w-56 rounded-lg border border-line bg-surface p-1 shadow-pop">
          <p className="px-2 py-1 text-xs text-muted">Switch agent</p>
          {agents.data
            ?.filter((a) => a.id !== agentId)
            .map((a) => (
              <button
                key={a.id}
                type="button"
                className="flex w-full cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-surface-3"
                onClick={() => {
                  setOpen(false);
                  qc.clear();
                  signIn(a.id);
                }}
              >
                <Avatar name={a.name} size="sm" /> {a.name}
              </button>
            ))}
          <hr className="my-1 border-line" />
          <button
            type="button"
            className="w-full cursor-pointer rounded-md px-2 py-1.5 text-left text-sm text-danger hover:bg-danger-soft"
            onClick={() => {
              setOpen(false);
              qc.clear();
              signOut();
            }}
          >
            Sign out
          </button>
        </div>
      ) : null}
    </div>
  );
}
