import { create } from "zustand";
import { persist } from "zustand/middleware";

/**
 * Who is signed in. There is no password auth yet: the agent picks themselves and the choice is remembered.
 * This is UI state (which identity the browser speaks as), not server state.
 */
interface SessionState {
  agentId: string | null;
  signIn: (agentId: string) => void;
  signOut: () => void;
}

export const useSessionStore = create<SessionState>()(
  persist(
    (set) => ({
      agentId: null,
      signIn: (agentId) => set({ agentId }),
      signOut: () => set({ agentId: null }),
    }),
    { name: "baton.session" },
  ),
);

export function currentAgentId(): string | null {
  return useSessionStore.getState().agentId;
}
