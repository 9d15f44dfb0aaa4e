import { useState } from "react";
import { setupBody } from "@contract/auth.ts";
import { useSetUpFirstAdmin } from "@/features/auth/api/set-up-first-admin.ts";
import type { LinkFormProps } from "@/features/auth/link-form-props.ts";
import { useLinkForm } from "@/features/auth/use-link-form.ts";
import { AuthForm } from "@/features/auth/components/auth-form.tsx";
import { AuthLayout } from "@/features/auth/components/auth-layout.tsx";
import { EmailField } from "@/features/auth/components/email-field.tsx";
import { NewPasswordField } from "@/features/auth/components/new-password-field.tsx";
import { PersonNameField } from "@/features/auth/components/person-name-field.tsx";

export type SetupScreenProps = LinkFormProps;

/** Creates the first admin from the one-time setup link Baton printed in its console. */
export function SetupScreen({ token, onSignedIn }: SetupScreenProps) {
  const setup = useSetUpFirstAdmin();
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const { errors, form } = useLinkForm({
    schema: setupBody,
    values: { token, name, email, password },
    request: setup,
    onSignedIn,
  });

  return (
    <AuthLayout
      title="Create the first admin"
      description="This account runs Baton: it invites the team and manages their access."
    >
      <AuthForm {...form} submitLabel="Create admin account" pendingLabel="Creating…">
        <PersonNameField value={name} onChange={setName} error={errors.name} />
        <EmailField value={email} onChange={setEmail} error={errors.email} />
        <NewPasswordField label="Password" value={password} onChange={setPassword} error={errors.password} />
        {errors.token ? <p className="text-sm text-danger">{errors.token}</p> : null}
      </AuthForm>
    </AuthLayout>
  );
}
