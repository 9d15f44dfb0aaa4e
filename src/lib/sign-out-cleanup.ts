/**
 * What a browser forgets when someone signs out on purpose: UI state kept in localStorage that belongs to the
 * person (reply drafts), so the next person at a shared computer does not see it. Stores register themselves; the
 * sign-out mutations run the cleanups. A session that merely expired keeps them, for the same agent to sign back in.
 */
const cleanups = new Set<() => void>();

export function onSignOut(cleanup: () => void): void {
  cleanups.add(cleanup);
}

export function forgetPersonalState(): void {
  for (const cleanup of cleanups) cleanup();
}
