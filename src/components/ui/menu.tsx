import {
  createContext,
  use,
  useEffect,
  useId,
  useRef,
  useState,
  type ButtonHTMLAttributes,
  type KeyboardEvent,
  type MouseEvent,
  type PointerEvent as ReactPointerEvent,
  type ReactNode,
} from "react";
import { cn } from "@/lib/cn.ts";

/**
 * A menu button (WAI-ARIA APG "menu button"): the button opens a role=menu of menuitem / menuitemradio; focus moves
 * into the menu; arrows, Home/End and typing the first letters move it; Enter or Space activates the item and closes
 * the menu; Escape closes it and returns focus to the button; Tab, or a click elsewhere, closes it.
 */

interface MenuContextValue {
  open: boolean;
  /** Opens with focus on the first or the last item. */
  show: (focus: "first" | "last") => void;
  /** Closes; `returnFocus` puts focus back on the button. */
  hide: (returnFocus: boolean) => void;
  buttonId: string;
  menuId: string;
  /** Callback refs for the button and the menu, and getters for event handlers and effects. */
  setButton: (el: HTMLButtonElement | null) => void;
  setMenu: (el: HTMLDivElement | null) => void;
  button: () => HTMLButtonElement | null;
  menuElement: () => HTMLDivElement | null;
  /** Where focus goes on opening, once: the first call after show() answers, later calls get null. */
  takeInitialFocus: () => "first" | "last" | null;
  peekInitialFocus: () => "first" | "last" | null;
}

const MenuContext = createContext<MenuContextValue | null>(null);

function useMenu(): MenuContextValue {
  const menu = use(MenuContext);
  if (!menu) throw new Error("Menu parts must be inside <Menu>.");
  return menu;
}

const ITEM = "[role=menuitem],[role=menuitemradio],[role=menuitemcheckbox]";
const itemsOf = (menu: HTMLElement | null) => [...(menu?.querySelectorAll<HTMLElement>(ITEM) ?? [])];

