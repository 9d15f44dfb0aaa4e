import { useCallback, useEffect, useMemo, useRef, type ReactNode } from "react";
import type { ConversationSummary } from "@contract/conversation.ts";
import type { MessageItem } from "@contract/timeline.ts";
import { Button } from "@/components/ui/button.tsx";
import { Spinner } from "@/components/ui/spinner.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { useTranscript } from "@/features/conversation/api/get-conversation.ts";
import { useMarkRead } from "@/features/conversation/api/mark-read.ts";
import { useRetryMessage } from "@/features/conversation/api/retry-message.ts";
import { localMessageId, useSendMessage } from "@/features/conversation/api/send-message.ts";
import { Composer } from "@/features/conversation/components/composer.tsx";
import { ConversationHeader } from "@/features/conversation/components/conversation-header.tsx";
import { Transcript } from "@/features/conversation/components/transcript.tsx";

export interface ConversationPaneProps {
  conversationId: string;
  /** Read-only review (Bot Resolved): no composer; `footer` is shown instead (composed by the app). */
  readOnly?: (conversation: ConversationSummary) => boolean;
  footer?: (conversation: ConversationSummary) => ReactNode;
}

/** One conversation: header with actions, the transcript, and the reply box. */
export function ConversationPane({ conversationId, readOnly, footer }: ConversationPaneProps) {
  const transcript = useTranscript(conversationId);
  const head = transcript.data?.pages[0]?.head ?? null;
  const conversation = head?.conversation ?? null;
  const markRead = useMarkRead(conversationId);
  const send = useSendMessage(conversationId);
  const retry = useRetryMessage(conversationId);

  const unread = conversation?.unreadCount ?? 0;
  const markedFor = useRef<string | null>(null);
  const { mutate: markReadNow } = markRead;
  useEffect(() => {
    if (unread > 0 && markedFor.current !== `${conversationId}:${conversation?.version}`) {
      markedFor.current = `${conversationId}:${conversation?.version}`;
      markReadNow();
    }
  }, [unread, conversationId, conversation?.version, markReadNow]);

  const lastCustomerText = useMemo(() => {
    const newest = transcript.data?.pages[0]?.items ?? [];
    for (let i = newest.length - 1; i >= 0; i--) {
      const item = newest[i];
      if (item?.kind === "message" && item.author === "customer")
        return item.text ?? (item.attachments.length ? "(an attachment)" : null);
    }
    return null;
  }, [transcript.data]);

  const { mutate: resend } = send;
  const { mutate: retryStored } = retry;
  const onRetry = useCallback(
    (m: MessageItem) => {
      if (m.clientId && m.id === localMessageId(m.clientId))
        resend({ text: m.text ?? "", clientId: m.clientId });
      else retryStored(m);
    },
    [resend, retryStored],
  );

  if (transcript.isPending) {
    return (
      <div className="flex flex-1 items-center justify-center">
        <Spinner label="Loading conversation" />
      </div>
    );
  }
  if (transcript.isError || !conversation) {
    return (
      <div
        role="alert"
        className="m-6 rounded-lg border border-danger bg-danger-soft p-4 text-sm text-danger"
      >
        <p>Could not open this conversation: {errorMessage(transcript.error)}</p>
        <Button size="sm" className="mt-2" onClick={() => void transcript.refetch()}>
          Try again
        </Button>
      </div>
    );
  }
  const isReadOnly = readOnly?.(conversation) ?? false;
  return (
    <section
      aria-label={`Conversation with ${conversation.customer.name}`}
      className="flex min-h-0 min-w-0 flex-1 flex-col bg-canvas"
    >
      <ConversationHeader conversation={conversation} readOnly={isReadOnly} />
      <Transcript
        conversationId={conversationId}
        customerName={conversation.customer.name}
        customerAvatar={conversation.customer.avatarUrl}
        handoffItemId={head?.handoffItemId ?? null}
        onRetry={isReadOnly ? undefined : onRetry}
        retryingId={retry.isPending ? (retry.variables?.id ?? null) : null}
      />
      {isReadOnly ? (
        footer?.(conversation)
      ) : (
        <Composer conversation={conversation} lastCustomerText={lastCustomerText} />
      )}
    </section>
  );
}
