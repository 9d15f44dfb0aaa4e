import { useState } from "react";
import { resetPasswordBody, type LinkInfo } from "@contract/auth.ts";
import { Button } from "@/components/ui/button.tsx";
import { ApiRequestError } from "@/lib/api-client.ts";
import { formatFull } from "@/lib/format.ts";
import { useResetPassword } from "@/features/auth/api/reset-password.ts";
import { describeAuthError, fieldErrors } from "@/features/auth/auth-errors.ts";
import { AuthAlert } from "@/features/auth/components/auth-alert.tsx";
import { AuthLayout } from "@/features/auth/components/auth-layout.tsx";
import { PasswordField } from "@/features/auth/components/password-field.tsx";

export interface ResetPasswordScreenProps {
  token: string;
  /** What the link is for (POST /api/auth/link): whose password it resets. */
  info: LinkInfo;
  onSignedIn: () => void;
}

/** A password reset link an admin handed over: a new password, then straight into the inbox. */
export function ResetPasswordScreen({ token, info, onSignedIn }: ResetPasswordScreenProps) {
  const reset = useResetPassword();
  const [password, setPassword] = useState("");
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const errors = { ...(reset.error instanceof ApiRequestError ? fieldErrors(reset.error) : {}), ...invalid };
  const problem = reset.error ? describeAuthError(reset.error) : null;

  return (
    <AuthLayout
      title="Choose a new password"
      description={
        <>
          For <span className="font-medium break-all text-fg">{info.email ?? "your account"}</span>
        </>
      }
    >
      {problem ? <AuthAlert tone={problem.tone}>{problem.text}</AuthAlert> : null}
      <form
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = resetPasswordBody.safeParse({ token, password });
          if (!parsed.success) {
            setInvalid(fieldErrors(parsed.error));
            e.currentTarget.querySelector<HTMLInputElement>('[name="password"]')?.focus();
            return;
          }
          setInvalid({});
          reset.mutate(parsed.data, { onSuccess: onSignedIn });
        }}
      >
        <input
          type="email"
          name="username"
          autoComplete="username"
          value={info.email ?? ""}
          readOnly
          hidden
        />
        <PasswordField
          label="New password"
          name="password"
          autoComplete="new-password"
          hint="At least 10 characters."
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        <p className="text-xs text-muted">The link works once, until {formatFull(info.expiresAt)}.</p>
        <Button type="submit" variant="primary" size="lg" disabled={reset.isPending} className="mt-1 w-full">
          {reset.isPending ? "Saving…" : "Save password and sign in"}
        </Button>
      </form>
    </AuthLayout>
  );
}