export function Menu({ children, className }: { children: ReactNode; className?: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const initialFocus = useRef<"first" | "last" | null>(null);

  const value: MenuContextValue = {
    open,
    show: (focus) => {
      initialFocus.current = focus;
      setOpen(true);
    },
    hide: (returnFocus) => {
      initialFocus.current = null;
      setOpen(false);
      if (returnFocus) buttonRef.current?.focus();
    },
    buttonId: `${id}-button`,
    menuId: `${id}-menu`,
    setButton: (el) => {
      buttonRef.current = el;
    },
    setMenu: (el) => {
      menuRef.current = el;
    },
    button: () => buttonRef.current,
    menuElement: () => menuRef.current,
    takeInitialFocus: () => {
      const want = initialFocus.current;
      initialFocus.current = null;
      return want;
    },
    peekInitialFocus: () => initialFocus.current,
  };

  // A press anywhere but the button and the menu closes it (focus stays where the press put it).
  useEffect(() => {
    if (!open) return;
    const onPointerDown = (e: PointerEvent) => {
      const target = e.target as Node | null;
      if (!menuRef.current?.contains(target) && !buttonRef.current?.contains(target)) {
        initialFocus.current = null;
        setOpen(false);
      }
    };
    document.addEventListener("pointerdown", onPointerDown);
    return () => document.removeEventListener("pointerdown", onPointerDown);
  }, [open]);

  return (
    <MenuContext value={value}>
      <div className={cn("relative", className)}>{children}</div>
    </MenuContext>
  );
}

export type MenuButtonProps = Omit<ButtonHTMLAttributes<HTMLButtonElement>, "type">;

/** The button that opens the menu: a click, Enter or Space or ArrowDown focus the first item, ArrowUp the last. */
export function MenuButton({ onClick, onKeyDown, ...props }: MenuButtonProps) {
  const menu = useMenu();
  const { setButton } = menu;
  return (
    <button
      {...props}
      ref={setButton}
      id={menu.buttonId}
      type="button"
      aria-haspopup="menu"
      aria-expanded={menu.open}
      aria-controls={menu.open ? menu.menuId : undefined}
      onClick={(e) => {
        onClick?.(e);
        if (e.defaultPrevented) return;
        if (menu.open) menu.hide(false);
        else menu.show("first");
      }}
      onKeyDown={(e) => {
        onKeyDown?.(e);
        if (e.defaultPrevented) return;
        if (e.key === "ArrowDown" || e.key === "ArrowUp") {
          e.preventDefault();
          menu.show(e.key === "ArrowDown" ? "first" : "last");
        }
      }}
    />
  );
}

export interface MenuPopupProps {
  /** The menu's accessible name; the button's text names it otherwise. */
  label?: string;
  /** Content above the menu in the same panel (who is signed in): not an item, read as the menu's description. */
  header?: ReactNode;
  /** Classes of the floating panel (its position and width). */
  className?: string;
  children: ReactNode;
}

/** The floating panel with the role=menu: rendered only while open. */
export function MenuPopup({ label, header, className, children }: MenuPopupProps) {
  const menu = useMenu();
  const { setMenu } = menu;
  const headerId = useId();
  const typed = useRef({ text: "", at: 0 });

  // Focus the first (or last) item on opening, or as soon as the items arrive if the menu opened before them.
  useEffect(() => {
    const el = menu.menuElement();
    const want = menu.peekInitialFocus();
    if (!menu.open || !el || !want) return;
    const items = itemsOf(el);
    const target = want === "first" ? items[0] : items[items.length - 1];
    if (target) {
      menu.takeInitialFocus();
      target.focus();
    } else if (!el.contains(document.activeElement)) {
      el.focus();
    }
  });

  if (!menu.open) return null;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const items = itemsOf(menu.menuElement());
    const at = items.indexOf(document.activeElement as HTMLElement);
    // Moving by arrows or Home/End ends a typeahead search: the next letter starts a new one.
    const focus = (i: number) => {
      typed.current.text = "";
      items[(i + items.length) % items.length]?.focus();
    };
    switch (e.key) {
      case "ArrowDown":
        focus(at + 1);
        break;
      case "ArrowUp":
        focus(at < 0 ? -1 : at - 1);
        break;
      case "Home":
        focus(0);
        break;
      case "End":
        focus(-1);
        break;
      case "Escape":
        menu.hide(true);
        break;
      case "Enter":
      case " ":
        items[at]?.click();
        break;
      case "Tab":
        // Close, and let the browser move focus on from the button: to what follows (or precedes) the menu button.
        menu.hide(true);
        return;
      default: {
        if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey || !/\S/.test(e.key)) return;
        // Typeahead: the next item whose text starts with what was typed in the last half second.
        const now = Date.now();
        const t = typed.current;
        t.text = (now - t.at > TYPEAHEAD_RESET_MS ? "" : t.text) + e.key.toLowerCase();
        t.at = now;
        // One letter, or the same letter again, moves to the next item starting with it (cycling); more letters
        // refine the search from the current item.
        const cycle = [...t.text].every((c) => c === t.text[0]);
        const search = cycle ? e.key.toLowerCase() : t.text;
        const start = cycle ? at + 1 : Math.max(at, 0);
        for (let i = 0; i < items.length; i++) {
          const item = items[(start + i) % items.length];
          if (item && itemText(item).startsWith(search)) {
            item.focus();
            break;
          }
        }
      }
    }
    e.preventDefault();
    e.stopPropagation();
  };

  return (
    <div
      className={cn(
        "absolute z-40 mt-1 rounded-lg border border-line bg-surface p-1 text-fg shadow-pop",
        className,
      )}
    >
      {header ? <div id={headerId}>{header}</div> : null}
      <div
        ref={setMenu}
        id={menu.menuId}
        role="menu"
        aria-label={label}
        aria-labelledby={label ? undefined : menu.buttonId}
        aria-describedby={header ? headerId : undefined}
        tabIndex={-1}
        onKeyDown={onKeyDown}
        onBlur={(e) => {
          const to = e.relatedTarget as Node | null;
          // Leaving for another window keeps the menu; leaving for elsewhere on the page closes it.
          if (to === null && !document.hasFocus()) return;
          if (to && (menu.menuElement()?.contains(to) || menu.button()?.contains(to))) return;
          menu.hide(false);
        }}
        className="focus:outline-none"
      >
        {children}
      </div>
    </div>
  );
}

