import type { ReactNode } from "react";
import { useAuthStatus } from "@/features/auth/api/get-auth-status.ts";

export interface AuthLayoutProps {
  title: string;
  /** Under the title; the Page's name when not given. */
  description?: ReactNode;
  children: ReactNode;
  /** Below the card (help, a way back). */
  footer?: ReactNode;
}

/** The frame of every screen before the inbox: Baton's mark, a heading, one card, centred on any screen size. */
export function AuthLayout({ title, description, children, footer }: AuthLayoutProps) {
  const status = useAuthStatus();
  return (
    <main className="flex min-h-full flex-col items-center justify-center bg-canvas px-4 py-8 sm:px-6">
      <div className="w-full max-w-md">
        <div className="rounded-2xl border border-line bg-surface p-5 shadow-card sm:p-8">
          <div className="mb-6 flex items-start gap-3">
            <img src="/baton.svg" alt="" className="h-9 w-9 shrink-0" />
            <div className="min-w-0">
              <h1 className="text-lg leading-tight font-semibold">{title}</h1>
              <p className="mt-0.5 text-sm text-muted">{description ?? status.data?.pageName ?? "\u00a0"}</p>
            </div>
          </div>
          {children}
        </div>
        {footer ? <div className="mt-4 px-1 text-center text-sm text-muted">{footer}</div> : null}
      </div>
    </main>
  );
}
