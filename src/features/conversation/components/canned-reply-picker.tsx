import type { CannedReply } from "@contract/api.ts";
import { cn } from "@/lib/cn.ts";

export interface CannedReplyPickerProps {
  id: string;
  replies: CannedReply[];
  activeIndex: number;
  onPick: (reply: CannedReply) => void;
  onManage: () => void;
}

/**
 * The `/` menu above the reply box; the textarea keeps focus and points here with aria-activedescendant. The agent's
 * personal replies come first (the server's order) and are marked; the rest are shared with the team.
 */
export function CannedReplyPicker({ id, replies, activeIndex, onPick, onManage }: CannedReplyPickerProps) {
  return (
    <div className="absolute right-0 bottom-full left-0 z-20 mb-2 overflow-hidden rounded-lg border border-line bg-surface shadow-pop">
      <div className="flex items-center justify-between border-b border-line px-3 py-1.5 text-xs text-muted">
        <span>Canned replies · ↑↓ to choose, Enter to insert</span>
        <button
          type="button"
          onMouseDown={(e) => e.preventDefault()}
          onClick={onManage}
          className="cursor-pointer font-medium text-accent-text hover:underline"
        >
          Edit replies
        </button>
      </div>
      {replies.length === 0 ? (
        <p className="px-3 py-2 text-sm text-muted">No canned reply matches.</p>
      ) : (
        <ul id={id} role="listbox" aria-label="Canned replies" className="max-h-56 overflow-y-auto py-1">
          {replies.map((r, i) => (
            <li
              key={r.id}
              id={`${id}-${i}`}
              role="option"
              aria-selected={i === activeIndex}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => onPick(r)}
              className={cn(
                "cursor-pointer px-3 py-1.5 text-sm",
                i === activeIndex ? "bg-accent-soft" : "hover:bg-surface-2",
              )}
            >
              <span className="font-mono text-xs font-semibold text-accent-text">/{r.shortcut}</span>
              {r.shared ? null : (
                <span className="ml-2 rounded-full bg-surface-3 px-1.5 py-px text-[10px] font-medium text-muted">
                  Personal
                </span>
              )}
              <span className="ml-2 text-muted">{r.text}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
