import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor } from "storybook/test";
import { SearchBox } from "@/features/inbox/components/search-box.tsx";

const meta = {
  title: "Inbox/SearchBox",
  component: SearchBox,
  args: { q: "" },
  decorators: [(Story) => <div className="w-[340px]">{Story()}</div>],
} satisfies Meta<typeof SearchBox>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Empty: Story = {};
export const WithQuery: Story = { args: { q: "order #48213" } };
export const RightToLeftQuery: Story = { args: { q: "أين طلبي" } };
/** The query goes into the URL (debounced), so the list and a shared link follow it. */
export const TypingSearches: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(canvas.getByRole("searchbox", { name: "Search conversations" }), "Maya");
    await waitFor(() => expect(new URLSearchParams(window.location.search).get("q")).toBe("Maya"));
  },
};
