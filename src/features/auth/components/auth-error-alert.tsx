import { describeAuthError } from "@/features/auth/auth-errors.ts";
import { AuthAlert } from "@/features/auth/components/auth-alert.tsx";

/** Why the last sign-in (or setup, invitation, reset) failed; nothing while it has not. */
export function AuthErrorAlert({ error }: { error: unknown }) {
  if (!error) return null;
  const problem = describeAuthError(error);
  return <AuthAlert tone={problem.tone}>{problem.text}</AuthAlert>;
}
