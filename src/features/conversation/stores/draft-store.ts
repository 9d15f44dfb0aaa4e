import { create } from "zustand";
import { persist } from "zustand/middleware";
import { onSignOut } from "@/lib/sign-out-cleanup.ts";

/** Reply drafts per conversation, kept across reloads (UI state, never sent anywhere). */
interface DraftState {
  drafts: Record<string, string>;
  setDraft: (conversationId: string, text: string) => void;
  clearDraft: (conversationId: string) => void;
}

export const useDraftStore = create<DraftState>()(
  persist(
    (set) => ({
      drafts: {},
      setDraft: (conversationId, text) =>
        set((s) => {
          if (!text) {
            const { [conversationId]: _gone, ...rest } = s.drafts;
            return { drafts: rest };
          }
          return { drafts: { ...s.drafts, [conversationId]: text } };
        }),
      clearDraft: (conversationId) =>
        set((s) => {
          const { [conversationId]: _gone, ...rest } = s.drafts;
          return { drafts: rest };
        }),
    }),
    { name: "baton.drafts" },
  ),
);

onSignOut(() => useDraftStore.setState({ drafts: {} }));
