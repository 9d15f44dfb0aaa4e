import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useSessionStore } from "@/lib/session-store.ts";
import { SignInScreen } from "@/features/auth/components/sign-in-screen.tsx";
import { ErrorBoundary } from "@/app/error-boundary.tsx";
import { createQueryClient } from "@/app/query-client.ts";
import { Shell } from "@/app/shell.tsx";
import { useTheme } from "@/app/use-theme.ts";

function Gate() {
  const agentId = useSessionStore((s) => s.agentId);
  useTheme();
  return agentId ? <Shell /> : <SignInScreen />;
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
