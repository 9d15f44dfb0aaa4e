import { useEffect, useId, useRef, useState } from "react";
import { Avatar } from "@/components/ui/avatar.tsx";
import { Badge } from "@/components/ui/badge.tsx";
import { Icon } from "@/components/ui/icon.tsx";
import { ADMIN_URL, followLink } from "@/lib/app-path.ts";
import { errorMessage } from "@/lib/api-client.ts";
import { cn } from "@/lib/cn.ts";
import { useSession } from "@/shared/session-query.ts";
import { useSignOut } from "@/features/auth/api/sign-out.ts";
import { useSignOutEverywhere } from "@/features/auth/api/sign-out-everywhere.ts";

const roleLabel = { agent: "Agent", manager: "Manager", admin: "Admin" } as const;

export interface AgentMenuProps {
  /** Where the panel opens: above the button (the sidebar's foot) or below it (a phone's top bar). */
  placement?: "up" | "down";
  /** Only the avatar on the button (narrow top bars). */
  compact?: boolean;
}

/** The signed-in agent and their role, with sign out, sign out everywhere, and the admin page for admins. */
export function AgentMenu({ placement = "up", compact = false }: AgentMenuProps) {
  const session = useSession();
  const signOut = useSignOut();
  const signOutEverywhere = useSignOutEverywhere();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (e: PointerEvent) => {
      if (!rootRef.current?.contains(e.target as Node | null)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const me = session.data?.agent;
  if (!me) return null;
  const failed = signOut.error ?? signOutEverywhere.error;
  const busy = signOut.isPending || signOutEverywhere.isPending;
  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  return (
    <div
      ref={rootRef}
      className="relative"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
        className={cn(
          "flex cursor-pointer items-center gap-2 rounded-lg text-left hover:bg-surface-3",
          compact ? "p-1" : "w-full px-2 py-1.5",
        )}
      >
        <Avatar name={me.name} size="sm" />
        {compact ? null : (
          <span className="min-w-0 flex-1">
            <span className="block truncate text-sm font-medium">{me.name}</span>
            <span className="block text-[11px] text-muted">{roleLabel[me.role]}</span>
          </span>
        )}
        {compact ? null : (
          <span aria-hidden="true" className="text-muted">
            ⌄
          </span>
        )}
        <span className="sr-only">{compact ? `Account menu, ${me.name}` : "Account menu"}</span>
      </button>
      {open ? (
        <div
          id={panelId}
          className={cn(
            "absolute z-40 w-64 rounded-lg border border-line bg-surface p-1 shadow-pop",
            placement === "up" ? "bottom-full left-0 mb-1" : "top-full right-0 mt-1",
          )}
        >
          <div className="flex items-start gap-2 px-2 pt-2 pb-2.5">
            <Avatar name={me.name} />
            <div className="min-w-0 flex-1">
              <p className="truncate text-sm font-semibold">{me.name}</p>
              {me.email ? <p className="truncate text-xs text-muted">{me.email}</p> : null}
              <Badge tone={me.role === "agent" ? "neutral" : "accent"} className="mt-1">
                {roleLabel[me.role]}
                {session.data?.via === "bearer" ? " · embedded" : ""}
              </Badge>
            </div>
          </div>
          <hr className="my-1 border-line" />
          {me.role === "admin" ? (
            <a
              href={ADMIN_URL}
              onClick={(e) => {
                setOpen(false);
                followLink(ADMIN_URL)(e);
              }}
              className="flex w-full items-center gap-2 rounded-md px-2 py-1.5 text-sm hover:bg-surface-3"
            >
              <Icon name="users" className="h-4 w-4 text-muted" /> Admin: agents and audit log
            </a>
          ) : null}
          <button
            type="button"
            disabled={busy}
            className="w-full cursor-pointer rounded-md px-2 py-1.5 text-left text-sm hover:bg-surface-3 disabled:opacity-60"
            onClick={() => signOut.mutate()}
          >
            Sign out
          </button>
          <button
            type="button"
            disabled={busy}
            aria-describedby={`${panelId}-everywhere`}
            className="w-full cursor-pointer rounded-md px-2 py-1.5 text-left text-sm text-danger hover:bg-danger-soft disabled:opacity-60"
            onClick={() => signOutEverywhere.mutate()}
          >
            Sign out everywhere
          </button>
          <p id={`${panelId}-everywhere`} className="px-2 pb-1.5 text-xs text-muted">
            Ends your sessions on every device, this one too.
          </p>
          {failed ? (
            <p role="alert" className="px-2 py-1.5 text-xs text-danger">
              Could not sign out: {errorMessage(failed)}
            </p>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
