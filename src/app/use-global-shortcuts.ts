import { useEffect, useRef } from "react";
import { runCommand } from "@/lib/commands.ts";
import { navigate } from "@/shared/url-state.ts";
import { viewForKey } from "@/app/shortcuts.ts";

function typing(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target.tagName === "INPUT" ||
    target.tagName === "TEXTAREA" ||
    target.tagName === "SELECT"
  );
}

/** Single-key shortcuts (never while typing), `g` then a view letter, and `?` for help. */
export function useGlobalShortcuts(openHelp: () => void): void {
  const pendingG = useRef<number | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey || typing(e.target)) return;
      if (document.querySelector("dialog[open]")) return;
      if (pendingG.current !== null) {
        window.clearTimeout(pendingG.current);
        pendingG.current = null;
        const view = viewForKey(e.key);
        if (view) {
          e.preventDefault();
          navigate({ view, conversationId: null, q: "" });
        }
        return;
      }
      let handled = true;
      switch (e.key) {
        case "g":
          pendingG.current = window.setTimeout(() => (pendingG.current = null), 1500);
          break;
        case "j":
          handled = runCommand("list.next");
          break;
        case "k":
          handled = runCommand("list.prev");
          break;
        case "Enter":
          // Only from outside the list/buttons: inside, Enter already means "activate this".
          handled = e.target === document.body && runCommand("list.open");
          break;
        case "r":
          handled = runCommand("reply.focus");
          break;
        case "e":
          handled = runCommand("conversation.resolve");
          break;
        case "a":
          handled = runCommand("conversation.assignMe");
          break;
        case "/":
          handled = runCommand("search.focus");
          break;
        case "?":
          openHelp();
          break;
        default:
          handled = false;
      }
      if (handled) e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [openHelp]);
}
