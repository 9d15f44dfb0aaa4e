import { TextField } from "@/features/auth/components/text-field.tsx";

export interface PersonNameFieldProps {
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: string;
}

/** The name a new account goes by in Baton. */
export function PersonNameField({ value, onChange, error, hint }: PersonNameFieldProps) {
  return (
    <TextField
      label="Your name"
      name="name"
      autoComplete="name"
      hint={hint}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={error}
    />
  );
}
