import { useState } from "react";
import { setupBody } from "@contract/auth.ts";
import { Button } from "@/components/ui/button.tsx";
import { ApiRequestError } from "@/lib/api-client.ts";
import { useSetUpFirstAdmin } from "@/features/auth/api/set-up-first-admin.ts";
import { describeAuthError, fieldErrors } from "@/features/auth/auth-errors.ts";
import { AuthAlert } from "@/features/auth/components/auth-alert.tsx";
import { AuthLayout } from "@/features/auth/components/auth-layout.tsx";
import { PasswordField } from "@/features/auth/components/password-field.tsx";
import { TextField } from "@/features/auth/components/text-field.tsx";

export interface SetupScreenProps {
  /** The setup link's token (read from its #fragment by the app). */
  token: string;
  onSignedIn: () => void;
}

const focusFirstInvalid = (form: HTMLFormElement, errors: Record<string, string>) => {
  const first = Object.keys(errors)[0];
  if (first) form.querySelector<HTMLInputElement>(`[name="${first}"]`)?.focus();
};

/** Creates the first admin from the one-time setup link Baton printed in its console. */
export function SetupScreen({ token, onSignedIn }: SetupScreenProps) {
  const setup = useSetUpFirstAdmin();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const serverInvalid = setup.error instanceof ApiRequestError ? fieldErrors(setup.error) : {};
  const errors = { ...serverInvalid, ...invalid };
  const problem = setup.error ? describeAuthError(setup.error) : null;

  return (
    <AuthLayout
      title="Create the first admin"
      description="This account runs Baton: it invites the team and manages their access."
    >
      {problem ? <AuthAlert tone={problem.tone}>{problem.text}</AuthAlert> : null}
      <form
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = setupBody.safeParse({ token, name, email, password });
          if (!parsed.success) {
            const next = fieldErrors(parsed.error);
            setInvalid(next);
            focusFirstInvalid(e.currentTarget, next);
            return;
          }
          setInvalid({});
          setup.mutate(parsed.data, { onSuccess: onSignedIn });
        }}
      >
        <TextField
          label="Your name"
          name="name"
          autoComplete="name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
        />
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          inputMode="email"
          spellCheck={false}
          autoCapitalize="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={errors.email}
        />
        <PasswordField
          label="Password"
          name="password"
          autoComplete="new-password"
          hint="At least 10 characters."
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        {errors.token ? <p className="text-sm text-danger">{errors.token}</p> : null}
        <Button type="submit" variant="primary" size="lg" disabled={setup.isPending} className="mt-1 w-full">
          {setup.isPending ? "Creating…" : "Create admin account"}
        </Button>
      </form>
    </AuthLayout>
  );
}
