import { useRef, useState } from "react";
import { signInBody, type AuthStatus } from "@contract/auth.ts";
import { Avatar } from "@/components/ui/avatar.tsx";
import { useAuthStatus } from "@/features/auth/api/get-auth-status.ts";
import { useDemoSignIn } from "@/features/auth/api/demo-sign-in.ts";
import { useSignIn } from "@/features/auth/api/sign-in.ts";
import { useValidatedSubmit } from "@/features/auth/use-validated-submit.ts";
import { AuthAlert } from "@/features/auth/components/auth-alert.tsx";
import { AuthForm } from "@/features/auth/components/auth-form.tsx";
import { AuthLayout } from "@/features/auth/components/auth-layout.tsx";
import { EmailField } from "@/features/auth/components/email-field.tsx";
import { PasswordField } from "@/features/auth/components/password-field.tsx";

type DemoAgent = NonNullable<AuthStatus["demoAgents"]>[number];

function DemoTeam({
  agents,
  pending,
  onPick,
}: {
  agents: DemoAgent[];
  pending: boolean;
  onPick: (agent: DemoAgent) => void;
}) {
  return (
    <section aria-labelledby="demo-team-heading" className="mt-6 border-t border-line pt-5">
      <h2 id="demo-team-heading" className="text-sm font-semibold">
        Demo team
      </h2>
      <p className="mt-0.5 text-xs text-muted">
        This local demo signs in with one click, or type an email and password shown here.
      </p>
      <ul className="mt-3 flex flex-col gap-2">
        {agents.map((agent) => (
          <li key={agent.id} className="rounded-lg border border-line">
            <button
              type="button"
              disabled={pending}
              onClick={() => onPick(agent)}
              className="flex w-full cursor-pointer items-center gap-3 rounded-t-lg px-3 pt-2.5 pb-1 text-left hover:bg-accent-soft disabled:cursor-wait disabled:opacity-60"
            >
              <Avatar name={agent.name} />
              <span className="flex-1 text-sm font-medium">Sign in as {agent.name}</span>
            </button>
            <dl className="flex flex-wrap gap-x-3 gap-y-0.5 px-3 pb-2.5 pl-14 text-xs text-muted">
              <div className="flex gap-1">
                <dt className="sr-only">Role</dt>
                <dd className="capitalize">{agent.role}</dd>
              </div>
              <div className="flex min-w-0 gap-1">
                <dt>Email</dt>
                <dd className="font-mono break-all text-fg">{agent.email}</dd>
              </div>
              <div className="flex min-w-0 gap-1">
                <dt>Password</dt>
                <dd className="font-mono break-all text-fg">{agent.password}</dd>
              </div>
            </dl>
          </li>
        ))}
      </ul>
    </section>
  );
}

export interface SignInScreenProps {
  /** Why the agent is here again ("Your session ended. Sign in again."). */
  note?: string | null;
}

/** Email and password, with the local demo's team as one-click buttons when the server offers them. */
export function SignInScreen({ note = null }: SignInScreenProps) {
  const status = useAuthStatus();
  const signIn = useSignIn();
  const demoSignIn = useDemoSignIn();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const passwordRef = useRef<HTMLInputElement>(null);
  // A refused sign-in says why above the form, not under the fields.
  const { errors, onSubmit } = useValidatedSubmit({
    schema: signInBody,
    values: { email, password },
    send: (body) => {
      demoSignIn.reset();
      signIn.mutate(body, { onError: () => passwordRef.current?.select() });
    },
  });
  const failed = signIn.error ?? demoSignIn.error;
  const pending = signIn.isPending || demoSignIn.isPending;

  return (
    <AuthLayout title="Sign in to Baton">
      {note && !failed ? <AuthAlert tone="info">{note}</AuthAlert> : null}
      <AuthForm
        error={failed}
        onSubmit={onSubmit}
        submitLabel="Sign in"
        pendingLabel="Signing in…"
        pending={signIn.isPending}
        disabled={pending}
      >
        <EmailField value={email} onChange={setEmail} error={errors.email} />
        <PasswordField
          ref={passwordRef}
          label="Password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.password}
        />
      </AuthForm>
      <p className="mt-4 text-xs text-muted">
        Forgot your password? Ask an admin of your team for a reset link.
      </p>
      {status.data?.demoAgents?.length ? (
        <DemoTeam
          agents={status.data.demoAgents}
          pending={pending}
          onPick={(agent) => {
            signIn.reset();
            demoSignIn.mutate(agent.id);
          }}
        />
      ) : null}
    </AuthLayout>
  );
}
