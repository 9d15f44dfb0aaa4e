import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { ADMIN_ID } from "@/mocks/auth-fixtures.ts";
import { AdminPage } from "@/features/admin/components/admin-page.tsx";
import { MessengerPanel } from "@/features/admin/components/messenger-panel.tsx";
import { fails, neverAnswers, type StoryDb } from "../../../../.storybook/mock-api.ts";

/** The settings load after the session: wait longer than the default on a busy runner. */
const slow = { timeout: 10_000 };
const narrow = { viewport: { value: "narrow", isRotated: false } };
const shaped = (change: (db: StoryDb) => void) => ({ baton: { agentId: ADMIN_ID, db: change } });

/**
 * The admin page's Messenger tab: the handoff buttons Baton learned from the shop bot (title, payload, where and when
 * it was seen), the configured handoff payloads and phrases, and the last test Meta's App Dashboard sent.
 */
const meta = {
  title: "Admin/MessengerPanel",
  component: MessengerPanel,
  parameters: { baton: { agentId: ADMIN_ID } },
  decorators: [(Story) => <div className="max-w-6xl bg-canvas p-4">{Story()}</div>],
} satisfies Meta<typeof MessengerPanel>;
export default meta;
type Story = StoryObj<typeof meta>;

export const WithLearnedButtons: Story = {
  play: async ({ canvas }) => {
    const list = await canvas.findByRole("list", { name: "Learned handoff buttons" }, slow);
    const row = within(list).getByRole("listitem", { name: "Chat with an agent" });
    await expect(row).toHaveTextContent("LIVE_AGENT");
    await expect(row).toHaveTextContent("Button template");
    await expect(canvas.getByText(/Last webhook test received at/)).toBeVisible();
  },
};
export const WithLearnedButtonsNarrow: Story = { globals: narrow };
export const NoneLearnedYet: Story = {
  parameters: shaped((db) => {
    db.messenger = { ...db.messenger, learnedHandoffButtons: [] };
  }),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText(/None learned yet/, {}, slow)).toBeVisible();
  },
};
export const NoTestReceived: Story = {
  parameters: shaped((db) => {
    db.messenger = { ...db.messenger, lastWebhookTestAt: null, lastWebhookTestField: null };
  }),
  play: async ({ canvas }) => {
    await expect(await canvas.findByText("No webhook test received yet.", {}, slow)).toBeVisible();
    await expect(canvas.getByText(/in Meta's App Dashboard open/)).toBeVisible();
  },
};
export const NothingYet: Story = {
  parameters: shaped((db) => {
    db.messenger = {
      ...db.messenger,
      learnedHandoffButtons: [],
      lastWebhookTestAt: null,
      lastWebhookTestField: null,
      handoffPhrases: [],
    };
  }),
};
export const Loading: Story = {
  parameters: { msw: { handlers: { overrides: [neverAnswers("get", "/api/admin/messenger")] } } },
};
export const LoadFailed: Story = {
  parameters: { msw: { handlers: { overrides: [fails("get", "/api/admin/messenger")] } } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole("alert", {}, slow)).toHaveTextContent(
      /Could not load the Messenger settings/,
    );
  },
};
/** The tab on the admin page (/admin?tab=messenger). */
export const OnTheAdminPage: Story = {
  render: () => (
    <div className="h-screen">
      <AdminPage />
    </div>
  ),
  parameters: { layout: "fullscreen", baton: { agentId: ADMIN_ID, url: { tab: "messenger" } } },
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole("tab", { name: "Messenger", selected: true }, slow)).toBeVisible();
    await expect(await canvas.findByRole("heading", { name: "Learned handoff buttons" }, slow)).toBeVisible();
  },
};
