import { useId, useState } from "react";
import { cannedReplyBody, type CannedReply } from "@contract/api.ts";
import { roleAtLeast } from "@contract/auth.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Dialog } from "@/components/ui/dialog.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { useRole } from "@/shared/session-query.ts";
import { useCannedReplies } from "@/features/conversation/api/get-canned-replies.ts";
import { useDeleteCannedReply, useSaveCannedReply } from "@/features/conversation/api/save-canned-reply.ts";

function ReplyForm({
  reply,
  canShare,
  onDone,
}: {
  reply: CannedReply | null;
  canShare: boolean;
  onDone: () => void;
}) {
  const [shortcut, setShortcut] = useState(reply?.shortcut ?? "");
  const [text, setText] = useState(reply?.text ?? "");
  const [shared, setShared] = useState(reply?.shared ?? false);
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSaveCannedReply();
  const formId = useId();
  return (
    <form
      className="flex flex-col gap-2 rounded-lg border border-line bg-surface-2 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = cannedReplyBody.safeParse({ shortcut, text, shared });
        if (!parsed.success) {
          setProblem(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join(" "));
          return;
        }
        setProblem(null);
        save.mutate({ id: reply?.id ?? null, ...parsed.data }, { onSuccess: onDone });
      }}
    >
      <label className="text-xs font-medium" htmlFor={`${formId}-shortcut`}>
        Shortcut
      </label>
      <input
        id={`${formId}-shortcut`}
        value={shortcut}
        onChange={(e) => setShortcut(e.target.value)}
        className="h-8 rounded-md border border-line bg-surface px-2 font-mono text-sm"
      />
      <label className="text-xs font-medium" htmlFor={`${formId}-text`}>
        Text
      </label>
      <textarea
        id={`${formId}-text`}
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={3}
        className="rounded-md border border-line bg-surface px-2 py-1 text-sm"
      />
      {canShare ? (
        <label className="flex cursor-pointer items-start gap-2 text-sm">
          <input
            type="checkbox"
            checked={shared}
            onChange={(e) => setShared(e.target.checked)}
            className="mt-0.5 accent-accent"
          />
          <span>
            Share with the whole team
            <span className="block text-xs text-muted">Unticked, only you see it.</span>
          </span>
        </label>
      ) : (
        <p className="text-xs text-muted">Personal: only you see it. Managers keep the shared replies.</p>
      )}
      {problem || save.isError ? (
        <p role="alert" className="text-xs text-danger">
          {problem ?? errorMessage(save.error)}
        </p>
      ) : null}
      <div className="flex justify-end gap-2">
        <Button size="sm" variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        <Button size="sm" variant="primary" type="submit" disabled={save.isPending}>
          Save
        </Button>
      </div>
    </form>
  );
}

interface ReplyListProps {
  title: string;
  note: string;
  replies: CannedReply[];
  editable: boolean;
  canShare: boolean;
  editing: string | null;
  onEdit: (id: string | null) => void;
  onDelete: (id: string) => void;
  empty: string;
}

function ReplyList({
  title,
  note,
  replies,
  editable,
  canShare,
  editing,
  onEdit,
  onDelete,
  empty,
}: ReplyListProps) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className="flex flex-col gap-2">
      <div>
        <h3 id={headingId} className="text-sm font-semibold">
          {title}
        </h3>
        <p className="text-xs text-muted">{note}</p>
      </div>
      {replies.length === 0 ? <p className="text-sm text-muted">{empty}</p> : null}
      <ul className="flex flex-col gap-2">
        {replies.map((r) =>
          editing === r.id ? (
            <li key={r.id}>
              <ReplyForm reply={r} canShare={canShare} onDone={() => onEdit(null)} />
            </li>
          ) : (
            <li key={r.id} className="flex items-start gap-3 rounded-lg border border-line p-3">
              <div className="min-w-0 flex-1">
                <p className="flex flex-wrap items-center gap-2">
                  <span className="font-mono text-xs font-semibold text-accent-text">/{r.shortcut}</span>
                  <Badge tone={r.shared ? "info" : "neutral"}>{r.shared ? "Shared" : "Personal"}</Badge>
                </p>
                <p className="mt-0.5 text-sm break-words">{r.text}</p>
              </div>
              {editable ? (
                <>
                  <Button
                    size="sm"
                    variant="ghost"
                    onClick={() => onEdit(r.id)}
                    aria-label={`Edit /${r.shortcut}`}
                  >
                    Edit
                  </Button>
                  <Button
                    size="sm"
                    variant="ghost"
                    className="text-danger"
                    onClick={() => onDelete(r.id)}
                    aria-label={`Delete /${r.shortcut}`}
                  >
                    Delete
                  </Button>
                </>
              ) : null}
            </li>
          ),
        )}
      </ul>
    </section>
  );
}

/**
 * The canned replies, personal and shared (lazy-loaded: rarely opened). Everyone keeps their own personal ones;
 * only managers and admins change the shared ones.
 */
export default function CannedRepliesEditor({ open, onClose }: { open: boolean; onClose: () => void }) {
  const replies = useCannedReplies();
  const remove = useDeleteCannedReply();
  const role = useRole();
  const canShare = role !== null && roleAtLeast(role, "manager");
  const [editing, setEditing] = useState<string | "new" | null>(null);
  const personal = replies.data?.filter((r) => !r.shared) ?? [];
  const shared = replies.data?.filter((r) => r.shared) ?? [];
  const lists = { editing, onEdit: setEditing, onDelete: (id: string) => remove.mutate(id), canShare };
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Canned replies"
      description="Type / in the reply box to insert one."
    >
      <div className="flex max-h-[55vh] flex-col gap-5 overflow-y-auto pr-1">
        {remove.isError ? (
          <p role="alert" className="text-xs text-danger">
            {errorMessage(remove.error)}
          </p>
        ) : null}
        <ReplyList
          title="Your replies"
          note="Only you see these."
          replies={personal}
          editable
          empty="None yet: add one below."
          {...lists}
        />
        <ReplyList
          title="Shared with the team"
          note={
            canShare
              ? "Everyone sees these; managers and admins keep them."
              : "Everyone sees these; managers and admins keep them, so you can use them but not change them."
          }
          replies={shared}
          editable={canShare}
          empty="No shared replies yet."
          {...lists}
        />
      </div>
      <div className="mt-3">
        {editing === "new" ? (
          <ReplyForm reply={null} canShare={canShare} onDone={() => setEditing(null)} />
        ) : (
          <Button size="sm" onClick={() => setEditing("new")}>
            + New canned reply
          </Button>
        )}
      </div>
    </Dialog>
  );
}
