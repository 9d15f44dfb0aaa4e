import { roleAtLeast } from "@contract/auth.ts";
import type { Agent } from "@contract/conversation.ts";
import { Avatar } from "@/components/ui/avatar.tsx";
import { buttonVariants } from "@/components/ui/button.tsx";
import { Menu, MenuButton, MenuGroup, MenuItem, MenuItemRadio, MenuPopup } from "@/components/ui/menu.tsx";
import { useAgents } from "@/shared/agents-query.ts";
import { useSignedInAgent } from "@/shared/session-query.ts";

export interface AssignMenuProps {
  assignee: Agent | null;
  onAssign: (agent: Agent | null) => void;
  disabled?: boolean;
}

/**
 * Assign or unassign (the shared menu button: arrows, Home/End, typing a name, Escape). Managers and admins assign to
 * anyone, the current assignee checked; an agent only takes a conversation for themselves or lets go of their own
 * (the server holds the same rule).
 */
export function AssignMenu({ assignee, onAssign, disabled }: AssignMenuProps) {
  const me = useSignedInAgent();
  const assignsAnyone = me !== null && roleAtLeast(me.role, "manager");
  const agents = useAgents();
  return (
    <Menu>
      <MenuButton className={buttonVariants({ size: "sm" })} disabled={disabled}>
        {assignee ? `Assigned: ${assignee.name}` : "Assign…"} <span aria-hidden="true">▾</span>
      </MenuButton>
      <MenuPopup label="Assign to" className="right-0 w-56">
        {assignsAnyone && agents.data ? (
          <MenuGroup label="Agents">
            {agents.data.map((a) => (
              <MenuItemRadio
                key={a.id}
                checked={assignee?.id === a.id}
                textValue={a.name}
                onSelect={() => onAssign(a)}
              >
                <Avatar name={a.name} size="sm" />
                <span className="flex-1 truncate">{a.name}</span>
              </MenuItemRadio>
            ))}
          </MenuGroup>
        ) : null}
        {!assignsAnyone && me && assignee?.id !== me.id ? (
          <MenuItem onSelect={() => onAssign(me)}>
            <Avatar name={me.name} size="sm" />
            <span className="flex-1 truncate">Assign to me</span>
          </MenuItem>
        ) : null}
        {assignee && (assignsAnyone || assignee.id === me?.id) ? (
          <MenuItem tone="danger" onSelect={() => onAssign(null)}>
            Unassign
          </MenuItem>
        ) : null}
      </MenuPopup>
    </Menu>
  );
}
