import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor, within } from "storybook/test";
import { ADMIN_ID, MANAGER_ID } from "@/mocks/auth-fixtures.ts";
import { AdminPage } from "@/features/admin/components/admin-page.tsx";
import { currentDb, fails, neverAnswers, type StoryDb } from "../../../../.storybook/mock-api.ts";

/**
 * /admin as an admin (Erin Park) sees it. The fixtures have a deactivated agent (Farid Haddad), an agent who signs in
 * through the embedded host (Gita Rao), two pending invitations, forty audit entries and three unprocessable events.
 */
const meta = {
  title: "Admin/AdminPage",
  component: AdminPage,
  parameters: { layout: "fullscreen", baton: { agentId: ADMIN_ID } },
  decorators: [(Story) => <div className="h-screen">{Story()}</div>],
} satisfies Meta<typeof AdminPage>;
export default meta;
type Story = StoryObj<typeof meta>;

const laptop = { viewport: { value: "laptop", isRotated: false } };
const narrow = { viewport: { value: "narrow", isRotated: false } };
/** The page loads the session, then its lists: wait longer than the default on a busy runner. */
const slow = { timeout: 10_000 };

const rowOf = async (canvas: ReturnType<typeof within>, name: string) => {
  const list = await canvas.findByRole("list", { name: "Agents" }, slow);
  return within(list).getByRole("listitem", { name });
};

export const Agents: Story = {
  play: async ({ canvas }) => {
    const farid = await rowOf(canvas, "Farid Haddad");
    await expect(farid).toHaveTextContent("Deactivated");
    await expect(within(farid).getByRole("button", { name: "Reactivate Farid Haddad" })).toBeVisible();
    const gita = await rowOf(canvas, "Gita Rao");
    await expect(gita).toHaveTextContent("The embedded host (shopify)");
  },
};
const loaded: Story["play"] = async ({ canvas }) => {
  await rowOf(canvas, "Gita Rao");
  await canvas.findByRole("list", { name: "Pending invitations" }, slow);
};
export const AgentsLaptop: Story = { globals: laptop, play: loaded };
export const AgentsNarrow: Story = { globals: narrow, play: loaded };
export const AgentsLoading: Story = {
  parameters: {
    msw: {
      handlers: {
        overrides: [neverAnswers("get", "/api/admin/agents"), neverAnswers("get", "/api/admin/invitations")],
      },
    },
  },
};
export const AgentsLoadFailed: Story = {
  parameters: { msw: { handlers: { overrides: [fails("get", "/api/admin/agents")] } } },
};
export const NoPendingInvitations: Story = {
  parameters: { baton: { agentId: ADMIN_ID, db: (db: StoryDb) => void db.auth.invitations.splice(0) } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText("No invitation is waiting.", {}, slow)).toBeVisible();
  },
};

export const ChangeARole: Story = {
  play: async ({ canvas, userEvent }) => {
    const ben = await rowOf(canvas, "Ben Okafor");
    await userEvent.selectOptions(
      within(ben).getByRole("combobox", { name: "Role of Ben Okafor" }),
      "manager",
    );
    await waitFor(() =>
      expect(currentDb().auth.accounts.find((a) => a.id === "agent-ben")?.role).toBe("manager"),
    );
  },
};

export const LastAdminRefused: Story = {
  play: async ({ canvas, userEvent }) => {
    const erin = await rowOf(canvas, "Erin Park");
    await userEvent.selectOptions(within(erin).getByRole("combobox", { name: "Role of Erin Park" }), "agent");
    await expect(await canvas.findByRole("alert")).toHaveTextContent("Baton needs at least one active admin");
  },
};

export const DeactivateConfirmation: Story = {
  play: async ({ canvas, userEvent }) => {
    const ben = await rowOf(canvas, "Ben Okafor");
    await userEvent.click(within(ben).getByRole("button", { name: "Deactivate Ben Okafor" }));
    const dialog = await canvas.findByRole("dialog", { name: "Deactivate Ben Okafor?" });
    await expect(dialog).toHaveTextContent("Every session and live stream of Ben Okafor ends at once");
    // The dialog takes the focus (the browser puts it on its first button) and gives it back when closed.
    await expect(dialog.contains(document.activeElement)).toBe(true);
    await userEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() =>
      expect(within(ben).getByRole("button", { name: "Deactivate Ben Okafor" })).toHaveFocus(),
    );
  },
};
export const DeactivateConfirmationNarrow: Story = { ...DeactivateConfirmation, globals: narrow };

export const ResetLinkShown: Story = {
  play: async ({ canvas, userEvent }) => {
    const ana = await rowOf(canvas, "Ana Silva");
    await userEvent.click(within(ana).getByRole("button", { name: "Reset link for Ana Silva" }));
    const dialog = await canvas.findByRole("dialog", { name: "Password reset link for Ana Silva" }, slow);
    await expect(within(dialog).getByLabelText("One-time link")).toHaveDisplayValue(
      /\/reset-password#token=[\w-]{20,}$/,
    );
    await expect(dialog).toHaveTextContent("Hand it to Ana Silva yourself");
    await expect(within(dialog).getByRole("button", { name: "Copy link" })).toBeVisible();
  },
};

