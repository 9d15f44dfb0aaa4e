import { useState } from "react";
import { resetPasswordBody } from "@contract/auth.ts";
import { formatFull } from "@/lib/format.ts";
import { useResetPassword } from "@/features/auth/api/reset-password.ts";
import type { CheckedLinkFormProps } from "@/features/auth/link-form-props.ts";
import { useLinkForm } from "@/features/auth/use-link-form.ts";
import { AuthForm } from "@/features/auth/components/auth-form.tsx";
import { AuthLayout } from "@/features/auth/components/auth-layout.tsx";
import { NewPasswordField } from "@/features/auth/components/new-password-field.tsx";

export type ResetPasswordScreenProps = CheckedLinkFormProps;

/** A password reset link an admin handed over: a new password, then straight into the inbox. */
export function ResetPasswordScreen({ token, info, onSignedIn }: ResetPasswordScreenProps) {
  const reset = useResetPassword();
  const [password, setPassword] = useState("");
  const { errors, form } = useLinkForm({
    schema: resetPasswordBody,
    values: { token, password },
    request: reset,
    onSignedIn,
  });

  return (
    <AuthLayout
      title="Choose a new password"
      description={
        <>
          For <span className="font-medium break-all text-fg">{info.email ?? "your account"}</span>
        </>
      }
    >
      <AuthForm {...form} submitLabel="Save password and sign in" pendingLabel="Saving…">
        <NewPasswordField
          label="New password"
          username={info.email}
          value={password}
          onChange={setPassword}
          error={errors.password}
        />
        <p className="text-xs text-muted">The link works once, until {formatFull(info.expiresAt)}.</p>
      </AuthForm>
    </AuthLayout>
  );
}
