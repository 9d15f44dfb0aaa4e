import type { ConversationSummary } from "@contract/conversation.ts";
import { Button } from "@/components/ui/button.tsx";
import { roleAtLeast } from "@contract/auth.ts";
import { errorMessage } from "@/lib/api-client.ts";
import { flagLabel } from "@/shared/labels.ts";
import { useRole } from "@/shared/session-query.ts";
import { useReopenConversation } from "@/shared/reopen-conversation.ts";

const why: Record<ConversationSummary["flags"][number], string> = {
  autoresponder_suspected:
    "The bot's answer looks like an autoresponder (“we'll get back to you”): the customer may still be waiting.",
  bot_replied_after_handoff: "The bot replied after the customer asked for a human.",
};

/**
 * In place of the reply box for a bot-closed conversation: read-only, with one way back to a human. Reopening what
 * the bot closed is the manager's review; an agent is told to ask one.
 */
export function ReopenForHuman({ conversation }: { conversation: ConversationSummary }) {
  const reopen = useReopenConversation(conversation.id);
  const role = useRole();
  const mayReopen = role !== null && roleAtLeast(role, "manager");
  return (
    <div className="border-t border-line bg-surface px-4 py-3">
      <div className="flex flex-wrap items-center gap-3">
        <div className="min-w-0 flex-1 text-sm">
          <p className="font-medium">The bot resolved this conversation. It is read-only.</p>
          {conversation.flags.length ? (
            <ul className="mt-1 list-disc pl-5 text-xs text-danger">
              {conversation.flags.map((f) => (
                <li key={f}>
                  <span className="font-semibold">{flagLabel[f]}:</span> {why[f]}
                </li>
              ))}
            </ul>
          ) : (
            <p className="text-xs text-muted">
              {mayReopen
                ? "Reopen it if the customer still needs a person."
                : "If the customer still needs a person, ask a manager to reopen it."}
            </p>
          )}
          {mayReopen || conversation.flags.length === 0 ? null : (
            <p className="mt-1 text-xs text-muted">A manager can reopen it for a human.</p>
          )}
        </div>
        {mayReopen ? (
          <Button variant="primary" onClick={() => reopen.mutate()} disabled={reopen.isPending}>
            ↺ Reopen for a human
          </Button>
        ) : null}
      </div>
      {reopen.isError ? (
        <p role="alert" className="mt-2 text-sm text-danger">
          {errorMessage(reopen.error)}
        </p>
      ) : null}
    </div>
  );
}
