import { lazy, Suspense, useId, useRef, useState, type KeyboardEvent } from "react";
import type { CannedReply } from "@contract/api.ts";
import type { ConversationSummary } from "@contract/conversation.ts";
import { Button } from "@/components/ui/button.tsx";
import { Kbd } from "@/components/ui/kbd.tsx";
import { ApiRequestError } from "@/lib/api-client.ts";
import { useCommand } from "@/lib/commands.ts";
import { newClientId } from "@/lib/format.ts";
import { ownerLabel } from "@/shared/labels.ts";
import { useMessagingWindow } from "@/shared/messaging-window.ts";
import { useCannedReplies } from "@/features/conversation/api/get-canned-replies.ts";
import { useSendMessage } from "@/features/conversation/api/send-message.ts";
import { CannedReplyPicker } from "@/features/conversation/components/canned-reply-picker.tsx";
import { WindowNotice } from "@/features/conversation/components/window-notice.tsx";
import { useDraftStore } from "@/features/conversation/stores/draft-store.ts";

const CannedRepliesEditor = lazy(
  () => import("@/features/conversation/components/canned-replies-editor.tsx"),
);

export interface ComposerProps {
  conversation: ConversationSummary;
  lastCustomerText: string | null;
}

/** The reply box: Enter sends, Shift+Enter breaks the line, `/` inserts a canned reply, the draft survives reloads. */
export function Composer({ conversation: c, lastCustomerText }: ComposerProps) {
  const draft = useDraftStore((s) => s.drafts[c.id] ?? "");
  const setDraft = useDraftStore((s) => s.setDraft);
  const clearDraft = useDraftStore((s) => s.clearDraft);
  const send = useSendMessage(c.id);
  const canned = useCannedReplies();
  // The window as of now, not as of the last fetch: it closes (or turns to the HUMAN_AGENT tag) on time.
  const live = useMessagingWindow(c);
  const ref = useRef<HTMLTextAreaElement>(null);
  const pickerId = useId();
  const [pickerIndex, setPickerIndex] = useState(0);
  const [pickerClosed, setPickerClosed] = useState(false);
  const [editorOpen, setEditorOpen] = useState(false);

  const closed = live.window.kind === "closed";
  const slash = /^\/([\w-]*)$/.exec(draft);
  const matches = slash
    ? (canned.data ?? []).filter((r) => r.shortcut.toLowerCase().startsWith((slash[1] ?? "").toLowerCase()))
    : [];
  const pickerOpen = slash !== null && !pickerClosed;
  const activeIndex = Math.min(pickerIndex, Math.max(0, matches.length - 1));

  useCommand("reply.focus", () => ref.current?.focus());

  const submit = () => {
    const text = draft.trim();
    if (!text || closed) return;
    send.mutate({ text, clientId: newClientId() });
    clearDraft(c.id);
  };
  const pick = (reply: CannedReply) => {
    setDraft(c.id, reply.text);
    setPickerClosed(true);
    ref.current?.focus();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.nativeEvent.isComposing) return;
    if (pickerOpen && matches.length) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const delta = e.key === "ArrowDown" ? 1 : -1;
        setPickerIndex((activeIndex + delta + matches.length) % matches.length);
        return;
      }
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        const reply = matches[activeIndex];
        if (reply) pick(reply);
        return;
      }
    }
    if (pickerOpen && e.key === "Escape") {
      e.preventDefault();
      setPickerClosed(true);
      return;
    }
    if (e.key === "Escape") {
      e.currentTarget.blur();
      return;
    }
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      submit();
    }
  };

  const sendError =
    send.error instanceof ApiRequestError &&
    (send.error.code === "window_closed" || send.error.code === "thread_owned_by_other_app")
      ? send.error
      : null;

  return (
    <div className="border-t border-line bg-surface px-4 pt-2 pb-3">
      <WindowNotice window={live.window} now={live.now} lastCustomerText={lastCustomerText} />
      {sendError ? (
        <p role="alert" className="mt-2 rounded-md bg-danger-soft px-3 py-1.5 text-sm text-danger">
          {sendError.code === "window_closed" ? "Not sent — the messaging window is closed: " : "Not sent: "}
          {sendError.message}
        </p>
      ) : null}
      {live.owner !== "baton" && !closed ? (
        <p className="mt-1.5 text-xs text-muted">
          {ownerLabel[live.owner]} owns this thread; sending takes control for Baton.
        </p>
      ) : null}
      <form
        className="relative mt-2"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        {pickerOpen ? (
          <CannedReplyPicker
            id={pickerId}
            replies={matches}
            activeIndex={activeIndex}
            onPick={pick}
            onManage={() => setEditorOpen(true)}
          />
        ) : null}
        <label htmlFor={`reply-${c.id}`} className="sr-only">
          Reply to {c.customer.name}
        </label>
        <div className="flex items-end gap-2 rounded-xl border border-line-strong bg-surface-2 p-2 focus-within:border-accent focus-within:bg-surface focus-within:ring-2 focus-within:ring-ring/40">
          <textarea
            id={`reply-${c.id}`}
            ref={ref}
            data-reply-box
            value={draft}
            disabled={closed}
            onChange={(e) => {
              setDraft(c.id, e.target.value);
              setPickerClosed(false);
              setPickerIndex(0);
            }}
            onKeyDown={onKeyDown}
            rows={Math.min(8, Math.max(2, draft.split("\n").length))}
            placeholder={
              closed ? "Replying is not possible right now" : "Write a reply…  (/ for canned replies)"
            }
            aria-describedby="window-notice reply-hint"
            aria-controls={pickerOpen && matches.length ? pickerId : undefined}
            aria-activedescendant={pickerOpen && matches.length ? `${pickerId}-${activeIndex}` : undefined}
            maxLength={2000}
            className="max-h-60 min-h-10 flex-1 resize-none bg-transparent px-1.5 py-1 text-sm leading-relaxed placeholder:text-muted focus:outline-none focus-visible:outline-none disabled:cursor-not-allowed"
          />
          <Button type="submit" variant="primary" disabled={closed || !draft.trim()}>
            Send
          </Button>
        </div>
        <p
          id="reply-hint"
          className="mt-1 flex flex-wrap items-center gap-x-1.5 gap-y-0.5 text-[11px] text-muted"
        >
          {/* Each hint wraps as a whole on a narrow screen. */}
          <span className="whitespace-nowrap">
            <Kbd>Enter</Kbd> sends ·
          </span>
          <span className="whitespace-nowrap">
            <Kbd>Shift</Kbd>+<Kbd>Enter</Kbd> new line ·
          </span>
          <span className="whitespace-nowrap">
            <Kbd>/</Kbd> canned replies
          </span>
          {draft.length > 1800 ? (
            <span className="ml-auto text-warning">{2000 - draft.length} characters left</span>
          ) : null}
        </p>
      </form>
      {editorOpen ? (
        <Suspense fallback={null}>
          <CannedRepliesEditor open={editorOpen} onClose={() => setEditorOpen(false)} />
        </Suspense>
      ) : null}
    </div>
  );
}