/** A pause this long between letters starts a new typeahead search. */
export const TYPEAHEAD_RESET_MS = 500;

/** What typeahead matches: the item's `data-text`, or its visible text. */
function itemText(item: HTMLElement): string {
  return (item.dataset.text ?? item.textContent ?? "").trim().toLowerCase();
}

const itemClass =
  "flex w-full cursor-pointer items-center gap-2 rounded-md px-2 py-1.5 text-left text-sm hover:bg-surface-3 focus:bg-surface-3 focus:outline-none aria-disabled:cursor-not-allowed aria-disabled:opacity-60";

export interface MenuItemProps {
  /** Called on a click, Enter or Space; the menu then closes and focus returns to the button. */
  onSelect?: (e: MouseEvent<HTMLElement>) => void;
  /** A link item: follows `href` (onSelect may take over, e.g. for in-app navigation). */
  href?: string;
  /** Focusable but not activatable (APG), e.g. while a request is pending. */
  disabled?: boolean;
  /** The text typeahead matches when the visible text starts with something else. */
  textValue?: string;
  tone?: "default" | "danger";
  className?: string;
  "aria-describedby"?: string;
  "aria-labelledby"?: string;
  children: ReactNode;
}

function useActivate(onSelect: MenuItemProps["onSelect"], disabled: boolean | undefined) {
  const menu = useMenu();
  return (e: MouseEvent<HTMLElement>) => {
    if (disabled) {
      e.preventDefault();
      return;
    }
    onSelect?.(e);
    menu.hide(true);
  };
}

/** The pointer's item is the focused one: one highlight, and the keys carry on from there. */
const focusOnHover = (e: ReactPointerEvent<HTMLElement>) => {
  if (document.activeElement !== e.currentTarget) e.currentTarget.focus();
};

const toneClass = {
  default: "",
  danger: "text-danger hover:bg-danger-soft focus:bg-danger-soft",
};

export function MenuItem({
  onSelect,
  href,
  disabled,
  textValue,
  tone = "default",
  className,
  children,
  ...aria
}: MenuItemProps) {
  const activate = useActivate(onSelect, disabled);
  const props = {
    role: "menuitem",
    tabIndex: -1,
    "aria-disabled": disabled || undefined,
    "data-text": textValue,
    onClick: activate,
    onPointerMove: focusOnHover,
    className: cn(itemClass, toneClass[tone], className),
    ...aria,
  };
  return href ? (
    <a href={href} {...props}>
      {children}
    </a>
  ) : (
    <div {...props}>{children}</div>
  );
}

export interface MenuItemRadioProps extends Omit<MenuItemProps, "href" | "tone"> {
  checked: boolean;
}

/** One of a group of choices (role=menuitemradio), the current one checked. */
export function MenuItemRadio({
  checked,
  onSelect,
  disabled,
  textValue,
  className,
  children,
  ...aria
}: MenuItemRadioProps) {
  const activate = useActivate(onSelect, disabled);
  return (
    <div
      role="menuitemradio"
      aria-checked={checked}
      tabIndex={-1}
      aria-disabled={disabled || undefined}
      data-text={textValue}
      onClick={activate}
      onPointerMove={focusOnHover}
      className={cn(itemClass, className)}
      {...aria}
    >
      {children}
      <span aria-hidden="true" className={cn("ml-auto text-accent-text", !checked && "invisible")}>
        ✓
      </span>
    </div>
  );
}

/** A labelled group of items, e.g. the radio items of one choice. */
export function MenuGroup({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="group" aria-label={label}>
      {children}
    </div>
  );
}

export function MenuSeparator() {
  return <div role="separator" className="my-1 border-t border-line" />;
}
