import type { OneTimeLink } from "@contract/auth.ts";
import { Button } from "@/components/ui/button.tsx";
import { Dialog } from "@/components/ui/dialog.tsx";
import { formatFull } from "@/lib/format.ts";
import { CopyField } from "@/features/admin/components/copy-field.tsx";

export interface OneTimeLinkDialogProps {
  /** The link to show; null keeps the dialog closed. */
  link: OneTimeLink | null;
  title: string;
  /** Who gets it ("Ana Silva", "hana@shop.example"). */
  recipient: string;
  /** What the link does, in a sentence. */
  purpose: string;
  onClose: () => void;
}

/** A setup, invitation or reset link, shown once: copy it, hand it over, then it is gone from Baton's screens. */
export function OneTimeLinkDialog({ link, title, recipient, purpose, onClose }: OneTimeLinkDialogProps) {
  return (
    <Dialog open={link !== null} onClose={onClose} title={title} description={purpose}>
      {link ? (
        <div className="flex flex-col gap-3">
          <CopyField label="One-time link" value={link.url} />
          <div className="rounded-lg border border-warning/30 bg-warning-soft px-3 py-2 text-sm text-warning">
            <p className="font-medium">Shown once: copy it now.</p>
            <p className="mt-0.5">
              {link.emailed
                ? `Baton also emailed it to ${recipient}. `
                : `Hand it to ${recipient} yourself, through a channel you trust (in person, your team chat). `}
              It works once, until {formatFull(link.expiresAt)}. Anyone with the link can use it, so do not
              post it anywhere public.
            </p>
          </div>
          <div className="flex justify-end">
            <Button variant="secondary" onClick={onClose}>
              Done
            </Button>
          </div>
        </div>
      ) : null}
    </Dialog>
  );
}
