import { useState } from "react";
import { cannedReplyBody, type CannedReply } from "@contract/api.ts";
import { Button } from "@/components/ui/button.tsx";
import { Dialog } from "@/components/ui/dialog.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { useCannedReplies } from "@/features/conversation/api/get-canned-replies.ts";
import { useDeleteCannedReply, useSaveCannedReply } from "@/features/conversation/api/save-canned-reply.ts";

function ReplyForm({ reply, onDone }: { reply: CannedReply | null; onDone: () => void }) {
  const [shortcut, setShortcut] = useState(reply?.shortcut ?? "");
  const [text, setText] = useState(reply?.text ?? "");
  const [problem, setProblem] = useState<string | null>(null);
  const save = useSaveCannedReply();
  const formId = reply?.id ?? "new";
  return (
    <form
      className="flex flex-col gap-2 rounded-lg border border-line bg-surface-2 p-3"
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = cannedReplyBody.safeParse({ shortcut, text });
        if (!parsed.success) {
          setProblem(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join(" "));
          return;
        }
        setProblem(null);
        save.mutate({ id: reply?.id ?? null, ...parsed.data }, { onSuccess: onDone });
      }}
    >
      <label className="text-xs font-medium" htmlFor={`cr-shortcut-${formId}`}>
        Shortcut
      </label>
      <input id={`cr-shortcut-${formId}`} value={shortcut} onChange={(e) => setShortcut(e.target.value)} className="h-8 rounded-md border border-line bg-surface px-2 font-mono text-sm" />
      <label className="text-xs font-medium" htmlFor={`cr-text-${formId}`}>
        Text
      </label>
      <textarea id={`cr-text-${formId}`} value={text} onChange={(e) => setText(e.target.value)} rows={3} className="rounded-md border border-line bg-surface px-2 py-1 text-sm" />
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

/** The small editable set of canned replies (lazy-loaded: rarely opened). */
export default function CannedRepliesEditor({ open, onClose }: { open: boolean; onClose: () => void }) {
  const replies = useCannedReplies();
  const remove = useDeleteCannedReply();
  const [editing, setEditing] = useState<string | "new" | null>(null);
  return (
    <Dialog open={open} onClose={onClose} title="Canned replies" description="Type / in the reply box to insert one.">
      <ul className="flex max-h-[50vh] flex-col gap-2 overflow-y-auto">
        {replies.data?.map((r) =>
          editing === r.id ? (
            <li key={r.id}>
              <ReplyForm reply={r} onDone={() => setEditing(null)} />
            </li>
          ) : (
            <li key={r.id} className="flex items-start gap-3 rounded-lg border border-line p-3">
              <div className="min-w-0 flex-1">
                <p className="font-mono text-xs font-semibold text-accent-text">/{r.shortcut}</p>
                <p className="text-sm break-words">{r.text}</p>
              </div>
              <Button size="sm" variant="ghost" onClick={() => setEditing(r.id)} aria-label={`Edit /${r.shortcut}`}>
                Edit
              </Button>
              <Button size="sm" variant="ghost" className="text-danger" onClick={() => remove.mutate(r.id)} aria-label={`Delete /${r.shortcut}`}>
                Delete
              </Button>
            </li>
          ),
        )}
      </ul>
      <div className="mt-3">
        {editing === "new" ? (
          <ReplyForm reply={null} onDone={() => setEditing(null)} />
        ) : (
          <Button size="sm" onClick={() => setEditing("new")}>
            + New canned reply
          </Button>
        )}
      </div>
    </Dialog>
  );
}
