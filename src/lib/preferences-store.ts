import { create } from "zustand";
import { persist } from "zustand/middleware";

export type ThemePreference = "system" | "light" | "dark";

interface PreferencesState {
  notifyOnEscalation: boolean;
  theme: ThemePreference;
  setNotifyOnEscalation: (on: boolean) => void;
  setTheme: (theme: ThemePreference) => void;
}

export const usePreferencesStore = create<PreferencesState>()(
  persist(
    (set) => ({
      notifyOnEscalation: false,
      theme: "system",
      setNotifyOnEscalation: (notifyOnEscalation) => set({ notifyOnEscalation }),
      setTheme: (theme) => set({ theme }),
    }),
    { name: "baton.preferences" },
  ),
);
