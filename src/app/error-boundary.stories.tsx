import type { Meta, StoryObj } from "@storybook/react-vite";
import { ErrorBoundary } from "@/app/error-boundary.tsx";

function Crash(): never {
  throw new Error("Cannot read properties of undefined (reading 'customer')");
}

const meta = {
  title: "Shell/ErrorBoundary",
  component: ErrorBoundary,
  args: { children: <Crash /> },
  parameters: { layout: "fullscreen" },
  decorators: [(Story) => <div className="h-screen">{Story()}</div>],
} satisfies Meta<typeof ErrorBoundary>;
export default meta;
type Story = StoryObj<typeof meta>;

/** What an agent sees if the app crashes: a readable message and a reload. */
export const Crashed: Story = {};