export const InviteShown: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(await canvas.findByLabelText("Email", {}, slow), "noor@demo-shop.example");
    await userEvent.selectOptions(canvas.getByLabelText("Role"), "manager");
    await userEvent.click(canvas.getByRole("button", { name: "Invite" }));
    const dialog = await canvas.findByRole("dialog", { name: "Invitation for noor@demo-shop.example" }, slow);
    await expect(within(dialog).getByLabelText("One-time link")).toHaveDisplayValue(
      /\/invite#token=[\w-]{20,}$/,
    );
    await expect(
      currentDb().auth.invitations.some((i) => i.email === "noor@demo-shop.example" && i.role === "manager"),
    ).toBe(true);
  },
};
export const InviteShownNarrow: Story = { ...InviteShown, globals: narrow };

export const InviteEmailTaken: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(await canvas.findByLabelText("Email", {}, slow), "ben@demo-shop.example");
    await userEvent.click(canvas.getByRole("button", { name: "Invite" }));
    await expect(await canvas.findByRole("alert")).toHaveTextContent(
      "An account or a pending invitation already uses this email.",
    );
  },
};

export const RevokeAnInvitation: Story = {
  play: async ({ canvas, userEvent }) => {
    const pending = await canvas.findByRole("list", { name: "Pending invitations" }, slow);
    await userEvent.click(
      within(pending).getByRole("button", { name: "Revoke the invitation of luis@demo-shop.example" }),
    );
    await waitFor(() => expect(within(pending).queryByText("luis@demo-shop.example")).toBeNull());
  },
};

export const AuditLog: Story = {
  parameters: { baton: { agentId: ADMIN_ID, url: { tab: "audit" } } },
  play: async ({ canvas }) => {
    const log = await canvas.findByRole("list", { name: "Audit log" }, slow);
    await expect(within(log).getAllByRole("listitem")).toHaveLength(25);
  },
};
export const AuditLogNarrow: Story = { ...AuditLog, globals: narrow };
export const AuditLogLoadMore: Story = {
  parameters: { baton: { agentId: ADMIN_ID, url: { tab: "audit" } } },
  play: async ({ canvas, userEvent }) => {
    const log = await canvas.findByRole("list", { name: "Audit log" }, slow);
    await userEvent.click(canvas.getByRole("button", { name: "Load more" }));
    await waitFor(() => expect(within(log).getAllByRole("listitem")).toHaveLength(40));
    await expect(canvas.getByText("The start of the log.")).toBeVisible();
  },
};

export const UnprocessableEvents: Story = {
  parameters: { baton: { agentId: ADMIN_ID, url: { tab: "events" } } },
  play: async ({ canvas, userEvent }) => {
    const list = await canvas.findByRole("list", { name: "Unprocessable webhook events" }, slow);
    const [first] = within(list).getAllByRole("listitem");
    if (!first) throw new Error("no event");
    await userEvent.click(within(first).getByText("The event as received"));
    await expect(within(first).getByText(/messaging_feedback/, { selector: "pre" })).toBeVisible();
  },
};
export const UnprocessableEventsNone: Story = {
  parameters: {
    baton: {
      agentId: ADMIN_ID,
      url: { tab: "events" },
      db: (db: StoryDb) => void db.auth.unprocessableEvents.splice(0),
    },
  },
  play: async ({ canvas }) => {
    await expect(await canvas.findByText("None: every webhook event was stored.", {}, slow)).toBeVisible();
  },
};

export const TabsByKeyboard: Story = {
  play: async ({ canvas, userEvent }) => {
    const agents = await canvas.findByRole("tab", { name: "Agents" });
    await userEvent.click(agents);
    await userEvent.keyboard("{ArrowRight}");
    await expect(canvas.getByRole("tab", { name: "Audit log" })).toHaveFocus();
    await expect(canvas.getByRole("tab", { name: "Audit log" })).toHaveAttribute("aria-selected", "true");
    await expect(await canvas.findByRole("list", { name: "Audit log" }, slow)).toBeVisible();
  },
};

/** A manager (or an agent) at /admin: the server refuses the admin API anyway. */
export const NotAnAdmin: Story = {
  parameters: { baton: { agentId: MANAGER_ID } },
  play: async ({ canvas }) => {
    await expect(
      await canvas.findByRole("heading", { name: "Only admins can open this page" }),
    ).toBeVisible();
    await expect(canvas.queryByRole("tablist")).toBeNull();
  },
};
export const NotAnAdminNarrow: Story = { ...NotAnAdmin, globals: narrow };
