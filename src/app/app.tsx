import { QueryClientProvider, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { lazy, Suspense, useEffect, useState } from "react";
import type { LinkKind } from "@contract/auth.ts";
import { Spinner } from "@/components/ui/spinner.tsx";
import { onSessionEnded } from "@/lib/api-client.ts";
import { ADMIN_URL, goTo, INBOX_URL, INSIGHTS_URL, useAppPath } from "@/lib/app-path.ts";
import { sessionKeys } from "@/shared/query-keys.ts";
import { endSession, useSession } from "@/shared/session-query.ts";
import { useAuthStatus } from "@/features/auth/api/get-auth-status.ts";
import { AgentMenu } from "@/features/auth/components/agent-menu.tsx";
import { AuthUnavailableScreen } from "@/features/auth/components/auth-unavailable-screen.tsx";
import { SetupRequiredScreen } from "@/features/auth/components/setup-required-screen.tsx";
import { SignInScreen } from "@/features/auth/components/sign-in-screen.tsx";
import { ErrorBoundary } from "@/app/error-boundary.tsx";
import { createQueryClient } from "@/app/query-client.ts";
import { Shell } from "@/app/shell.tsx";
import { useTheme } from "@/app/use-theme.ts";

// Pages few visits need load on demand, so the inbox's first load stays small: the admin page, the insights page
// (with its chart library), and the one-time link pages (setup, invitation, password reset).
const AdminPage = lazy(() =>
  import("@/features/admin/components/admin-page.tsx").then((m) => ({ default: m.AdminPage })),
);
const InsightsPage = lazy(() =>
  import("@/features/insights/components/insights-page.tsx").then((m) => ({ default: m.InsightsPage })),
);
const LinkScreen = lazy(() =>
  import("@/features/auth/components/link-screen.tsx").then((m) => ({ default: m.LinkScreen })),
);
const pageLoading = (
  <main className="flex min-h-full items-center justify-center p-6">
    <Spinner label="Loading" />
  </main>
);

const SESSION_ENDED_NOTE = "Your session ended. Sign in again.";

const linkPaths: Record<string, LinkKind> = {
  "/setup": "setup",
  "/invite": "invite",
  "/reset-password": "reset",
};

interface OpenLink {
  kind: LinkKind;
  token: string;
}

/** A one-time link's page and token (`/invite#token=…`), read once when the app starts. */
function linkFromLocation(): OpenLink | null {
  const kind = linkPaths[window.location.pathname];
  if (!kind) return null;
  const token = new URLSearchParams(window.location.hash.slice(1)).get("token");
  return token === null ? null : { kind, token };
}

function Loading({ label }: { label: string }) {
  return (
    <main className="flex min-h-full items-center justify-center bg-canvas">
      <Spinner label={label} />
    </main>
  );
}

/**
 * Who may see what: a one-time link's page first, then the auth status (setup required?), then the session
 * (sign-in), then the inbox or the admin page. A 401 from any request or the live stream ends the session here.
 */
function Gate() {
  useTheme();
  const qc = useQueryClient();
  const path = useAppPath();
  const status = useAuthStatus();
  const session = useSession();
  const [link, setLink] = useState(linkFromLocation);
  const [note, setNote] = useState<string | null>(null);

  // The token stays in memory only: take it out of the address bar (and so out of history and screenshots).
  useEffect(() => {
    if (linkPaths[window.location.pathname] && window.location.hash)
      window.history.replaceState(
        window.history.state,
        "",
        `${window.location.pathname}${window.location.search}`,
      );
  }, []);

  useEffect(
    () =>
      onSessionEnded(() => {
        if (!qc.getQueryData(sessionKeys.current())) return;
        endSession(qc);
        setNote(SESSION_ENDED_NOTE);
      }),
    [qc],
  );

  // A new session clears the note about the previous one (state adjusted while rendering, not in an effect).
  const signedIn = Boolean(session.data);
  const [wasSignedIn, setWasSignedIn] = useState(signedIn);
  if (signedIn !== wasSignedIn) {
    setWasSignedIn(signedIn);
    if (signedIn) setNote(null);
  }

  const signedInFromLink = () => {
    setLink(null);
    goTo(INBOX_URL, { replace: true });
  };
  const leaveLink = () => {
    setLink(null);
    goTo("/", { replace: true });
  };

  if (link)
    return (
      <Suspense fallback={pageLoading}>
        <LinkScreen kind={link.kind} token={link.token} onSignedIn={signedInFromLink} onLeave={leaveLink} />
      </Suspense>
    );
  if (status.isPending) return <Loading label="Loading Baton" />;
  if (status.isError)
    return (
      <AuthUnavailableScreen
        error={status.error}
        onRetry={() => void status.refetch()}
        retrying={status.isFetching}
      />
    );
  if (status.data.setupRequired) return <SetupRequiredScreen />;
  if (session.isPending) return <Loading label="Checking your session" />;
  if (session.isError)
    return (
      <AuthUnavailableScreen
        error={session.error}
        onRetry={() => void session.refetch()}
        retrying={session.isFetching}
      />
    );
  if (!session.data) return <SignInScreen note={note} />;
  if (path === ADMIN_URL) {
    return (
      <Suspense fallback={pageLoading}>
        <AdminPage accountMenu={<AgentMenu placement="down" compact />} />
      </Suspense>
    );
  }
  if (path === INSIGHTS_URL) {
    return (
      <Suspense fallback={pageLoading}>
        <InsightsPage accountMenu={<AgentMenu placement="down" compact />} />
      </Suspense>
    );
  }
  return <InboxAtRoot path={path} />;
}

/** The inbox lives at `/`: a link page left in the address bar (its token already used or absent) becomes `/`. */
function InboxAtRoot({ path }: { path: string }) {
  useEffect(() => {
    if (linkPaths[path]) goTo(`/${window.location.search}`, { replace: true });
  }, [path]);
  return <Shell />;
}

/** Providers and the sign-in gate. */
export function App({ queryClient }: { queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <ErrorBoundary>
      <QueryClientProvider client={client}>
        <Gate />
      </QueryClientProvider>
    </ErrorBoundary>
  );
}
