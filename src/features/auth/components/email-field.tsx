import { TextField } from "@/features/auth/components/text-field.tsx";

export interface EmailFieldProps {
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

/** The account's email, which is its username for password managers. */
export function EmailField({ value, onChange, error }: EmailFieldProps) {
  return (
    <TextField
      label="Email"
      type="email"
      name="email"
      autoComplete="username"
      inputMode="email"
      spellCheck={false}
      autoCapitalize="off"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
    />
  );
}
