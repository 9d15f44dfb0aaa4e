import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor } from "storybook/test";
import { Avatar } from "@/components/ui/avatar.tsx";
import { avatarUri } from "../../../.storybook/offline-media.ts";

const meta = { title: "UI/Avatar", component: Avatar, args: { name: "Maya Nguyen" } } satisfies Meta<
  typeof Avatar
>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Initials: Story = {};
/** The picture loads (offline, from the preview's own /__media/ stand-ins) and replaces the initials. */
export const Picture: Story = {
  args: { src: avatarUri(3) },
  play: async ({ canvasElement }) => {
    await waitFor(() => expect(canvasElement.querySelector("img")?.naturalWidth ?? 0).toBeGreaterThan(0));
  },
};
/** A picture that fails to load falls back to the initials. */
export const BrokenPicture: Story = { args: { src: `${window.location.origin}/no-such-picture.png` } };
/** A profile picture URL that is not a web address (javascript:, data:…) is never loaded: the initials show. */
export const UnsafePicture: Story = {
  args: { src: "javascript:alert(1)" },
  play: async ({ canvasElement }) => {
    await expect(canvasElement.querySelector("img")).toBeNull();
    await expect(canvasElement).toHaveTextContent("MN");
  },
};
export const EverySize: Story = {
  render: () => (
    <div className="flex items-center gap-3">
      <Avatar name="Maya Nguyen" size="sm" />
      <Avatar name="Maya Nguyen" size="md" />
      <Avatar name="Maya Nguyen" size="lg" />
      <Avatar name="Maya Nguyen" size="lg" src={avatarUri(1)} />
    </div>
  ),
};
export const AwkwardNames: Story = {
  render: () => (
    <div className="flex items-center gap-3">
      {[
        "Maximiliana Theodora Wolfeschlegelsteinhausenbergerdorff-Vanderbilt",
        "محمد عبد الرحمن",
        "נועה כהן",
        "🌸 Lily 🌸",
        "Chen",
        "Jean-Baptiste Emmanuel Zorg de la Fontaine",
      ].map((name) => (
        <Avatar key={name} name={name} />
      ))}
    </div>
  ),
};
