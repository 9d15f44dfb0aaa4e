import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, fn } from "storybook/test";
import { Button } from "@/components/ui/button.tsx";

const meta = {
  title: "UI/Button",
  component: Button,
  args: { children: "Resolve", onClick: fn() },
} satisfies Meta<typeof Button>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Primary: Story = { args: { variant: "primary" } };
export const Secondary: Story = { args: { variant: "secondary", children: "Take control" } };
export const Ghost: Story = { args: { variant: "ghost", children: "Edit" } };
export const Danger: Story = { args: { variant: "danger", children: "Sign out" } };
export const Subtle: Story = { args: { variant: "subtle", children: "Assign to me" } };
export const Disabled: Story = { args: { variant: "primary", disabled: true, children: "Send" } };

export const EveryVariantAndSize: Story = {
  render: () => (
    <div className="flex flex-col gap-3">
      {(["primary", "secondary", "ghost", "danger", "subtle"] as const).map((variant) => (
        <div key={variant} className="flex items-center gap-2">
          {(["sm", "md", "lg"] as const).map((size) => (
            <Button key={size} variant={variant} size={size}>
              {variant} {size}
            </Button>
          ))}
          <Button variant={variant} size="icon" aria-label={`${variant} icon button`}>
            ←
          </Button>
          <Button variant={variant} disabled>
            disabled
          </Button>
        </div>
      ))}
    </div>
  ),
};

export const LongLabel: Story = {
  args: {
    children: "Hand this conversation back to the bot and notify the customer that a human has finished",
  },
  decorators: [(Story) => <div className="max-w-xs">{Story()}</div>],
};

export const ClickCallsHandler: Story = {
  args: { variant: "primary" },
  play: async ({ args, canvas, userEvent }) => {
    await userEvent.click(canvas.getByRole("button", { name: "Resolve" }));
    await expect(args.onClick).toHaveBeenCalledTimes(1);
  },
};
