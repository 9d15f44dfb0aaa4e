import { Component, type ErrorInfo, type ReactNode } from "react";

interface State {
  error: Error | null;
}

/** Last line of defence: a readable message and a reload instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };
  static getDerivedStateFromError(error: Error): State {
    return { error };
  }
  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error("Baton crashed", error, info.componentStack);
  }
  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <main className="flex h-full flex-col items-center justify-center gap-3 p-8 text-center">
        <div role="alert" className="flex flex-col items-center gap-3">
          <h1 className="text-lg font-semibold">Something broke in Baton</h1>
          <p className="max-w-md text-sm text-muted">{this.state.error.message}</p>
        </div>
        <button
          type="button"
          className="rounded-md bg-accent px-3 py-1.5 text-sm text-accent-fg"
          onClick={() => window.location.reload()}
        >
          Reload
        </button>
      </main>
    );
  }
}
