import { Button } from "@/components/ui/button.tsx";
import { useAuthStatus } from "@/features/auth/api/get-auth-status.ts";
import { AuthLayout } from "@/features/auth/components/auth-layout.tsx";

/** No account exists yet and no setup link was opened: point to the one-time link Baton printed in its console. */
export function SetupRequiredScreen() {
  const status = useAuthStatus();
  return (
    <AuthLayout title="Set up Baton" description="No account exists yet.">
      <div className="flex flex-col gap-3 text-sm">
        <p>
          The first account is an admin, created from a <strong>one-time setup link</strong>. Baton printed
          that link in its console (the terminal or log where it started). It looks like this:
        </p>
        <p className="rounded-lg border border-line bg-surface-2 px-3 py-2 font-mono text-xs break-all">
          {window.location.origin}/setup#token=<span className="text-muted">…</span>
        </p>
        <p>
          Open it in this browser to choose the admin's name, email and password. The admin then invites the
          rest of the team.
        </p>
        <p className="text-muted">The link works once. If it expired, restart Baton to print a new one.</p>
      </div>
      <Button className="mt-5 w-full" onClick={() => void status.refetch()} disabled={status.isFetching}>
        {status.isFetching ? "Checking…" : "Check again"}
      </Button>
    </AuthLayout>
  );
}
