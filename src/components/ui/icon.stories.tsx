import type { Meta, StoryObj } from "@storybook/react-vite";
import { Icon, type IconName } from "@/components/ui/icon.tsx";

const names: IconName[] = [
  "bot",
  "mail",
  "user",
  "users",
  "inbox",
  "clock",
  "check",
  "flag",
  "search",
  "circle",
  "list",
  "phone",
  "arrowDown",
  "back",
  "hourglass",
  "alert",
  "reopen",
  "handoff",
];

const meta = {
  title: "UI/Icon",
  component: Icon,
  args: { name: "bot", className: "h-6 w-6" },
} satisfies Meta<typeof Icon>;
export default meta;
type Story = StoryObj<typeof meta>;

export const One: Story = {};
export const EveryIcon: Story = {
  render: () => (
    <ul className="grid grid-cols-6 gap-4 text-xs text-muted">
      {names.map((name) => (
        <li key={name} className="flex flex-col items-center gap-1.5 text-fg">
          <Icon name={name} className="h-6 w-6" />
          <span className="text-muted">{name}</span>
        </li>
      ))}
    </ul>
  ),
};
