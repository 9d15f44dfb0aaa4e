import type { AgentAccount } from "@contract/auth.ts";
import { Button } from "@/components/ui/button.tsx";
import { Dialog } from "@/components/ui/dialog.tsx";

export interface DeactivateDialogProps {
  /** The agent to deactivate; null keeps the dialog closed. */
  agent: AgentAccount | null;
  pending?: boolean;
  onConfirm: (agent: AgentAccount) => void;
  onClose: () => void;
}

/** Confirms a deactivation and says what it does: the agent is out at once, everywhere. */
export function DeactivateDialog({ agent, pending = false, onConfirm, onClose }: DeactivateDialogProps) {
  return (
    <Dialog
      open={agent !== null}
      onClose={onClose}
      title={agent ? `Deactivate ${agent.name}?` : "Deactivate"}
    >
      {agent ? (
        <div className="flex flex-col gap-4 text-sm">
          <p>
            <strong>Every session and live stream of {agent.name} ends at once</strong>, on every device: an
            open inbox goes back to the sign-in screen, and a reply they are typing is not sent.
          </p>
          <p className="text-muted">They cannot sign in again until an admin reactivates them.</p>
          <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="danger" onClick={() => onConfirm(agent)} disabled={pending}>
              {pending ? "Deactivating…" : `Deactivate ${agent.name}`}
            </Button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
