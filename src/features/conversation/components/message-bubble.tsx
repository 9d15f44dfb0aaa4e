import { memo, useId, useState } from "react";
import type { MessageItem } from "@contract/timeline.ts";
import { Avatar } from "@/components/ui/avatar.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Icon } from "@/components/ui/icon.tsx";
import { cn } from "@/lib/cn.ts";
import { formatFull, formatTime } from "@/lib/format.ts";
import { messageLabel } from "@/features/conversation/describe.ts";
import { safeHttpUrl } from "@/lib/safe-url.ts";
import {
  AttachmentView,
  ExternalLink,
  NotAWebLink,
} from "@/features/conversation/components/attachment-view.tsx";

export interface MessageBubbleProps {
  message: MessageItem;
  customerName: string;
  customerAvatar: string | null;
  /** The payload of the quick reply the customer tapped in answer to this message, if any. */
  tappedPayload: string | null;
  onRetry?: (message: MessageItem) => void;
  retrying?: boolean;
}

const bubbleTone = {
  customer: "bg-bubble-customer text-fg border border-line",
  bot: "bg-bubble-bot text-fg border border-transparent",
  agent: "bg-bubble-agent text-bubble-agent-fg border border-transparent",
  page_inbox: "bg-bubble-page text-fg border border-transparent",
  page: "bg-surface-3 text-fg border border-transparent",
  system: "bg-surface-3 text-fg",
} as const;

const deliveryText = {
  sending: "Sending…",
  sent: "Sent",
  delivered: "Delivered",
  read: "Read",
  failed: "Not delivered",
} as const;

function AuthorTag({ message }: { message: MessageItem }) {
  switch (message.author) {
    case "bot":
      return (
        <span className="inline-flex items-center gap-1 font-semibold text-bubble-bot-text">
          <Icon name="bot" className="h-3 w-3" /> Bot
        </span>
      );
    case "agent":
      return <span className="font-semibold text-accent-text">{message.agent?.name ?? "Agent"}</span>;
    case "page_inbox":
      return (
        <span className="inline-flex items-center gap-1 font-semibold text-bubble-page-text">
          <Icon name="mail" className="h-3 w-3" /> Page Inbox
        </span>
      );
    case "page":
      return (
        <span className="inline-flex items-center gap-1 font-semibold text-muted">
          <Icon name="phone" className="h-3 w-3" /> Page · phone or other app
        </span>
      );
    default:
      return null;
  }
}

/** "Replied to your story", with a link to the story when its URL is a web address (stories expire after a day). */
function StoryReply({ story }: { story: NonNullable<MessageItem["storyReply"]> }) {
  const href = safeHttpUrl(story.url);
  return (
    <div className="flex max-w-full min-w-0 flex-wrap items-center gap-x-2 gap-y-0.5 rounded-xl border-l-4 border-accent bg-surface-2 px-3 py-1.5 text-xs text-muted">
      <span className="font-medium text-fg">
        <span aria-hidden="true">↩ </span>Replied to your story
      </span>
      {href ? (
        <ExternalLink href={href} className="font-medium text-accent-text underline-offset-2 hover:underline">
          Open the story <span aria-hidden="true">↗</span>
        </ExternalLink>
      ) : story.url ? (
        <NotAWebLink url={story.url} what="Story not linked, not a web address" />
      ) : (
        <span className="italic">The story is no longer available.</span>
      )}
    </div>
  );
}

/** "Unsent": what the customer took back stays hidden until the agent asks to see it, then shows struck through. */
function UnsentNotice({
  fromCustomer,
  hasContent,
  revealed,
  onToggle,
  contentId,
}: {
  fromCustomer: boolean;
  hasContent: boolean;
  revealed: boolean;
  onToggle: () => void;
  contentId: string;
}) {
  return (
    <div className="flex max-w-full flex-wrap items-center gap-x-2 gap-y-1 rounded-2xl border border-dashed border-line-strong bg-surface px-3 py-1.5 text-sm text-muted">
      <span className="italic">
        <span aria-hidden="true">⊘ </span>
        {fromCustomer ? "The customer unsent this message." : "This message was unsent."}
      </span>
      {hasContent ? (
        <button
          type="button"
          aria-expanded={revealed}
          aria-controls={contentId}
          onClick={onToggle}
          className="cursor-pointer text-xs font-medium text-accent-text underline-offset-2 hover:underline"
        >
          {revealed ? "Hide what it said" : "Show what it said"}
        </button>
      ) : null}
    </div>
  );
}

