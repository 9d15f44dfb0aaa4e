import type { FormEvent, ReactNode } from "react";
import { Button } from "@/components/ui/button.tsx";
import { AuthErrorAlert } from "@/features/auth/components/auth-error-alert.tsx";

export interface AuthFormProps {
  /** The request's failure, said above the form. */
  error: unknown;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  submitLabel: string;
  /** The submit button's label while the request runs. */
  pendingLabel: string;
  pending: boolean;
  /** The submit button is off (default: while pending). */
  disabled?: boolean;
  children: ReactNode;
}

/** An auth form's frame: its failure, its fields (checked by the form, not the browser), a full-width submit button. */
export function AuthForm({
  error,
  onSubmit,
  submitLabel,
  pendingLabel,
  pending,
  disabled = pending,
  children,
}: AuthFormProps) {
  return (
    <>
      <AuthErrorAlert error={error} />
      <form noValidate className="flex flex-col gap-4" onSubmit={onSubmit}>
        {children}
        <Button type="submit" variant="primary" size="lg" disabled={disabled} className="mt-1 w-full">
          {pending ? pendingLabel : submitLabel}
        </Button>
      </form>
    </>
  );
}
