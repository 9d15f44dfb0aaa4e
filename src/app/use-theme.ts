import { useEffect } from "react";
import { usePreferencesStore } from "@/lib/preferences-store.ts";

/** Applies the theme preference as a class on <html>; "system" follows prefers-color-scheme. */
export function useTheme(): void {
  const theme = usePreferencesStore((s) => s.theme);
  useEffect(() => {
    const root = document.documentElement;
    root.classList.toggle("dark", theme === "dark");
    root.classList.toggle("light", theme === "light");
  }, [theme]);
}
