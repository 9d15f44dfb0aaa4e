import { PasswordField } from "@/features/auth/components/password-field.tsx";

export interface NewPasswordFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  /**
   * The account's email when the form does not ask for it (a link's form): kept in a hidden field before
   * the password, so that password managers save the new password under the right username.
   */
  username?: string | null;
}

/** A password being chosen, with the rule it must follow. */
export function NewPasswordField({ label, value, onChange, error, username }: NewPasswordFieldProps) {
  return (
    <>
      {username === undefined ? null : (
        <input type="email" name="username" autoComplete="username" value={username ?? ""} readOnly hidden />
      )}
      <PasswordField
        label={label}
        name="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        value={value}
        onChange={(e) => onChange(e.target.value)}
        error={error}
      />
    </>
  );
}
