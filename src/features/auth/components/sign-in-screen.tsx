import { useRef, useState } from "react";
import { signInBody, type AuthStatus } from "@contract/auth.ts";
import { Avatar } from "@/components/ui/avatar.tsx";
import { Button } from "@/components/ui/button.tsx";
import { useAuthStatus } from "@/features/auth/api/get-auth-status.ts";
import { useDemoSignIn } from "@/features/auth/api/demo-sign-in.ts";
import { useSignIn } from "@/features/auth/api/sign-in.ts";
import { describeAuthError, fieldErrors } from "@/features/auth/auth-errors.ts";
import { AuthAlert } from "@/features/auth/components/auth-alert.tsx";
import { AuthLayout } from "@/features/auth/components/auth-layout.tsx";
import { PasswordField } from "@/features/auth/components/password-field.tsx";
import { TextField } from "@/features/auth/components/text-field.tsx";

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
  const [invalid, setInvalid] = useState<Record<string, string>>({});
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const failed = signIn.error ?? demoSignIn.error;
  const problem = failed ? describeAuthError(failed) : null;
  const pending = signIn.isPending || demoSignIn.isPending;

  return (
    <AuthLayout title="Sign in to Baton">
      {note && !failed ? <AuthAlert tone="info">{note}</AuthAlert> : null}
      {problem ? <AuthAlert tone={problem.tone}>{problem.text}</AuthAlert> : null}
      <form
        noValidate
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          const parsed = signInBody.safeParse({ email, password });
          if (!parsed.success) {
            const errors = fieldErrors(parsed.error);
            setInvalid(errors);
            (errors.email ? emailRef : passwordRef).current?.focus();
            return;
          }
          setInvalid({});
          demoSignIn.reset();
          signIn.mutate(parsed.data, { onError: () => passwordRef.current?.select() });
        }}
      >
        <TextField
          ref={emailRef}
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          inputMode="email"
          spellCheck={false}
          autoCapitalize="off"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={invalid.email}
        />
        <PasswordField
          ref={passwordRef}
          label="Password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={invalid.password}
        />
        <Button type="submit" variant="primary" size="lg" disabled={pending} className="mt-1 w-full">
          {signIn.isPending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
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
