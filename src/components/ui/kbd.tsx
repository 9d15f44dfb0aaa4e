import type { HTMLAttributes } from "react";
import { cn } from "@/lib/cn.ts";

export function Kbd({ className, ...props }: HTMLAttributes<HTMLElement>) {
  return (
    <kbd
      className={cn(
        "inline-flex min-w-5 items-center justify-center rounded border border-line-strong bg-surface-2 px-1 font-mono text-[11px] text-muted",
        className,
      )}
      {...props}
    />
  );
}
