import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { useState } from "react";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import {
  Menu,
  MenuButton,
  MenuItem,
  MenuItemRadio,
  MenuPopup,
  TYPEAHEAD_RESET_MS,
} from "@/components/ui/menu.tsx";

const fruits = ["Apple", "Apricot", "Banana", "Blueberry", "Cherry"];

function Fruits({ onSelect = () => {} }: { onSelect?: (name: string) => void }) {
  const [picked, setPicked] = useState("Banana");
  return (
    <>
      <button type="button">Before</button>
      <Menu>
        <MenuButton>Fruit</MenuButton>
        <MenuPopup label="Fruits">
          {fruits.map((f) => (
            <MenuItemRadio
              key={f}
              checked={picked === f}
              onSelect={() => {
                setPicked(f);
                onSelect(f);
              }}
            >
              {f}
            </MenuItemRadio>
          ))}
          <MenuItem disabled onSelect={() => onSelect("disabled")}>
            Durian (out of season)
          </MenuItem>
        </MenuPopup>
      </Menu>
      <button type="button">After</button>
    </>
  );
}

const button = () => screen.getByRole("button", { name: "Fruit" });
const item = (name: string) => screen.getByRole("menuitemradio", { name });

describe("Menu", () => {
  it("is a menu button: closed, it says it has a menu; open, focus is on the first item", async () => {
    const user = userEvent.setup();
    render(<Fruits />);
    expect(button()).toHaveAttribute("aria-haspopup", "menu");
    expect(button()).toHaveAttribute("aria-expanded", "false");
    expect(screen.queryByRole("menu")).toBeNull();
    await user.click(button());
    expect(button()).toHaveAttribute("aria-expanded", "true");
    const menu = screen.getByRole("menu", { name: "Fruits" });
    expect(button()).toHaveAttribute("aria-controls", menu.id);
    expect(item("Apple")).toHaveFocus();
    expect(item("Banana")).toHaveAttribute("aria-checked", "true");
    expect(item("Apple")).toHaveAttribute("aria-checked", "false");
  });

  it("arrows move and wrap, Home and End jump", async () => {
    const user = userEvent.setup();
    render(<Fruits />);
    await user.click(button());
    await user.keyboard("{ArrowDown}");
    expect(item("Apricot")).toHaveFocus();
    await user.keyboard("{ArrowUp}{ArrowUp}");
    expect(screen.getByRole("menuitem", { name: "Durian (out of season)" })).toHaveFocus();
    await user.keyboard("{ArrowDown}");
    expect(item("Apple")).toHaveFocus();
    await user.keyboard("{End}");
    expect(screen.getByRole("menuitem", { name: "Durian (out of season)" })).toHaveFocus();
    await user.keyboard("{Home}");
    expect(item("Apple")).toHaveFocus();
  });

  it("ArrowUp on the button opens on the last item, ArrowDown on the first", async () => {
    const user = userEvent.setup();
    render(<Fruits />);
    button().focus();
    await user.keyboard("{ArrowUp}");
    expect(screen.getByRole("menuitem", { name: "Durian (out of season)" })).toHaveFocus();
    await user.keyboard("{Escape}");
    await user.keyboard("{ArrowDown}");
    expect(item("Apple")).toHaveFocus();
  });

  it("typing moves to the item starting with the letters; the same letter again cycles", async () => {
    // Only Date is faked: a pause between letters is the clock moving past TYPEAHEAD_RESET_MS, not a real wait.
    vi.useFakeTimers({ toFake: ["Date"] });
    onTestFinished(() => {
      vi.useRealTimers();
    });
    const user = userEvent.setup();
    render(<Fruits />);
    await user.click(button());
    await user.keyboard("b");
    expect(item("Banana")).toHaveFocus();
    await user.keyboard("b");
    expect(item("Blueberry")).toHaveFocus();
    await user.keyboard("b");
    expect(item("Banana")).toHaveFocus();
    vi.setSystemTime(Date.now() + TYPEAHEAD_RESET_MS + 1);
    await user.keyboard("apr");
    expect(item("Apricot")).toHaveFocus();
    vi.setSystemTime(Date.now() + TYPEAHEAD_RESET_MS + 1);
    await user.keyboard("c");
    expect(item("Cherry")).toHaveFocus();
  });

  it("Enter and Space activate the item, close the menu and return focus to the button", async () => {
    const onSelect = vi.fn();
    const user = userEvent.setup();
    render(<Fruits onSelect={onSelect} />);
    await user.click(button());
    await user.keyboard("{ArrowDown}{Enter}");
    expect(onSelect).toHaveBeenLastCalledWith("Apricot");
    expect(screen.queryByRole("menu")).toBeNull();
    expect(button()).toHaveFocus();
    await user.keyboard("{Enter}");
    expect(item("Apricot")).toHaveAttribute("aria-checked", "true");
    await user.keyboard("{End}{ArrowUp} ");
    expect(onSelect).toHaveBeenLastCalledWith("Cherry");
    expect(onSelect).toHaveBeenCalledTimes(2);
    expect(button()).toHaveFocus();
  });

  it("a disabled item takes focus but does nothing", async () => {
    const onSelect = vi.fn();
    const user = userEvent.setup();
    render(<Fruits onSelect={onSelect} />);
    await user.click(button());
    await user.keyboard("{End}{Enter}");
    expect(onSelect).not.toHaveBeenCalled();
    expect(screen.getByRole("menu")).toBeInTheDocument();
  });

  it("Escape closes and returns focus to the button", async () => {
    const user = userEvent.setup();
    render(<Fruits />);
    await user.click(button());
    await user.keyboard("{Escape}");
    expect(screen.queryByRole("menu")).toBeNull();
    expect(button()).toHaveFocus();
    expect(button()).toHaveAttribute("aria-expanded", "false");
  });

  it("Tab closes the menu and moves on", async () => {
    const user = userEvent.setup();
    render(<Fruits />);
    await user.click(button());
    await user.tab();
    expect(screen.queryByRole("menu")).toBeNull();
    expect(screen.getByRole("button", { name: "After" })).toHaveFocus();
  });

  it("a click outside closes the menu; a click on the button toggles it", async () => {
    const user = userEvent.setup();
    render(<Fruits />);
    await user.click(button());
    await user.click(screen.getByRole("button", { name: "Before" }));
    expect(screen.queryByRole("menu")).toBeNull();
    await user.click(button());
    expect(screen.getByRole("menu")).toBeInTheDocument();
    await user.click(button());
    expect(screen.queryByRole("menu")).toBeNull();
  });
});
