import type { Meta, StoryObj } from "@storybook/react-vite";
import { useState } from "react";
import { expect, within } from "storybook/test";
import { Button } from "@/components/ui/button.tsx";
import { Dialog } from "@/components/ui/dialog.tsx";

function DialogDemo({ initiallyOpen, long }: { initiallyOpen: boolean; long?: boolean }) {
  const [open, setOpen] = useState(initiallyOpen);
  return (
    <>
      <Button onClick={() => setOpen(true)}>Open dialog</Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        title="Canned replies"
        description="Type / in the reply box to insert one."
      >
        <p className="text-sm">
          {long
            ? "Thisisaverylongunbrokenlinewithoutanyspacesthatmustwrapinsidethedialogratherthanstretchit ".repeat(
                6,
              )
            : "Dialog content goes here."}
        </p>
      </Dialog>
    </>
  );
}

const meta = { title: "UI/Dialog", component: DialogDemo, args: { initiallyOpen: true } } satisfies Meta<
  typeof DialogDemo
>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Open: Story = {};
export const LongContent: Story = { args: { long: true } };
export const CloseButtonCloses: Story = {
  args: { initiallyOpen: false },
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("button", { name: "Open dialog" }));
    const body = within(document.body);
    await expect(await body.findByRole("heading", { name: "Canned replies" })).toBeVisible();
    await userEvent.click(body.getByRole("button", { name: "Close" }));
    await expect(body.queryByRole("heading", { name: "Canned replies" })).toBeNull();
  },
};

/** Two dialogs on one page: each is named by its own title and described by its own text (unique ids). */
export const TwoDialogsKeepTheirOwnNames: Story = {
  render: () => (
    <>
      <Dialog open={false} onClose={() => {}} title="First dialog" description="The first description.">
        <p className="text-sm">First.</p>
      </Dialog>
      <Dialog open onClose={() => {}} title="Second dialog" description="The second description.">
        <p className="text-sm">Second.</p>
      </Dialog>
    </>
  ),
  play: async () => {
    const body = within(document.body);
    const second = await body.findByRole("dialog", { name: "Second dialog" });
    await expect(second).toHaveAccessibleDescription("The second description.");
    const ids = [...document.querySelectorAll("dialog")].map((d) => d.getAttribute("aria-labelledby"));
    await expect(new Set(ids).size).toBe(2);
  },
};
