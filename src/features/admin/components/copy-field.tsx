import { useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button.tsx";

/** A read-only value with a Copy button; where the clipboard is not allowed, the text is selected for Ctrl+C. */
export function CopyField({ label, value }: { label: string; value: string }) {
  const id = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<"yes" | "select" | null>(null);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className="flex flex-col gap-2 sm:flex-row">
        <input
          ref={inputRef}
          id={id}
          readOnly
          value={value}
          onFocus={(e) => e.currentTarget.select()}
          className="h-9 min-w-0 flex-1 rounded-lg border border-line-strong bg-surface-2 px-3 font-mono text-xs text-fg"
        />
        <Button
          variant="primary"
          className="h-9"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(value);
              setCopied("yes");
            } catch {
              inputRef.current?.select();
              setCopied("select");
            }
          }}
        >
          {copied === "yes" ? "Copied" : "Copy link"}
        </Button>
      </div>
      <p role="status" className="min-h-4 text-xs text-muted">
        {copied === "yes"
          ? "The link is on your clipboard."
          : copied === "select"
            ? "Copying is blocked here: the link is selected, press Ctrl+C (⌘C on a Mac)."
            : ""}
      </p>
    </div>
  );
}
