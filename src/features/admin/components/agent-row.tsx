import { useId } from "react";
import { role as roleSchema, type AgentAccount, type Role } from "@contract/auth.ts";
import { Avatar } from "@/components/ui/avatar.tsx";
import { Badge } from "@/components/ui/badge.tsx";
import { Button } from "@/components/ui/button.tsx";
import { formatDuration, formatFull } from "@/lib/format.ts";
import { cn } from "@/lib/cn.ts";
import { roleLabel } from "@/features/admin/labels.ts";

export interface AgentRowProps {
  agent: AgentAccount;
  /** The signed-in admin's own row: they cannot deactivate themselves. */
  isMe: boolean;
  now: Date;
  busy?: boolean;
  onRoleChange: (role: Role) => void;
  onDeactivate: () => void;
  onReactivate: () => void;
  onResetLink: () => void;
}

/** Column labels: visible on phones and tablets (each row is a card), spoken only on wide screens (a header row shows them). */
const cellLabel = "text-xs text-muted lg:sr-only";

/** One account on the admin page: who, role (changeable), status, last activity, how they sign in, and actions. */
export function AgentRow({
  agent,
  isMe,
  now,
  busy = false,
  onRoleChange,
  onDeactivate,
  onReactivate,
  onResetLink,
}: AgentRowProps) {
  const roleId = useId();
  const lastActive = agent.lastActiveAt
    ? `${formatDuration(now.getTime() - Date.parse(agent.lastActiveAt))} ago`
    : "Never";
  return (
    <li
      aria-label={agent.name}
      className={cn(
        "grid grid-cols-2 gap-x-4 gap-y-3 px-4 py-4 sm:grid-cols-4 lg:grid-cols-[minmax(0,2.2fr)_8.5rem_7.5rem_6.5rem_minmax(0,1.3fr)_minmax(0,1.7fr)] lg:items-center lg:py-3",
        !agent.active && "bg-surface-2",
      )}
    >
      <div className="col-span-2 flex min-w-0 items-center gap-3 sm:col-span-4 lg:col-span-1">
        <Avatar name={agent.name} />
        <div className="min-w-0">
          <p className="truncate text-sm font-semibold">
            {agent.name}
            {isMe ? <span className="ml-1.5 text-xs font-normal text-muted">(you)</span> : null}
          </p>
          <p className="truncate text-xs text-muted">{agent.email ?? "No email"}</p>
        </div>
      </div>

      <div className="flex flex-col gap-1">
        <label htmlFor={roleId} className={cellLabel}>
          Role <span className="sr-only">of {agent.name}</span>
        </label>
        <select
          id={roleId}
          value={agent.role}
          disabled={busy || !agent.active}
          onChange={(e) => onRoleChange(roleSchema.parse(e.target.value))}
          className="h-8 w-full rounded-md border border-line-strong bg-surface px-2 text-sm text-fg disabled:opacity-60"
        >
          {roleSchema.options.map((r) => (
            <option key={r} value={r}>
              {roleLabel[r]}
            </option>
          ))}
        </select>
      </div>

      <div className="flex flex-col gap-1">
        <span className={cellLabel}>Status</span>
        <span>
          <Badge tone={agent.active ? "success" : "neutral"}>{agent.active ? "Active" : "Deactivated"}</Badge>
        </span>
      </div>

      <div className="flex flex-col gap-1">
        <span className={cellLabel}>Last active</span>
        <span className="text-sm tabular-nums">
          {agent.lastActiveAt ? (
            <time dateTime={agent.lastActiveAt} title={formatFull(agent.lastActiveAt)}>
              {lastActive}
            </time>
          ) : (
            lastActive
          )}
        </span>
      </div>

      <div className="flex flex-col gap-1">
        <span className={cellLabel}>Signs in with</span>
        <span className="text-sm">
          {agent.externalHost ? <>The embedded host ({agent.externalHost})</> : "Password"}
        </span>
      </div>

      <div className="col-span-2 flex flex-wrap gap-2 sm:col-span-4 lg:col-span-1 lg:justify-end">
        {agent.active && !agent.externalHost ? (
          <Button size="sm" onClick={onResetLink} disabled={busy}>
            Reset link <span className="sr-only">for {agent.name}</span>
          </Button>
        ) : null}
        {agent.active ? (
          isMe ? null : (
            <Button
              size="sm"
              variant="ghost"
              className="text-danger hover:bg-danger-soft"
              onClick={onDeactivate}
              disabled={busy}
            >
              Deactivate <span className="sr-only">{agent.name}</span>
            </Button>
          )
        ) : (
          <Button size="sm" onClick={onReactivate} disabled={busy}>
            Reactivate <span className="sr-only">{agent.name}</span>
          </Button>
        )}
      </div>
    </li>
  );
}
