import { useEffect, useId, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import {
  REOPENING_VERDICTS,
  reasonLabels,
  verdictKind,
  verdictLabels,
  verdictReason,
  type ReviewItem,
  type VerdictBody,
  type VerdictKind,
  type VerdictReason,
} from "@contract/review.ts";
import { Button } from "@/components/ui/button.tsx";
import { Kbd } from "@/components/ui/kbd.tsx";
import { cn } from "@/lib/cn.ts";
import { useAgents } from "@/shared/agents-query.ts";
import { useSettings } from "@/shared/settings-query.ts";
import { mayRunShortcut } from "@/features/review/keyboard.ts";
import { replyWindowAt, type ReplyChance } from "@/features/review/reply-window.ts";

export interface VerdictBarProps {
  item: ReviewItem;
  onSave: (body: VerdictBody) => void;
  saving?: boolean;
  error?: string | null;
  /** Start with a verdict (and reason) chosen: changing an earlier verdict, or a story's state. */
  initialVerdict?: VerdictKind | null;
  initialReason?: VerdictReason | null;
  /** The clock the reply window is read against (tests); the time the item was opened by default. */
  now?: Date;
}

const verdictByKey = new Map(verdictKind.options.map((v) => [verdictLabels[v].key, v]));

const chanceTone: Record<ReplyChance, string> = {
  open: "border-success bg-success-soft text-success",
  human_agent: "border-warning bg-warning-soft text-warning",
  too_late: "border-danger bg-danger-soft text-danger",
};

/**
 * The reviewer's verdict on one bot resolution: a verdict (keys 1-5), a reason, an optional note, then save.
 * "False resolution" and "should have escalated" offer to reopen and assign in the same step, with whether the
 * customer can still be answered. Keys 1-5 work from anywhere but a text field.
 */
export function VerdictBar({
  item,
  onSave,
  saving = false,
  error = null,
  initialVerdict = null,
  initialReason = null,
  now: nowProp,
}: VerdictBarProps) {
  const [verdict, setVerdict] = useState<VerdictKind | null>(initialVerdict);
  const [reason, setReason] = useState<VerdictReason | null>(initialReason);
  const [note, setNote] = useState("");
  const [openedAt] = useState(() => new Date());
  const now = nowProp ?? openedAt;
  const settings = useSettings();
  const agents = useAgents();
  const policy = settings.data ? { humanAgentTagEnabled: settings.data.humanAgentTagEnabled } : null;
  const reply = replyWindowAt(item.conversation.lastCustomerMessageAt, now, policy);
  const [reopen, setReopen] = useState<boolean | null>(null);
  const reopening =
    verdict !== null && REOPENING_VERDICTS.has(verdict) && (reopen ?? reply.chance !== "too_late");
  const [assigneeId, setAssigneeId] = useState("");
  const reasonsRef = useRef<HTMLFieldSetElement>(null);
  const saveRef = useRef<HTMLButtonElement>(null);
  const focusAfterChoice = useRef(false);
  const id = useId();
  const customer = item.conversation.customer.name;

  const choose = (v: VerdictKind, fromKey: boolean) => {
    setVerdict(v);
    if (v === "correct") setReason(null);
    focusAfterChoice.current = fromKey;
  };

  // After a key picked the verdict, the reasons are next (or Save, when a correct resolution needs none).
  useEffect(() => {
    if (!focusAfterChoice.current) return;
    focusAfterChoice.current = false;
    const checked = reasonsRef.current?.querySelector<HTMLInputElement>("input:checked");
    const first = reasonsRef.current?.querySelector<HTMLInputElement>("input");
    (checked ?? first ?? saveRef.current)?.focus();
  }, [verdict]);

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (!mayRunShortcut(e)) return;
      const v = verdictByKey.get(e.key);
      if (!v) return;
      e.preventDefault();
      choose(v, true);
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, []);

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    if (!verdict || saving) return;
    onSave({
      resolutionId: item.resolution.id,
      verdict,
      reason: verdict === "correct" ? null : reason,
      note: note.trim() === "" ? null : note,
      ...(reopening ? { reopen: { assigneeId: assigneeId === "" ? null : assigneeId } } : {}),
    });
  };

  // Enter on a reason or the reopen checkbox saves, as it would in a text field.
  const onFormKey = (e: KeyboardEvent<HTMLFormElement>) => {
    if (
      e.key === "Enter" &&
      e.target instanceof HTMLInputElement &&
      (e.target.type === "radio" || e.target.type === "checkbox")
    ) {
      e.preventDefault();
      submit();
    }
  };

  const activeAgents = agents.data ?? [];

  return (
    <form
      aria-label={`Verdict on ${customer}'s conversation`}
      onSubmit={submit}
      onKeyDown={onFormKey}
      className="flex flex-col gap-3 border-t border-line bg-surface px-4 py-3"
    >
      <fieldset className="min-w-0">
        <legend className="mb-1.5 text-xs font-semibold text-muted">
          Verdict <span className="font-normal">(keys 1-5)</span>
        </legend>
        <div className="flex flex-wrap gap-1.5">
          {verdictKind.options.map((v) => (
            <Button
              key={v}
              size="sm"
              variant={verdict === v ? "primary" : "secondary"}
              aria-pressed={verdict === v}
              aria-keyshortcuts={verdictLabels[v].key}
              onClick={() => choose(v, false)}
            >
              <Kbd
                aria-hidden="true"
                className={cn(verdict === v && "border-transparent bg-accent-fg text-accent")}
              >
                {verdictLabels[v].key}
              </Kbd>
              {verdictLabels[v].label}
            </Button>
          ))}
        </div>
      </fieldset>

      {verdict !== null && verdict !== "correct" ? (
        <fieldset ref={reasonsRef} className="min-w-0">
          <legend className="mb-1.5 text-xs font-semibold text-muted">
            Reason <span className="font-normal">(arrow keys; optional)</span>
          </legend>
          <div className="grid grid-cols-2 gap-x-3 gap-y-1 sm:grid-cols-4">
            {verdictReason.options.map((r) => (
              <label key={r} className="flex cursor-pointer items-center gap-1.5 text-sm">
                <input
                  type="radio"
                  name={`${id}-reason`}
                  value={r}
                  checked={reason === r}
                  onChange={() => setReason(r)}
                  className="accent-accent"
                />
                {reasonLabels[r]}
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}

      {verdict !== null && REOPENING_VERDICTS.has(verdict) ? (
        <fieldset className="flex min-w-0 flex-col gap-2 rounded-lg border border-line p-2.5">
          <legend className="px-1 text-xs font-semibold text-muted">Reopen and assign</legend>
          <p id={`${id}-window`} className={cn("rounded border px-2 py-1 text-xs", chanceTone[reply.chance])}>
            {reply.text}
          </p>
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
            <label className="flex items-center gap-1.5 text-sm">
              <input
                type="checkbox"
                checked={reopening}
                onChange={(e) => setReopen(e.target.checked)}
                aria-describedby={`${id}-window`}
                className="accent-accent"
              />
              Reopen for a human
            </label>
            <label className="flex items-center gap-1.5 text-sm">
              Assign to
              <select
                value={assigneeId}
                onChange={(e) => setAssigneeId(e.target.value)}
                disabled={!reopening}
                className="rounded border border-line bg-surface px-1 py-1 text-sm text-fg disabled:opacity-50"
              >
                <option value="">Nobody (Unassigned)</option>
                {activeAgents.map((a) => (
                  <option key={a.id} value={a.id}>
                    {a.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
        </fieldset>
      ) : null}

      <div className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-48 flex-1 flex-col gap-1 text-xs font-semibold text-muted">
          Note (optional)
          <textarea
            value={note}
            onChange={(e) => setNote(e.target.value)}
            rows={1}
            maxLength={2000}
            className="min-h-8 resize-y rounded border border-line bg-surface px-2 py-1 text-sm font-normal text-fg"
          />
        </label>
        <Button ref={saveRef} type="submit" variant="primary" disabled={verdict === null || saving}>
          {saving ? "Saving…" : reopening ? "Save and reopen" : "Save verdict"}
        </Button>
      </div>
      {verdict === null ? <p className="text-xs text-muted">Choose a verdict to save.</p> : null}
      {error ? (
        <p role="alert" className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </form>
  );
}
