import { useState } from "react";
import { TextField, type TextFieldProps } from "@/features/auth/components/text-field.tsx";

export interface PasswordFieldProps extends Omit<TextFieldProps, "type" | "trailing"> {
  autoComplete: "current-password" | "new-password";
}

/** A password input with a Show/Hide toggle (instead of a second "confirm" field). */
export function PasswordField(props: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  return (
    <TextField
      {...props}
      type={visible ? "text" : "password"}
      spellCheck={false}
      autoCapitalize="off"
      trailing={
        <button
          type="button"
          onClick={() => setVisible((v) => !v)}
          className="mr-1 cursor-pointer rounded-md px-2 py-1 text-xs font-medium text-accent-text hover:bg-surface-3"
        >
          {visible ? "Hide" : "Show"} <span className="sr-only">password</span>
        </button>
      }
    />
  );
}
