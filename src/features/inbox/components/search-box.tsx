import { useEffect, useRef, useState } from "react";
import { Icon } from "@/components/ui/icon.tsx";
import { Kbd } from "@/components/ui/kbd.tsx";
import { useCommand } from "@/lib/commands.ts";
import { navigate } from "@/shared/url-state.ts";

/** Searches customer names and message text; the query lives in the URL (debounced, replacing history). */
export function SearchBox({ q }: { q: string }) {
  const [value, setValue] = useState(q);
  const ref = useRef<HTMLInputElement>(null);
  const [lastQ, setLastQ] = useState(q);
  if (q !== lastQ) {
    setLastQ(q);
    setValue(q);
  }
  useEffect(() => {
    if (value === q) return;
    const id = setTimeout(() => navigate({ q: value, conversationId: null }, { replace: true }), 250);
    return () => clearTimeout(id);
  }, [value, q]);
  useCommand("search.focus", () => {
    ref.current?.focus();
    ref.current?.select();
  });
  return (
    <div role="search" className="relative">
      <label htmlFor="inbox-search" className="sr-only">
        Search conversations
      </label>
      <Icon
        name="search"
        className="pointer-events-none absolute top-1/2 left-2.5 h-3.5 w-3.5 -translate-y-1/2 text-muted"
      />
      <input
        id="inbox-search"
        ref={ref}
        type="search"
        value={value}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Enter") navigate({ q: value, conversationId: null }, { replace: true });
          if (e.key === "Escape") {
            // Esc leaves the search and keeps the query: a search input's native Escape would empty it, and the
            // debounce above would then clear the search and close the conversation opened from the results.
            e.preventDefault();
            e.currentTarget.blur();
          }
        }}
        placeholder="Search name or message"
        className="h-8 w-full rounded-md border border-line bg-surface-2 pr-8 pl-7 text-sm placeholder:text-muted focus:border-accent focus:bg-surface focus:outline-none"
      />
      <Kbd className="absolute top-1/2 right-2 -translate-y-1/2">/</Kbd>
    </div>
  );
}
