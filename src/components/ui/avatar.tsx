import { useState } from "react";
import { cn } from "@/lib/cn.ts";
import { initials } from "@/lib/format.ts";
import { safeHttpUrl } from "@/lib/safe-url.ts";

const palette = [
  "bg-accent-soft text-accent-text",
  "bg-bubble-bot text-bubble-bot-text",
  "bg-bubble-page text-bubble-page-text",
  "bg-success-soft text-success",
  "bg-info-soft text-info",
];

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  return Math.abs(h);
}

export interface AvatarProps {
  name: string;
  src?: string | null;
  size?: "sm" | "md" | "lg";
  className?: string;
}

/**
 * A person's picture, or their initials on a colour derived from the name. Decorative: the name is said next to it.
 * The picture's URL comes from Meta's profile API: only an http(s) URL is loaded (safeHttpUrl), else the initials show.
 */
export function Avatar({ name, src, size = "md", className }: AvatarProps) {
  const [broken, setBroken] = useState(false);
  const dims =
    size === "sm" ? "h-6 w-6 text-[10px]" : size === "lg" ? "h-10 w-10 text-sm" : "h-8 w-8 text-xs";
  const picture = safeHttpUrl(src);
  if (picture && !broken) {
    return (
      <img
        src={picture}
        alt=""
        aria-hidden="true"
        onError={() => setBroken(true)}
        className={cn("shrink-0 rounded-full object-cover", dims, className)}
        loading="lazy"
      />
    );
  }
  return (
    <span
      aria-hidden="true"
      className={cn(
        "inline-flex shrink-0 items-center justify-center rounded-full font-semibold",
        dims,
        palette[hash(name) % palette.length],
        className,
      )}
    >
      {initials(name)}
    </span>
  );
}
