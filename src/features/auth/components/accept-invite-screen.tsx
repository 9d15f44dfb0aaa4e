import { useState } from "react";
import { acceptInviteBody, type LinkInfo } from "@contract/auth.ts";
import { Button } from "@/components/ui/button.tsx";
import { ApiRequestError } from "@/lib/api-client.ts";
import { formatFull } from "@/lib/format.ts";
import { useAcceptInvite } from "@/features/auth/api/accept-invite.ts";
import { describeAuthError, fieldErrors } from "@/features/auth/auth-errors.ts";
import { AuthAlert } from "@/features/auth/components/auth-alert.tsx";
import { AuthLayout } from "@/features/auth/components/auth-layout.tsx";
import { PasswordField } from "@/features/auth/components/password-field.tsx";
import { TextField } from "@/features/auth/components/text-field.tsx";

export interface AcceptInviteScreenProps {
  token: string;
  /** What the link is for (POST /api/auth/link): the invited email and role. */
  info: LinkInfo;
  onSignedIn: () => void;
}

/** An invitation link: shows who was invited and as what, then asks for a name and a password. */
export function AcceptInviteScreen({ token, info, onSignedIn }: AcceptInviteScreenProps) {
  const accept = useAcceptInvite();
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const errors = {
    ...(accept.error instanceof ApiRequestError ? fieldErrors(accept.error) : {}),
    ...invalid,
  };
  const problem = accept.error ? describeAuthError(accept.error) : null;

  return (
    <AuthLayout
      title="Join your team on Baton"
      description="You were invited to answer the shop's Messenger conversations."
    >
      <dl className="mb-5 grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 rounded-lg border border-line bg-surface-2 px-4 py-3 text-sm">
        <dt className="text-muted">Email</dt>
        <dd className="min-w-0 font-medium break-all">{info.email ?? "—"}</dd>
        <dt className="text-muted">Role</dt>
        <dd className="font-medium capitalize">{info.role ?? "agent"}</dd>
        <dt className="text-muted">Link valid until</dt>
        <dd>{formatFull(info.expiresAt)}</dd>
      </dl>
      {problem ? <AuthAlert tone={problem.tone}>{problem.text}</AuthAlert> : null}
      <form
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = acceptInviteBody.safeParse({ token, name, password });
          if (!parsed.success) {
            const next = fieldErrors(parsed.error);
            setInvalid(next);
            e.currentTarget
              .querySelector<HTMLInputElement>(`[name="${Object.keys(next)[0] ?? "name"}"]`)
              ?.focus();
            return;
          }
          setInvalid({});
          accept.mutate(parsed.data, { onSuccess: onSignedIn });
        }}
      >
        {/* The invited email, for password managers: it is the account's username. */}
        <input
          type="email"
          name="username"
          autoComplete="username"
          value={info.email ?? ""}
          readOnly
          hidden
        />
        <TextField
          label="Your name"
          name="name"
          autoComplete="name"
          hint="Customers do not see it; your team does."
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.name}
        />
        <PasswordField
          label="Choose a password"
          name="password"
          autoComplete="new-password"
          hint="At least 10 characters."
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
        <Button type="submit" variant="primary" size="lg" disabled={accept.isPending} className="mt-1 w-full">
          {accept.isPending ? "Creating your account…" : "Create my account"}
        </Button>
      </form>
    </AuthLayout>
  );
}
