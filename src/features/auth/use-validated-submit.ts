import { useState, type FormEvent } from "react";
import type { z } from "zod/mini";
import { ApiRequestError } from "@/lib/api-client.ts";
import { fieldErrors } from "@/features/auth/auth-errors.ts";

export interface ValidatedSubmitOptions<Body> {
  /** The contract's schema for the request body. */
  schema: z.ZodMiniType<Body>;
  /** What the form holds now (with the link's token when there is one). */
  values: unknown;
  /** Sends the checked body (the mutation). */
  send: (body: Body) => void;
  /** The request's failure: its 400 issues are shown under their fields too. */
  serverError?: unknown;
}

/** Focuses the first invalid field the form shows (the token, say, has none). */
const focusFirstInvalid = (form: HTMLFormElement, errors: Record<string, string>) => {
  for (const name of Object.keys(errors)) {
    const input = form.querySelector<HTMLInputElement>(`[name="${name}"]`);
    if (input) return input.focus();
  }
};

/**
 * Checks an auth form against the contract before sending it: a mistake is shown under its field and
 * the first one gets the focus; otherwise the errors are cleared and the body goes out.
 */
export function useValidatedSubmit<Body>({
  schema,
  values,
  send,
  serverError,
}: ValidatedSubmitOptions<Body>) {
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const errors: Record<string, string> = {
    ...(serverError instanceof ApiRequestError ? fieldErrors(serverError) : {}),
    ...invalid,
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const parsed = schema.safeParse(values);
    if (!parsed.success) {
      const next = fieldErrors(parsed.error);
      setInvalid(next);
      focusFirstInvalid(e.currentTarget, next);
      return;
    }
    setInvalid({});
    send(parsed.data);
  };
  return { errors, onSubmit };
}
