import type { Meta, StoryObj } from "@storybook/react-vite";
import { expect, waitFor } from "storybook/test";
import { useSessionStore } from "@/lib/session-store.ts";
import { SignInScreen } from "@/features/auth/components/sign-in-screen.tsx";
import { fails, neverAnswers } from "../../../../.storybook/mock-api.ts";

const meta = {
  title: "Auth/SignInScreen",
  component: SignInScreen,
  parameters: { layout: "fullscreen", baton: { agentId: null } },
  decorators: [(Story) => <div className="h-screen">{Story()}</div>],
} satisfies Meta<typeof SignInScreen>;
export default meta;
type Story = StoryObj<typeof meta>;

export const Agents: Story = {};
export const Loading: Story = { parameters: { msw: { handlers: { overrides: [neverAnswers("get", "/api/agents")] } } } };
export const LoadFailed: Story = { parameters: { msw: { handlers: { overrides: [fails("get", "/api/agents")] } } } };
export const Narrow: Story = { globals: { viewport: { value: "narrow", isRotated: false } } };
export const SignIn: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole("button", { name: /Sign in as Ben Okafor/ }));
    await waitFor(() => expect(useSessionStore.getState().agentId).toBe("agent-ben"));
  },
};
