import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, within } from "storybook/test";
import { ReconnectingNotice } from "@/app/reconnecting-notice.tsx";

const meta = {
  title: "Shell/ReconnectingNotice",
  component: ReconnectingNotice,
  args: { live: "offline" },
  decorators: [(Story) => <div className="h-32">{Story()}</div>],
  // Seen on phone widths; wider, the sidebar's live status says it and this stays for screen readers only.
  globals: { viewport: { value: "narrow", isRotated: false } },
} satisfies Meta<typeof ReconnectingNotice>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Reconnecting: Story = {
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("status")).toHaveTextContent("Reconnecting…");
  },
};

/** Live: the status region is there for screen readers, with nothing to say or show. */
export const Live: Story = {
  args: { live: "live" },
  play: async ({ canvasElement }) => {
    await expect(within(canvasElement).getByRole("status")).toBeEmptyDOMElement();
  },
};
