import { Dialog } from "@/components/ui/dialog.tsx";
import { Kbd } from "@/components/ui/kbd.tsx";
import { shortcutHelp } from "@/app/shortcuts.ts";

/** Every keyboard shortcut (lazy-loaded, shown with `?`). */
export default function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Keyboard shortcuts"
      description="Everything in Baton works without a mouse."
    >
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2 text-sm">
        {shortcutHelp.map((s) => (
          <div key={s.description} className="contents">
            <dt className="flex items-center gap-1">
              {s.keys.map((k, i) => (
                <span key={i} className="flex items-center gap-1">
                  {i > 0 ? <span className="text-xs text-muted">then</span> : null}
                  <Kbd>{k}</Kbd>
                </span>
              ))}
            </dt>
            <dd className="text-muted">{s.description}</dd>
          </div>
        ))}
      </dl>
    </Dialog>
  );
}
