import type { ConversationSummary } from "@contract/conversation.ts";
import { Button } from "@/components/ui/button.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { flagLabel } from "@/lib/labels.ts";
import { useReopenForHuman } from "@/features/review/api/reopen-conversation.ts";

const why: Record<ConversationSummary["flags"][number], string> = {
  autoresponder_suspected: "The bot's answer looks like an autoresponder (“we'll get back to you”): the customer may still be waiting.",
  bot_replied_after_handoff: "The bot replied after the customer asked for a human.",
};

/** In place of the reply box for a bot-closed conversation: read-only, with one way back to a human. */
export function ReopenForHuman({ conversation }: { conversation: ConversationSummary }) {
  const reopen = useReopenForHuman(conversation.id);
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
            <p className="text-xs text-muted">Reopen it if the customer still needs a person.</p>
          )}
        </div>
        <Button variant="primary" onClick={() => reopen.mutate()} disabled={reopen.isPending}>
          ↺ Reopen for a human
        </Button>
      </div>
      {reopen.isError ? (
        <p role="alert" className="mt-2 text-sm text-danger">
          {errorMessage(reopen.error)}
        </p>
      ) : null}
    </div>
  );
}
