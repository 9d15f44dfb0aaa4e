import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, waitFor, within } from "storybook/test";
import CannedRepliesEditor from "@/features/conversation/components/canned-replies-editor.tsx";
import { currentDb } from "../../../../.storybook/mock-api.ts";

const meta = {
  title: "Conversation/CannedRepliesEditor",
  component: CannedRepliesEditor,
  args: { open: true, onClose: fn() },
} satisfies Meta<typeof CannedRepliesEditor>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Open: Story = {};
export const AddAReply: Story = {
  play: async ({ userEvent }) => {
    const body = within(document.body);
    await userEvent.click(await body.findByRole("button", { name: "+ New canned reply" }));
    await userEvent.type(body.getByLabelText("Shortcut"), "late");
    await userEvent.type(body.getByLabelText("Text"), "Sorry for the wait, I'm on it now.");
    await userEvent.click(body.getByRole("button", { name: "Save" }));
    await waitFor(() => expect(currentDb().cannedReplies.some((r) => r.shortcut === "late")).toBe(true));
  },
};
export const InvalidShortcut: Story = {
  play: async ({ userEvent }) => {
    const body = within(document.body);
    await userEvent.click(await body.findByRole("button", { name: "+ New canned reply" }));
    await userEvent.type(body.getByLabelText("Shortcut"), "no spaces please");
    await userEvent.type(body.getByLabelText("Text"), "x");
    await userEvent.click(body.getByRole("button", { name: "Save" }));
    await expect(await body.findByRole("alert")).toHaveTextContent(/letters, digits/);
  },
};
