import { useId, useState } from "react";
import { inviteBody, role as roleSchema, type OneTimeLink, type Role } from "@contract/auth.ts";
import { Badge } from "@/components/ui/badge.tsx";
import { Button } from "@/components/ui/button.tsx";
import { Spinner } from "@/components/ui/spinner.tsx";
import { errorMessage } from "@/lib/api-client.ts";
import { formatFull } from "@/lib/format.ts";
import { useCreateInvitation } from "@/features/admin/api/create-invitation.ts";
import { useInvitations } from "@/features/admin/api/get-invitations.ts";
import { useRevokeInvitation } from "@/features/admin/api/revoke-invitation.ts";
import { OneTimeLinkDialog } from "@/features/admin/components/one-time-link-dialog.tsx";
import { roleHelp, roleLabel } from "@/features/admin/labels.ts";

/** Invite by email and role (the link is shown once), and the invitations not accepted yet, each revocable. */
export function InvitationsPanel() {
  const invitations = useInvitations();
  const create = useCreateInvitation();
  const revoke = useRevokeInvitation();
  const emailId = useId();
  const roleId = useId();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const [invalid, setInvalid] = useState<string | null>(null);
  const [shown, setShown] = useState<{ link: OneTimeLink; email: string } | null>(null);
  const problem = invalid ?? (create.error ? errorMessage(create.error) : null);

  return (
    <section aria-labelledby="invitations-heading" className="flex flex-col gap-3">
      <h2 id="invitations-heading" className="text-base font-semibold">
        Invitations
      </h2>
      <form
        noValidate
        className="flex flex-col gap-3 rounded-xl border border-line bg-surface p-4 shadow-card sm:flex-row sm:items-end"
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = inviteBody.safeParse({ email, role });
          if (!parsed.success) {
            setInvalid(parsed.error.issues[0]?.message ?? "Enter an email address.");
            document.getElementById(emailId)?.focus();
            return;
          }
          setInvalid(null);
          create.mutate(parsed.data, {
            onSuccess: (link) => {
              setShown({ link, email: parsed.data.email });
              setEmail("");
            },
          });
        }}
      >
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <label htmlFor={emailId} className="text-sm font-medium">
            Email
          </label>
          <input
            id={emailId}
            type="email"
            autoComplete="off"
            spellCheck={false}
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={problem ? true : undefined}
            aria-describedby={problem ? `${emailId}-problem` : undefined}
            placeholder="name@shop.example"
            className="h-9 rounded-lg border border-line-strong bg-surface px-3 text-sm text-fg placeholder:text-muted"
          />
        </div>
        <div className="flex flex-col gap-1 sm:w-40">
          <label htmlFor={roleId} className="text-sm font-medium">
            Role
          </label>
          <select
            id={roleId}
            value={role}
            onChange={(e) => setRole(roleSchema.parse(e.target.value))}
            aria-describedby={`${roleId}-help`}
            className="h-9 rounded-lg border border-line-strong bg-surface px-2 text-sm text-fg"
          >
            {roleSchema.options.map((r) => (
              <option key={r} value={r}>
                {roleLabel[r]}
              </option>
            ))}
          </select>
        </div>
        <Button type="submit" variant="primary" className="h-9" disabled={create.isPending}>
          {create.isPending ? "Inviting…" : "Invite"}
        </Button>
      </form>
      <p id={`${roleId}-help`} className="-mt-1 px-1 text-xs text-muted">
        {roleLabel[role]}: {roleHelp[role]}.
      </p>
      {problem ? (
        <p id={`${emailId}-problem`} role="alert" className="px-1 text-sm text-danger">
          {problem}
        </p>
      ) : null}

      <h3 className="mt-2 text-sm font-semibold">Waiting to be accepted</h3>
      {invitations.isPending ? <Spinner label="Loading invitations" /> : null}
      {invitations.isError ? (
        <p role="alert" className="text-sm text-danger">
          Could not load the invitations: {errorMessage(invitations.error)}
        </p>
      ) : null}
      {revoke.isError ? (
        <p role="alert" className="text-sm text-danger">
          Could not revoke the invitation: {errorMessage(revoke.error)}
        </p>
      ) : null}
      {invitations.data?.length === 0 ? (
        <p className="text-sm text-muted">No invitation is waiting.</p>
      ) : null}
      {invitations.data?.length ? (
        <ul
          aria-label="Pending invitations"
          className="divide-y divide-line rounded-xl border border-line bg-surface shadow-card"
        >
          {invitations.data.map((inv) => (
            <li key={inv.id} className="flex flex-wrap items-center gap-x-4 gap-y-1 px-4 py-3">
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium">{inv.email}</p>
                <p className="text-xs text-muted">
                  {inv.invitedBy ? `Invited by ${inv.invitedBy} · ` : ""}expires {formatFull(inv.expiresAt)}
                </p>
              </div>
              <Badge tone={inv.role === "agent" ? "neutral" : "accent"}>{roleLabel[inv.role]}</Badge>
              <Button
                size="sm"
                variant="ghost"
                className="text-danger hover:bg-danger-soft"
                onClick={() => revoke.mutate(inv.id)}
              >
                Revoke <span className="sr-only">the invitation of {inv.email}</span>
              </Button>
            </li>
          ))}
        </ul>
      ) : null}

      <OneTimeLinkDialog
        link={shown?.link ?? null}
        title={shown ? `Invitation for ${shown.email}` : "Invitation"}
        recipient={shown?.email ?? ""}
        purpose="Whoever opens it chooses their name and password and joins with the role you picked."
        onClose={() => setShown(null)}
      />
    </section>
  );
}
