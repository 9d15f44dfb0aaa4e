import type { UseMutationResult } from "@tanstack/react-query";
import type { z } from "zod/mini";
import type { SessionResponse } from "@contract/auth.ts";
import type { AuthFormProps } from "@/features/auth/components/auth-form.tsx";
import { useValidatedSubmit } from "@/features/auth/use-validated-submit.ts";

export interface LinkFormOptions<Body> {
  /** The contract's schema for the link's request body. */
  schema: z.ZodMiniType<Body>;
  /** What the form holds now, with the link's token. */
  values: unknown;
  /** The link's request (setup, accept the invitation, reset the password): it signs in. */
  request: Pick<UseMutationResult<SessionResponse, Error, Body>, "mutate" | "error" | "isPending">;
  onSignedIn: () => void;
}

/**
 * The form of a one-time link: checked before it is sent, the server's answer under the fields and
 * above the form, then signed in. Returns the fields' errors and the props of its AuthForm.
 */
export function useLinkForm<Body>({ schema, values, request, onSignedIn }: LinkFormOptions<Body>) {
  const { errors, onSubmit } = useValidatedSubmit({
    schema,
    values,
    send: (body) => request.mutate(body, { onSuccess: onSignedIn }),
    serverError: request.error,
  });
  const form: Pick<AuthFormProps, "error" | "onSubmit" | "pending"> = {
    error: request.error,
    onSubmit,
    pending: request.isPending,
  };
  return { errors, form };
}
