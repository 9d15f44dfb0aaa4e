import { useEffect, useId, useRef, useState } from "react";
import { roleAtLeast } from "@contract/auth.ts";
import type { Agent } from "@contract/conversation.ts";
import { Avatar } from "@/components/ui/avatar.tsx";
import { Button } from "@/components/ui/button.tsx";
import { useAgents } from "@/shared/agents-query.ts";
import { useSignedInAgent } from "@/shared/session-query.ts";

export interface AssignMenuProps {
  assignee: Agent | null;
  onAssign: (agent: Agent | null) => void;
  disabled?: boolean;
}

const itemClass =
  "flex w-full cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-surface-3 focus:bg-surface-3 focus:outline-none";
const unassignClass =
  "w-full cursor-pointer rounded-md px-2 py-1.5 text-left text-sm text-danger hover:bg-danger-soft focus:bg-danger-soft focus:outline-none";

/**
 * Assign or unassign: a menu button with arrow-key navigation. Managers and admins assign to anyone; an agent only
 * takes a conversation for themselves or lets go of their own (the server holds the same rule).
 */
export function AssignMenu({ assignee, onAssign, disabled }: AssignMenuProps) {
  const me = useSignedInAgent();
  const assignsAnyone = me !== null && roleAtLeast(me.role, "manager");
  const agents = useAgents();
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  // Focus the first item on opening, or as soon as the agents (or the session) arrive if the menu opened before.
  useEffect(() => {
    const menu = menuRef.current;
    if (open && menu && !menu.contains(document.activeElement))
      menu.querySelector<HTMLElement>("[role=menuitem]")?.focus();
  }, [open, agents.data, me]);
  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };
  const pick = (agent: Agent | null) => {
    onAssign(agent);
    close();
  };
  return (
    <div className="relative">
      <Button
        ref={buttonRef}
        size="sm"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => setOpen((o) => !o)}
        disabled={disabled}
      >
        {assignee ? `Assigned: ${assignee.name}` : "Assign…"} <span aria-hidden="true">▾</span>
      </Button>
      {open ? (
        <div
          ref={menuRef}
          id={menuId}
          role="menu"
          aria-label="Assign to"
          tabIndex={-1}
          onKeyDown={(e) => {
            const items = [...(menuRef.current?.querySelectorAll<HTMLElement>("[role=menuitem]") ?? [])];
            const at = items.indexOf(document.activeElement as HTMLElement);
            if (e.key === "ArrowDown") items[(at + 1) % items.length]?.focus();
            else if (e.key === "ArrowUp") items[(at - 1 + items.length) % items.length]?.focus();
            else if (e.key === "Escape" || e.key === "Tab") close();
            else return;
            e.preventDefault();
            e.stopPropagation();
          }}
          onBlur={(e) => {
            if (
              !menuRef.current?.contains(e.relatedTarget as Node | null) &&
              e.relatedTarget !== buttonRef.current
            )
              setOpen(false);
          }}
          className="absolute right-0 z-30 mt-1 w-56 rounded-lg border border-line bg-surface p-1 shadow-pop"
        >
          {assignsAnyone
            ? agents.data?.map((a) => (
                <button
                  key={a.id}
                  type="button"
                  role="menuitem"
                  onClick={() => pick(a)}
                  className={itemClass}
                >
                  <Avatar name={a.name} size="sm" />
                  <span className="flex-1 truncate">{a.name}</span>
                  {assignee?.id === a.id ? <span aria-label="current">✓</span> : null}
                </button>
              ))
            : null}
          {!assignsAnyone && me && assignee?.id !== me.id ? (
            <button type="button" role="menuitem" onClick={() => pick(me)} className={itemClass}>
              <Avatar name={me.name} size="sm" />
              <span className="flex-1 truncate">Assign to me</span>
            </button>
          ) : null}
          {assignee && (assignsAnyone || assignee.id === me?.id) ? (
            <button type="button" role="menuitem" onClick={() => pick(null)} className={unassignClass}>
              Unassign
            </button>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
