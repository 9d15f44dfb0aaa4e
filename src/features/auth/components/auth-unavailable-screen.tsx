import { Button } from "@/components/ui/button.tsx";
import { describeAuthError } from "@/features/auth/auth-errors.ts";
import { AuthAlert } from "@/features/auth/components/auth-alert.tsx";
import { AuthLayout } from "@/features/auth/components/auth-layout.tsx";

export interface AuthUnavailableScreenProps {
  error: unknown;
  onRetry: () => void;
  retrying?: boolean;
}

/** Baton could not say who is signed in (network down, server error): nothing to show but a way to try again. */
export function AuthUnavailableScreen({ error, onRetry, retrying = false }: AuthUnavailableScreenProps) {
  return (
    <AuthLayout
      title="Baton is not answering"
      description="Nothing is lost: your conversations are on the server."
    >
      <AuthAlert tone="danger">{describeAuthError(error).text}</AuthAlert>
      <Button variant="primary" size="lg" className="w-full" onClick={onRetry} disabled={retrying}>
        {retrying ? "Trying again…" : "Try again"}
      </Button>
    </AuthLayout>
  );
}
