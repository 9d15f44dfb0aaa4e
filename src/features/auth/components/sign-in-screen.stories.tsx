import type { Meta, StoryObj } from "@storybook/react-vite";
import { http, HttpResponse } from "msw";
import { expect, waitFor } from "storybook/test";
import { MOCK_PASSWORD } from "@/mocks/auth-fixtures.ts";
import { SignInScreen } from "@/features/auth/components/sign-in-screen.tsx";
import { currentDb, fails, neverAnswers, type StoryDb } from "../../../../.storybook/mock-api.ts";

const meta = {
  title: "Auth/SignInScreen",
  component: SignInScreen,
  parameters: { layout: "fullscreen", baton: { agentId: null } },
  decorators: [(Story) => <div className="h-screen">{Story()}</div>],
} satisfies Meta<typeof SignInScreen>;
export default meta;
type Story = StoryObj<typeof meta>;

const demoTeam = {
  layout: "fullscreen",
  baton: {
    agentId: null,
    db: (db: StoryDb) => {
      db.auth.demo = true;
    },
  },
};
const narrow = { viewport: { value: "narrow", isRotated: false } };

/** Email and password, as outside the local demo. */
export const Empty: Story = {};
/** `npm start`'s demo: the team signs in with one click; their email and password are printed for typing. */
export const DemoTeam: Story = {
  parameters: demoTeam,
  play: async ({ canvas }) => {
    await expect(await canvas.findByRole("button", { name: "Sign in as Erin Park" })).toBeVisible();
    await expect(canvas.getByText("erin@demo-shop.example")).toBeVisible();
  },
};
export const DemoTeamNarrow: Story = { ...DemoTeam, globals: narrow };
export const EmptyNarrow: Story = { globals: narrow };
/** Back after a 401: the session expired, was signed out elsewhere, or the account was deactivated. */
export const SessionEnded: Story = { args: { note: "Your session ended. Sign in again." } };
export const StatusLoading: Story = {
  parameters: { msw: { handlers: { overrides: [neverAnswers("get", "/api/auth/status")] } } },
};

export const WrongPassword: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(await canvas.findByLabelText("Email"), "ana@demo-shop.example");
    await userEvent.type(canvas.getByLabelText("Password"), "not my password");
    await userEvent.click(canvas.getByRole("button", { name: "Sign in" }));
    await expect(await canvas.findByRole("alert")).toHaveTextContent(
      "That email and password do not match an account.",
    );
  },
};

export const MissingFields: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole("button", { name: "Sign in" }));
    await expect(await canvas.findByText("Enter an email address.")).toBeVisible();
    await expect(canvas.getByLabelText("Email")).toHaveFocus();
  },
};

export const LockedOut: Story = {
  parameters: { baton: { agentId: null, db: (db: StoryDb) => db.auth.lockOut() } },
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(await canvas.findByLabelText("Email"), "ana@demo-shop.example");
    await userEvent.type(canvas.getByLabelText("Password"), MOCK_PASSWORD);
    await userEvent.click(canvas.getByRole("button", { name: "Sign in" }));
    await expect(await canvas.findByRole("alert")).toHaveTextContent(
      /Too many failed sign-ins\. Wait 15 minutes.*You can try again at/,
    );
  },
};

export const ServerError: Story = {
  parameters: { msw: { handlers: { overrides: [fails("post", "/api/auth/sign-in")] } } },
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(await canvas.findByLabelText("Email"), "ana@demo-shop.example");
    await userEvent.type(canvas.getByLabelText("Password"), MOCK_PASSWORD);
    await userEvent.click(canvas.getByRole("button", { name: "Sign in" }));
    await expect(await canvas.findByRole("alert")).toHaveTextContent(
      "Baton could not answer (server error 500). Try again in a moment.",
    );
  },
};

export const NetworkError: Story = {
  parameters: {
    msw: { handlers: { overrides: [http.post("/api/auth/sign-in", () => HttpResponse.error())] } },
  },
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(await canvas.findByLabelText("Email"), "ana@demo-shop.example");
    await userEvent.type(canvas.getByLabelText("Password"), MOCK_PASSWORD);
    await userEvent.click(canvas.getByRole("button", { name: "Sign in" }));
    await expect(await canvas.findByRole("alert")).toHaveTextContent(
      "Could not reach Baton. Check your connection, then try again.",
    );
  },
};

export const SignInWithPassword: Story = {
  play: async ({ canvas, userEvent }) => {
    await userEvent.type(await canvas.findByLabelText("Email"), "chloe@demo-shop.example");
    await userEvent.type(canvas.getByLabelText("Password"), MOCK_PASSWORD);
    await userEvent.click(canvas.getByRole("button", { name: "Sign in" }));
    await waitFor(() => expect(currentDb().auth.current()?.id).toBe("agent-chloe"));
  },
};

export const SignInAsADemoAgent: Story = {
  parameters: demoTeam,
  play: async ({ canvas, userEvent }) => {
    await userEvent.click(await canvas.findByRole("button", { name: "Sign in as Ben Okafor" }));
    await waitFor(() => expect(currentDb().auth.current()?.id).toBe("agent-ben"));
  },
};
