import { linkToken, type LinkKind } from "@contract/auth.ts";
import { Spinner } from "@/components/ui/spinner.tsx";
import { ApiRequestError } from "@/lib/api-client.ts";
import { useLinkInfo } from "@/features/auth/api/get-link-info.ts";
import { AcceptInviteScreen } from "@/features/auth/components/accept-invite-screen.tsx";
import { AuthUnavailableScreen } from "@/features/auth/components/auth-unavailable-screen.tsx";
import { LinkExpiredScreen } from "@/features/auth/components/link-expired-screen.tsx";
import { ResetPasswordScreen } from "@/features/auth/components/reset-password-screen.tsx";
import { SetupScreen } from "@/features/auth/components/setup-screen.tsx";

export interface LinkScreenProps {
  /** What the page's path says the link is for (/setup, /invite, /reset-password). */
  kind: LinkKind;
  token: string;
  onSignedIn: () => void;
  /** Leaves the link page (to the sign-in screen or the inbox). */
  onLeave: () => void;
}

function CheckedLink({ kind, token, onSignedIn, onLeave }: LinkScreenProps) {
  const info = useLinkInfo(token);
  if (info.isPending) {
    return (
      <main className="flex min-h-full items-center justify-center bg-canvas">
        <Spinner label="Checking the link" />
      </main>
    );
  }
  if (info.isError) {
    const refused = info.error instanceof ApiRequestError && info.error.status < 500;
    if (refused) return <LinkExpiredScreen kind={kind} onContinue={onLeave} />;
    return (
      <AuthUnavailableScreen
        error={info.error}
        onRetry={() => void info.refetch()}
        retrying={info.isFetching}
      />
    );
  }
  // The server knows what the token is for; the path only said what it should be.
  switch (info.data.kind) {
    case "setup":
      return <SetupScreen token={token} onSignedIn={onSignedIn} />;
    case "invite":
      return <AcceptInviteScreen token={token} info={info.data} onSignedIn={onSignedIn} />;
    case "reset":
      return <ResetPasswordScreen token={token} info={info.data} onSignedIn={onSignedIn} />;
    default: {
      const unknown: never = info.data.kind;
      return unknown;
    }
  }
}

/** A one-time link (setup, invitation, password reset): asks the server what it is for, then shows its form. */
export function LinkScreen(props: LinkScreenProps) {
  if (!linkToken.safeParse(props.token).success)
    return <LinkExpiredScreen kind={props.kind} onContinue={props.onLeave} />;
  return <CheckedLink {...props} />;
}
