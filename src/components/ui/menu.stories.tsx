import type { Meta, StoryObj } from "@storybook/react-vite";
import { useState } from "react";
import { expect, fn, waitFor } from "storybook/test";
import { buttonVariants } from "@/components/ui/button.tsx";
import {
  Menu,
  MenuButton,
  MenuGroup,
  MenuItem,
  MenuItemRadio,
  MenuPopup,
  MenuSeparator,
} from "@/components/ui/menu.tsx";

const countries = [
  "Argentina",
  "Australia",
  "Austria",
  "Belgium",
  "Brazil",
  "Canada",
  "Chile",
  "Denmark",
  "Finland",
  "France",
  "Germany",
  "Greece",
  "India",
  "Ireland",
  "Italy",
  "Japan",
  "Mexico",
  "Netherlands",
  "Norway",
  "Portugal",
  "Spain",
  "Sweden",
];

function MenuDemo({
  items,
  initial,
  onSelect,
}: {
  items: string[];
  initial: string | null;
  onSelect: (item: string) => void;
}) {
  const [picked, setPicked] = useState(initial);
  return (
    <Menu className="inline-block">
      <MenuButton className={buttonVariants({ size: "sm" })}>
        {picked ?? "Choose…"} <span aria-hidden="true">▾</span>
      </MenuButton>
      <MenuPopup label="Choose one" className="left-0 max-h-72 w-56 overflow-y-auto">
        <MenuGroup label="Choices">
          {items.map((item) => (
            <MenuItemRadio
              key={item}
              checked={picked === item}
              onSelect={() => {
                setPicked(item);
                onSelect(item);
              }}
            >
              {item}
            </MenuItemRadio>
          ))}
        </MenuGroup>
        <MenuSeparator />
        <MenuItem tone="danger" onSelect={() => setPicked(null)}>
          Clear
        </MenuItem>
      </MenuPopup>
    </Menu>
  );
}

const meta = {
  title: "UI/Menu",
  component: MenuDemo,
  args: { items: ["Open", "Pending", "Resolved"], initial: null, onSelect: fn() },
  decorators: [(Story) => <div className="h-96">{Story()}</div>],
} satisfies Meta<typeof MenuDemo>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Closed: Story = {
  play: async ({ canvas }) => {
    const button = canvas.getByRole("button", { name: /Choose/ });
    await expect(button).toHaveAttribute("aria-haspopup", "menu");
    await expect(button).toHaveAttribute("aria-expanded", "false");
  },
};

/** Open: focus on the first item; Escape closes and focus returns to the button. */
export const Open: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("button", { name: /Choose/ }));
    await expect(canvas.getByRole("menu", { name: "Choose one" })).toBeVisible();
    await waitFor(() => expect(canvas.getByRole("menuitemradio", { name: "Open" })).toHaveFocus());
    await userEvent.keyboard("{ArrowDown}");
    await expect(canvas.getByRole("menuitemradio", { name: "Pending" })).toHaveFocus();
  },
};

export const EscapeReturnsFocus: Story = {
  play: async ({ canvas, userEvent }) => {
    const button = canvas.getByRole("button", { name: /Choose/ });
    await userEvent.click(button);
    await userEvent.keyboard("{Escape}");
    await expect(canvas.queryByRole("menu")).toBeNull();
    await expect(button).toHaveFocus();
  },
};

/** The current choice is checked (menuitemradio, aria-checked). */
export const WithACheckedItem: Story = {
  args: { initial: "Pending" },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("button", { name: /Pending/ }));
    await expect(canvas.getByRole("menuitemradio", { name: "Pending" })).toHaveAttribute(
      "aria-checked",
      "true",
    );
    await expect(canvas.getByRole("menuitemradio", { name: "Open" })).toHaveAttribute(
      "aria-checked",
      "false",
    );
  },
};

/** A long list: typing the first letters moves to the item, Home/End to the ends, Enter picks. */
export const LongListWithTypeahead: Story = {
  args: { items: countries },
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("button", { name: /Choose/ }));
    await userEvent.keyboard("ir");
    await expect(canvas.getByRole("menuitemradio", { name: "Ireland" })).toHaveFocus();
    await userEvent.keyboard("{End}");
    await expect(canvas.getByRole("menuitem", { name: "Clear" })).toHaveFocus();
    await userEvent.keyboard("{Home}");
    await expect(canvas.getByRole("menuitemradio", { name: "Argentina" })).toHaveFocus();
    await userEvent.keyboard("s");
    await expect(canvas.getByRole("menuitemradio", { name: "Spain" })).toHaveFocus();
    await userEvent.keyboard("{Enter}");
    await expect(args.onSelect).toHaveBeenCalledWith("Spain");
    await expect(canvas.getByRole("button", { name: /Spain/ })).toHaveFocus();
  },
};
