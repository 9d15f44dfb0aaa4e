import type { LinkKind } from "@contract/auth.ts";
import { Button } from "@/components/ui/button.tsx";
import { AuthLayout } from "@/features/auth/components/auth-layout.tsx";

const whatNow: Record<LinkKind, string> = {
  setup:
    "If no admin exists yet, restart Baton: it prints a new setup link in its console. If someone already set Baton up, sign in instead.",
  invite: "Ask an admin of your team to invite you again: the new link arrives the same way.",
  reset: "Ask an admin of your team for a new password reset link.",
};

export interface LinkExpiredScreenProps {
  kind: LinkKind;
  /** Leaves the link page (to the sign-in screen). */
  onContinue: () => void;
}

/** A one-time link that expired, was used, or was never valid. */
export function LinkExpiredScreen({ kind, onContinue }: LinkExpiredScreenProps) {
  return (
    <AuthLayout
      title="This link has expired or was already used"
      description="One-time links work once, for a limited time."
    >
      <p className="text-sm">{whatNow[kind]}</p>
      <Button variant="primary" size="lg" className="mt-5 w-full" onClick={onContinue}>
        Go to sign in
      </Button>
    </AuthLayout>
  );
}
