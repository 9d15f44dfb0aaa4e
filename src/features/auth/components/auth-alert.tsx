import type { ReactNode } from "react";
import { cn } from "@/lib/cn.ts";

/** A message at the top of an auth form: a failure (alert, read at once) or a notice (status, read politely). */
export function AuthAlert({ tone, children }: { tone: "danger" | "warning" | "info"; children: ReactNode }) {
  return (
    <div
      role={tone === "info" ? "status" : "alert"}
      className={cn(
        "mb-4 rounded-lg border px-3 py-2 text-sm",
        tone === "danger" && "border-danger/30 bg-danger-soft text-danger",
        tone === "warning" && "border-warning/30 bg-warning-soft text-warning",
        tone === "info" && "border-info/30 bg-info-soft text-info",
      )}
    >
      {children}
    </div>
  );
}