/** "Edited 10:45 · Show the original": the latest text is in the bubble, the first version on demand. */
function EditedNote({ edited }: { edited: NonNullable<MessageItem["edited"]> }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="flex max-w-full min-w-0 flex-col items-start gap-1 px-1 text-[11px] text-muted">
      <span>
        Edited{edited.count > 1 ? ` ${edited.count} times` : ""}, last at{" "}
        <time dateTime={edited.at} title={formatFull(edited.at)}>
          {formatTime(edited.at)}
        </time>
        {edited.originalText === null ? " · the original was not received" : null}
        {edited.originalText !== null ? (
          <>
            {" · "}
            <button
              type="button"
              aria-expanded={open}
              aria-controls={id}
              onClick={() => setOpen((o) => !o)}
              className="cursor-pointer font-medium text-accent-text underline-offset-2 hover:underline"
            >
              {open ? "Hide the original" : "Show the original"}
            </button>
          </>
        ) : null}
      </span>
      {edited.originalText !== null ? (
        <p
          id={id}
          hidden={!open}
          dir="auto"
          className="max-w-full rounded-lg border border-line bg-surface-2 px-2.5 py-1.5 text-xs break-words whitespace-pre-wrap text-fg [overflow-wrap:anywhere]"
        >
          <span className="font-medium text-muted">Original: </span>
          {edited.originalText}
        </p>
      ) : null}
    </div>
  );
}

