import { useState } from "react";
import { acceptInviteBody } from "@contract/auth.ts";
import { formatFull } from "@/lib/format.ts";
import { useAcceptInvite } from "@/features/auth/api/accept-invite.ts";
import type { CheckedLinkFormProps } from "@/features/auth/link-form-props.ts";
import { useLinkForm } from "@/features/auth/use-link-form.ts";
import { AuthForm } from "@/features/auth/components/auth-form.tsx";
import { AuthLayout } from "@/features/auth/components/auth-layout.tsx";
import { NewPasswordField } from "@/features/auth/components/new-password-field.tsx";
import { PersonNameField } from "@/features/auth/components/person-name-field.tsx";

export type AcceptInviteScreenProps = CheckedLinkFormProps;

/** An invitation link: shows who was invited and as what, then asks for a name and a password. */
export function AcceptInviteScreen({ token, info, onSignedIn }: AcceptInviteScreenProps) {
  const accept = useAcceptInvite();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const { errors, form } = useLinkForm({
    schema: acceptInviteBody,
    values: { token, name, password },
    request: accept,
    onSignedIn,
  });

  return (
    <AuthLayout
      title="Join your team on Baton"
      description="You were invited to answer the shop's Messenger conversations."
    >
      <dl className="mb-5 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg border border-line bg-surface-2 px-4 py-3 text-sm">
        <dt className="text-muted">Email</dt>
        <dd className="min-w-0 font-medium break-all">{info.email ?? "—"}</dd>
        <dt className="text-muted">Role</dt>
        <dd className="font-medium capitalize">{info.role ?? "agent"}</dd>
        <dt className="text-muted">Link valid until</dt>
        <dd>{formatFull(info.expiresAt)}</dd>
      </dl>
      <AuthForm {...form} submitLabel="Create my account" pendingLabel="Creating your account…">
        <PersonNameField
          hint="Customers do not see it; your team does."
          value={name}
          onChange={setName}
          error={errors.name}
        />
        <NewPasswordField
          label="Choose a password"
          username={info.email}
          value={password}
          onChange={setPassword}
          error={errors.password}
        />
      </AuthForm>
    </AuthLayout>
  );
}
