import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "@/app/app.tsx";
import { mockDb } from "@/mocks/node.ts";

export function testQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: { queries: { retry: false, gcTime: Infinity }, mutations: { retry: false } },
  });
}

/** Renders the whole SPA at a URL, the mock server's session signed in as an agent (or not, with agentId null). */
export function renderApp(url = "/?view=open", agentId: string | null = "agent-ana") {
  window.history.replaceState(null, "", url);
  if (agentId) mockDb.auth.signInAs(agentId);
  else mockDb.auth.signOut();
  const user = userEvent.setup();
  const queryClient = testQueryClient();
  const utils = render(<App queryClient={queryClient} />);
  return { user, queryClient, ...utils };
}
