import type { Meta, StoryObj } from "@storybook/react-vite";
import { EmbeddedInbox } from "@/embed/embedded-inbox.tsx";
import { STORY_ID, withConversation } from "../../.storybook/scenarios.ts";

/** The full inbox in a host's frame (a shop admin's content area, here 1000 px): no account menu, the host signs in. */
const meta = {
  title: "Embedded/Inbox",
  component: EmbeddedInbox,
  args: { hostName: "lumen-and-loom.myshopify.com" },
  parameters: { layout: "fullscreen", baton: { url: { view: "open" } } },
  decorators: [(Story) => <div className="h-screen w-[1000px] border-r border-line">{Story()}</div>],
} satisfies Meta<typeof EmbeddedInbox>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Inbox: Story = {};
export const InboxDark: Story = { globals: { theme: "dark" } };
export const WithAConversation: Story = {
  parameters: {
    baton: { db: withConversation({ transcript: "short" }), url: { view: "open", c: STORY_ID } },
  },
};
