import type { ConversationSummary } from "@contract/conversation.ts";
import { Avatar } from "@/components/ui/avatar.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Kbd } from "@/components/ui/kbd.tsx";
import { FlagBadge } from "@/components/domain/flag-badge.tsx";
import { OwnerBadge } from "@/components/domain/owner-badge.tsx";
import { StatusBadge } from "@/components/domain/status-badge.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { formatFull } from "@/lib/format.ts";
import { useCommand } from "@/lib/commands.ts";
import { useMessagingWindow } from "@/shared/messaging-window.ts";
import { useSignedInAgent } from "@/shared/session-query.ts";
import { navigate } from "@/shared/url-state.ts";
import { useAssignConversation } from "@/features/conversation/api/assign-conversation.ts";
import { useHandBack } from "@/features/conversation/api/hand-back.ts";
import { useReopenConversation } from "@/shared/reopen-conversation.ts";
import { useResolveConversation } from "@/features/conversation/api/resolve-conversation.ts";
import { useTakeControl } from "@/features/conversation/api/take-control.ts";
import { AssignMenu } from "@/features/conversation/components/assign-menu.tsx";
import { referralSource } from "@/features/conversation/describe.ts";

/** Who the customer is, where the conversation stands, and what the agent can do about it. */
export function ConversationHeader({
  conversation: c,
  readOnly = false,
}: {
  conversation: ConversationSummary;
  readOnly?: boolean;
}) {
  const me = useSignedInAgent();
  // The thread turns idle 24 hours after the customer's last message: shown on time, without a fetch.
  const { owner } = useMessagingWindow(c);
  const resolve = useResolveConversation(c.id);
  const reopen = useReopenConversation(c.id);
  const assign = useAssignConversation(c.id);
  const take = useTakeControl(c.id);
  const handBack = useHandBack(c.id);
  const closed = c.status === "resolved" || c.status === "bot_resolved";
  const error = [resolve, reopen, assign, take, handBack].find((m) => m.isError)?.error;

  const doResolve = () => {
    if (!closed && !resolve.isPending) resolve.mutate();
  };
  const assignMe = () => {
    if (me && c.assignee?.id !== me.id) assign.mutate(me);
  };
  useCommand("conversation.resolve", doResolve, !readOnly);
  useCommand("conversation.assignMe", assignMe, !readOnly);

  return (
    <header className="border-b border-line bg-surface px-4 py-3">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="ghost"
          size="icon"
          className="lg:hidden"
          aria-label="Back to the list"
          onClick={() => navigate({ conversationId: null })}
        >
          ←
        </Button>
        <Avatar name={c.customer.name} src={c.customer.avatarUrl} size="lg" />
        <div className="min-w-0 flex-1">
          <h2 dir="auto" className="truncate text-base font-semibold">
            {c.customer.name}
          </h2>
          <div className="mt-1 flex flex-wrap items-center gap-1.5 text-xs text-muted">
            <StatusBadge status={c.status} />
            <OwnerBadge owner={owner} />
            {c.flags.map((f) => (
              <FlagBadge key={f} flag={f} />
            ))}
            <span>{c.assignee ? `Assigned to ${c.assignee.name}` : "Unassigned"}</span>
          </div>
          {c.referral ? (
            <p
              className="mt-1 truncate text-xs text-muted"
              title={`${formatFull(c.referral.at)}${c.referral.adId ? ` · ad id ${c.referral.adId}` : ""}`}
            >
              <span className="font-medium text-fg">Came from</span> {referralSource(c.referral)}
              {c.referral.ref ? (
                <>
                  {" · ref "}
                  <span className="font-mono">{c.referral.ref}</span>
                </>
              ) : null}
            </p>
          ) : null}
          {c.escalationReason ? (
            <p className="mt-1 truncate text-xs text-muted" title={c.escalationReason}>
              <span className="font-medium text-fg">Escalated:</span> {c.escalationReason}
            </p>
          ) : null}
        </div>
        <div className="flex flex-wrap items-center gap-1.5" role="toolbar" aria-label="Conversation actions">
          {!readOnly ? (
            <>
              {me && c.assignee?.id !== me.id ? (
                <Button size="sm" onClick={assignMe} aria-keyshortcuts="a">
                  Assign to me <Kbd>a</Kbd>
                </Button>
              ) : null}
              <AssignMenu assignee={c.assignee} onAssign={(a) => assign.mutate(a)} />
              {owner !== "baton" ? (
                <Button size="sm" onClick={() => take.mutate()} disabled={take.isPending}>
                  Take control
                </Button>
              ) : (
                <Button size="sm" onClick={() => handBack.mutate()} disabled={handBack.isPending}>
                  Hand back to bot
                </Button>
              )}
            </>
          ) : null}
          {closed ? (
            <Button
              size="sm"
              variant={readOnly ? "secondary" : "primary"}
              onClick={() => reopen.mutate()}
              disabled={reopen.isPending}
            >
              Reopen
            </Button>
          ) : (
            <Button
              size="sm"
              variant="primary"
              onClick={doResolve}
              disabled={resolve.isPending}
              aria-keyshortcuts="e"
            >
              ✓ Resolve <Kbd className="border-transparent bg-white/20 text-accent-fg">e</Kbd>
            </Button>
          )}
        </div>
      </div>
      {error ? (
        <p role="alert" className="mt-2 rounded-md bg-danger-soft px-3 py-1.5 text-sm text-danger">
          {errorMessage(error)}
        </p>
      ) : null}
    </header>
  );
}
