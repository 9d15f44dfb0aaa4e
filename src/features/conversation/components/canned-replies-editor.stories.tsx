import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn, waitFor, within } from "storybook/test";
import { MANAGER_ID } from "@/mocks/auth-fixtures.ts";
import CannedRepliesEditor from "@/features/conversation/components/canned-replies-editor.tsx";
import { currentDb, type StoryDb } from "../../../../.storybook/mock-api.ts";

/** Ana Silva's own reply, beside the team's shared ones. */
const withPersonalReply = (db: StoryDb) => {
  db.cannedReplies = [
    ...db.cannedReplies,
    { id: "cr-ana", shortcut: "sign", text: "Ana from the Baton Demo Shop team", shared: false },
  ];
  db.cannedReplyOwners.set("cr-ana", "agent-ana");
};

/** Signed in as Ana Silva, an agent: her personal replies are hers to change, the shared ones are the managers'. */
const meta = {
  title: "Conversation/CannedRepliesEditor",
  component: CannedRepliesEditor,
  args: { open: true, onClose: fn() },
  parameters: { baton: { db: withPersonalReply } },
} satisfies Meta<typeof CannedRepliesEditor>;
export default meta;
type Story = StoryObj<typeof meta>;

const manager = { baton: { agentId: MANAGER_ID, db: withPersonalReply } };

export const Open: Story = {
  play: async () => {
    const body = within(document.body);
    await expect(await body.findByRole("button", { name: "Edit /sign" })).toBeVisible();
    await expect(body.queryByRole("button", { name: "Edit /hello" })).toBeNull();
  },
};
export const OpenAsManager: Story = {
  parameters: manager,
  play: async () => {
    await expect(await within(document.body).findByRole("button", { name: "Edit /hello" })).toBeVisible();
  },
};

export const AddAReply: Story = {
  play: async ({ userEvent }) => {
    const body = within(document.body);
    await userEvent.click(await body.findByRole("button", { name: "+ New canned reply" }));
    await expect(body.queryByRole("checkbox", { name: /Share with the whole team/ })).toBeNull();
    await userEvent.type(body.getByLabelText("Shortcut"), "late");
    await userEvent.type(body.getByLabelText("Text"), "Sorry for the wait, I'm on it now.");
    await userEvent.click(body.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(currentDb().cannedReplies.find((r) => r.shortcut === "late")?.shared).toBe(false),
    );
  },
};

export const AddASharedReply: Story = {
  parameters: manager,
  play: async ({ userEvent }) => {
    const body = within(document.body);
    await userEvent.click(await body.findByRole("button", { name: "+ New canned reply" }));
    await userEvent.type(body.getByLabelText("Shortcut"), "holidays");
    await userEvent.type(
      body.getByLabelText("Text"),
      "We are closed on public holidays and answer the next day.",
    );
    await userEvent.click(body.getByRole("checkbox", { name: /Share with the whole team/ }));
    await userEvent.click(body.getByRole("button", { name: "Save" }));
    await waitFor(() =>
      expect(currentDb().cannedReplies.find((r) => r.shortcut === "holidays")?.shared).toBe(true),
    );
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