/** A message, styled by who wrote it; customers on the left, everything the Page sent on the right. */
export const MessageBubble = memo(function MessageBubble({
  message: m,
  customerName,
  customerAvatar,
  tappedPayload,
  onRetry,
  retrying,
}: MessageBubbleProps) {
  const fromCustomer = m.author === "customer";
  const failed = m.delivery === "failed";
  const onlyMedia = !m.text && !m.postback && m.attachments.length > 0;
  const who = fromCustomer
    ? customerName
    : m.author === "agent"
      ? (m.agent?.name ?? "agent")
      : m.author.replace("_", " ");
  const unsent = m.deleted === true;
  const [revealed, setRevealed] = useState(false);
  const unsentId = useId();
  const hasContent = m.postback !== null || (m.text !== null && m.text !== "") || m.attachments.length > 0;
  const showContent = !unsent || revealed;
  return (
    <article
      aria-label={messageLabel(m, customerName)}
      className={cn("flex gap-2 px-4 py-1", fromCustomer ? "justify-start" : "justify-end")}
      data-author={m.author}
    >
      {fromCustomer ? <Avatar name={customerName} src={customerAvatar} size="sm" className="mt-5" /> : null}
      <div
        className={cn(
          "flex max-w-[min(560px,80%)] min-w-0 flex-col gap-1",
          fromCustomer ? "items-start" : "items-end",
        )}
      >
        <div className="flex items-center gap-2 px-1 text-[11px] text-muted" aria-hidden="true">
          {fromCustomer ? (
            <span className="font-semibold text-fg">{customerName}</span>
          ) : (
            <AuthorTag message={m} />
          )}
          <time dateTime={m.at} title={formatFull(m.at)}>
            {formatTime(m.at)}
          </time>
          {m.tag ? <span className="rounded bg-info-soft px-1 text-info">HUMAN_AGENT tag</span> : null}
        </div>
        <div
          className={cn(
            "flex max-w-full min-w-0 flex-col gap-1.5",
            fromCustomer ? "items-start" : "items-end",
          )}
        >
          {m.storyReply ? <StoryReply story={m.storyReply} /> : null}
          {unsent ? (
            <UnsentNotice
              fromCustomer={fromCustomer}
              hasContent={hasContent}
              revealed={revealed}
              onToggle={() => setRevealed((r) => !r)}
              contentId={unsentId}
            />
          ) : null}
          {hasContent ? (
            <div
              id={unsent ? unsentId : undefined}
              hidden={!showContent}
              className={cn(
                "flex max-w-full min-w-0 flex-col gap-1.5",
                fromCustomer ? "items-start" : "items-end",
              )}
            >
              {m.postback ? (
                <span className="inline-flex items-center gap-1.5 self-start rounded-full border border-accent bg-accent-soft px-3 py-1 text-sm font-medium text-accent-text">
                  Tapped “{m.postback.title}”
                </span>
              ) : null}
              {m.text !== null && m.text !== "" ? (
                <div
                  dir="auto"
                  className={cn(
                    "max-w-full min-w-0 rounded-2xl px-3.5 py-2 text-sm leading-relaxed break-words whitespace-pre-wrap [overflow-wrap:anywhere]",
                    bubbleTone[m.author],
                    fromCustomer ? "rounded-tl-md" : "rounded-tr-md",
                    failed && "border-danger bg-danger-soft text-fg",
                    m.delivery === "sending" && "opacity-80",
                  )}
                >
                  {m.quickReplyPayload ? (
                    <span className="mb-0.5 block text-[11px] font-medium text-muted">
                      Tapped quick reply
                    </span>
                  ) : null}
                  {unsent ? <del className="decoration-2">{m.text}</del> : m.text}
                </div>
              ) : null}
              {m.attachments.map((a, i) => (
                <div
                  key={i}
                  className={cn("max-w-full", onlyMedia && failed && "rounded-lg ring-2 ring-danger")}
                >
                  <AttachmentView attachment={a} who={who} />
                </div>
              ))}
            </div>
          ) : null}
          {m.quickReplies.length ? (
            <ul className="flex flex-wrap justify-end gap-1.5" aria-label="Quick replies offered">
              {m.quickReplies.map((q) => {
                const tapped = tappedPayload === q.payload;
                return (
                  <li
                    key={q.payload}
                    className={cn(
                      "rounded-full border px-3 py-1 text-xs font-medium",
                      tapped
                        ? "border-accent bg-accent text-accent-fg"
                        : "border-line-strong bg-surface text-accent-text",
                    )}
                  >
                    {tapped ? <span aria-hidden="true">✓ </span> : null}
                    {q.title}
                    {tapped ? <span className="sr-only"> (tapped by the customer)</span> : null}
                  </li>
                );
              })}
            </ul>
          ) : null}
          {m.reactions.length ? (
            <div className={cn("-mt-2 flex gap-0.5", fromCustomer ? "justify-end" : "justify-start")}>
              {m.reactions.map((r, i) => (
                <span
                  key={i}
                  className="rounded-full border border-line bg-surface px-1.5 text-xs shadow-card"
                  title={r.reaction}
                >
                  {r.emoji}
                </span>
              ))}
            </div>
          ) : null}
        </div>
        {m.edited && !unsent ? <EditedNote edited={m.edited} /> : null}
        {m.author === "agent" && !failed ? (
          <span className="px-1 text-[11px] text-muted">
            {deliveryText[m.delivery]}
            {m.delivery === "read" ? " ✓✓" : m.delivery === "delivered" ? " ✓" : ""}
            {/* Baton retries a reply Messenger could not take yet; the reason says why it is still sending. */}
            {m.delivery === "sending" && m.error ? ` Retrying: ${m.error}` : ""}
          </span>
        ) : null}
        {failed ? (
          <div
            role="group"
            aria-label="Failed message"
            className="flex flex-wrap items-center justify-end gap-2 text-xs text-danger"
          >
            <span>
              <Icon name="alert" className="mr-1 inline h-3.5 w-3.5 align-[-2px]" />
              Not delivered{m.error ? `: ${m.error}` : ""}
            </span>
            {onRetry ? (
              <Button size="sm" variant="secondary" onClick={() => onRetry(m)} disabled={retrying}>
                {retrying ? "Retrying…" : "Retry"}
              </Button>
            ) : null}
          </div>
        ) : null}
      </div>
    </article>
  );
});
