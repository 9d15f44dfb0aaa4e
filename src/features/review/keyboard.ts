import type { KeyboardEvent as ReactKeyboardEvent } from "react";

const choiceInputs = new Set(["checkbox", "radio", "button", "submit", "reset"]);

/**
 * Where a letter or digit is text, not a shortcut: a text field, a text area, a select, an editable element.
 * Unlike the inbox's global shortcuts, a reason's radio button or the reopen checkbox is not typing: the reviewer
 * keeps moving with j/k and choosing verdicts with 1-5 from there.
 */
function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") return true;
  return target instanceof HTMLInputElement && !choiceInputs.has(target.type);
}

/** A single-key shortcut may run: no modifier, nobody typing, no dialog open, nothing handled it already. */
export function mayRunShortcut(e: KeyboardEvent | ReactKeyboardEvent): boolean {
  return (
    !e.defaultPrevented &&
    !e.metaKey &&
    !e.ctrlKey &&
    !e.altKey &&
    !isTyping(e.target) &&
    document.querySelector("dialog[open]") === null
  );
}
