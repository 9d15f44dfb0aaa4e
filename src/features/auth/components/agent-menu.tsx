import { useId } from "react";
import { Avatar } from "@/components/ui/avatar.tsx";
import { Badge } from "@/components/ui/badge.tsx";
import { Icon } from "@/components/ui/icon.tsx";
import { Menu, MenuButton, MenuItem, MenuPopup } from "@/components/ui/menu.tsx";
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
  const id = useId();

  const me = session.data?.agent;
  if (!me) return null;
  const failed = signOut.error ?? signOutEverywhere.error;
  const busy = signOut.isPending || signOutEverywhere.isPending;

  const identity = (
    <div className="flex items-start gap-2 border-b border-line px-2 pt-2 pb-2.5">
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
  );

  return (
    <Menu>
      <MenuButton
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
      </MenuButton>
      <MenuPopup
        label="Account"
        header={identity}
        className={cn("w-64", placement === "up" ? "bottom-full left-0 mb-1" : "top-full right-0")}
      >
        <div className="pt-1" role="none">
          {me.role === "admin" ? (
            <MenuItem href={ADMIN_URL} onSelect={followLink(ADMIN_URL)}>
              <Icon name="users" className="h-4 w-4 text-muted" /> Admin: agents and audit log
            </MenuItem>
          ) : null}
          <MenuItem disabled={busy} onSelect={() => signOut.mutate()}>
            Sign out
          </MenuItem>
          <MenuItem
            tone="danger"
            disabled={busy}
            textValue="Sign out everywhere"
            aria-labelledby={`${id}-everywhere`}
            aria-describedby={`${id}-everywhere-note`}
            onSelect={() => signOutEverywhere.mutate()}
          >
            <span className="flex flex-col">
              <span id={`${id}-everywhere`}>Sign out everywhere</span>
              <span id={`${id}-everywhere-note`} className="text-xs text-muted">
                Ends your sessions on every device, this one too.
              </span>
            </span>
          </MenuItem>
        </div>
      </MenuPopup>
      {failed ? (
        <p
          role="alert"
          className={cn(
            "absolute z-40 w-64 rounded-md bg-danger-soft px-2 py-1.5 text-xs text-danger",
            placement === "up" ? "bottom-full left-0 mb-1" : "top-full right-0 mt-1",
          )}
        >
          Could not sign out: {errorMessage(failed)}
        </p>
      ) : null}
    </Menu>
  );
}
